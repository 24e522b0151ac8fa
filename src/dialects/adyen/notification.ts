/**
 * Adyen standard webhooks: `{"live":"false","notificationItems":[{"NotificationRequestItem":{…}}]}`,
 * each item signed in additionalData.hmacSignature exactly as Adyen does (HmacValidator): HMAC-SHA256,
 * keyed with the hex-decoded HMAC key, over
 * pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success,
 * base64. Any 2xx acknowledges (Adyen's merchants answer "[accepted]").
 */
import { createHmac } from 'node:crypto';
import type { CoreEvent } from '../../core/events.js';
import type { Payment } from '../../core/model.js';
import type { DialectNotifications, NotificationRenderer, RenderKey, RenderedNotification } from '../../core/ports/notify.js';
import { methodType, tokenData } from './mappers.js';
import { pspReference } from './psp-reference.js';
import { PAYMENT_EVENTS } from './statuses.js';

export interface NotificationItem {
  additionalData: Record<string, string>;
  amount: { currency: string; value: number };
  eventCode: string;
  eventDate: string;
  merchantAccountCode: string;
  merchantReference: string;
  originalReference?: string;
  paymentMethod: string;
  pspReference: string;
  reason: string;
  success: 'true' | 'false';
  operations?: string[];
}

export function hmacSignature(item: NotificationItem, hexKey: string): string {
  const data = [
    item.pspReference,
    item.originalReference ?? '',
    item.merchantAccountCode,
    item.merchantReference,
    String(item.amount.value),
    item.amount.currency,
    item.eventCode,
    item.success,
  ].join(':');
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(data, 'utf8').digest('base64');
}

/** ISO 8601 with the offset, as Adyen writes eventDate. */
function eventDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function accountOf(p: Pick<Payment, 'extras'>): string | undefined {
  const a = p.extras.merchantAccount;
  return typeof a === 'string' ? a : undefined;
}

type Draft = Omit<NotificationItem, 'additionalData' | 'merchantAccountCode'> & { additionalData?: Record<string, string> };

function draftOf(event: CoreEvent): { draft: Draft; account: string | undefined } | null {
  switch (event.type) {
    case 'payment.updated': {
      const p = event.payment;
      const ev = PAYMENT_EVENTS[p.status];
      if (!ev) return null;
      const base = {
        amount: { currency: p.currency, value: p.amount },
        eventDate: eventDate(p.updatedAt),
        merchantReference: p.reference,
        paymentMethod: methodType(p.method),
      };
      if (p.status === 'cancelled' && p.failureCode === 'merchant_cancelled') {
        const draft: Draft = Object.assign({}, base, {
          eventCode: 'CANCELLATION',
          pspReference: pspReference('cancel', p.id),
          originalReference: pspReference('payment', p.id),
          reason: '',
          success: 'true' as const,
        });
        return { draft, account: accountOf(p) };
      }
      const draft: Draft = Object.assign({}, base, {
        eventCode: ev.eventCode,
        pspReference: pspReference('payment', p.id),
        reason: ev.success
          ? p.status === 'expired'
            ? 'Offer closed: the shopper did not complete the payment'
            : ''
          : (p.failureMessage ?? 'Refused'),
        success: ev.success ? ('true' as const) : ('false' as const),
        // KakaoPay captures on approval: a paid payment can only be refunded (a cancel is refused with 167)
        ...(ev.eventCode === 'AUTHORISATION' && ev.success ? { operations: ['REFUND'] } : {}),
        // the token a storePaymentMethod payment created, as Adyen puts it in AUTHORISATION's additionalData
        ...(ev.eventCode === 'AUTHORISATION' && ev.success && event.storedAgreement
          ? { additionalData: tokenData(event.storedAgreement)! }
          : {}),
      });
      return { draft, account: accountOf(p) };
    }
    case 'preapproval.updated': {
      const pre = event.preapproval;
      // Adyen announces a token once, when it is created with a payment; closing one raises nothing.
      if (pre.status !== 'active' || pre.originPaymentId === null) return null;
      const draft: Draft = {
        amount: { currency: pre.currency ?? 'KRW', value: 0 },
        eventCode: 'RECURRING_CONTRACT',
        eventDate: eventDate(pre.updatedAt),
        merchantReference: pre.reference,
        originalReference: pspReference('payment', pre.originPaymentId),
        paymentMethod: methodType(pre.method),
        pspReference: pspReference('token', pre.id),
        reason: '',
        success: 'true',
        additionalData: tokenData(pre)!,
      };
      return { draft, account: undefined };
    }
    case 'refund.updated': {
      const { refund: r, payment: p } = event;
      if (r.status === 'pending') return null;
      const draft: Draft = {
        amount: { currency: r.currency, value: r.amount },
        eventCode: r.status === 'succeeded' ? 'REFUND' : 'REFUND_FAILED',
        eventDate: eventDate(r.updatedAt),
        merchantReference: r.reference ?? p.reference,
        originalReference: pspReference('payment', p.id),
        paymentMethod: methodType(p.method),
        pspReference: pspReference('refund', r.id),
        reason: r.status === 'failed' ? (r.failureMessage ?? 'Refund failed') : '',
        success: 'true',
      };
      return { draft, account: accountOf(p) };
    }
  }
}

function signingKey(keys: RenderKey[], account: string | undefined): RenderKey | undefined {
  const signing = keys.filter((k) => k.kind === 'signing_key');
  return signing.find((k) => k.keyId === account) ?? signing[0];
}

/** Null when the event raises no Adyen webhook or the merchant has no HMAC key to sign with. */
export const renderAdyenNotification = (event: CoreEvent, ctx: Parameters<NotificationRenderer>[1]): RenderedNotification | null => {
  const found = draftOf(event);
  if (!found) return null;
  const key = signingKey(ctx.keys, found.account);
  if (!key) return null;
  const { additionalData, ...rest } = found.draft;
  const item: NotificationItem = Object.assign({}, rest, {
    additionalData: { ...additionalData },
    merchantAccountCode: found.account ?? key.keyId,
  });
  item.additionalData.hmacSignature = hmacSignature(item, key.secret);
  const body = { live: 'false', notificationItems: [{ NotificationRequestItem: item }] };
  return {
    event: `${item.eventCode}.${item.success}`,
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
    ack: 'status_2xx',
  };
};

export const adyenNotifications: DialectNotifications = {
  raises: (event) => draftOf(event) !== null,
  render: renderAdyenNotification,
};
