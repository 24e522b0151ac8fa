/**
 * Checkout.com webhooks: `{id: "evt_…", type, created_on, data: {…}, _links}` POSTed as JSON with
 * `Cko-Signature` = hex HMAC-SHA256 of the exact body bytes, keyed with the merchant's webhook
 * signature key (the signing key of the payment's processing channel, else the first one). Any 2xx
 * acknowledges; anything else is retried by the outbox.
 */
import { createHmac } from 'node:crypto';
import { pooledRandomBytes } from '../../core/random-bytes.js';
import type { CustomerLinks } from '../../core/ports/customer-links.js';
import type { CoreEvent } from '../../core/events.js';
import type { Payment, Preapproval, Refund } from '../../core/model.js';
import type { DialectNotifications, NotificationRenderer, RenderKey, RenderedNotification } from '../../core/ports/notify.js';
import { ckoId } from './ids.js';
import { balancesOf, customerOf, extrasOf, selfLinks, sourceOf } from './mappers.js';
import { PAYMENT_EVENTS, REFUND_EVENTS, RESPONSE } from './statuses.js';

export function ckoSignature(body: string, key: string): string {
  return createHmac('sha256', key).update(body, 'utf8').digest('hex');
}

function eventId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let id = 'evt_';
  for (const b of pooledRandomBytes(26)) id += alphabet[b & 31];
  return id;
}

function response(type: string, p: Payment, r?: Refund) {
  if (type === 'payment_pending' || type === 'payment_refund_pending') return RESPONSE.pending;
  if (type === 'payment_declined' || type === 'payment_refund_declined') {
    return { code: RESPONSE.declined.code, summary: (r ?? p).failureMessage ?? RESPONSE.declined.summary };
  }
  if (type === 'payment_canceled' || type === 'payment_expired') return null;
  return RESPONSE.approved;
}

function actionId(type: string, p: Payment, r?: Refund): string | undefined {
  if (r) return ckoId('refund', r.id);
  if (type === 'payment_approved' || type === 'payment_declined') return ckoId('authorization', p.id);
  if (type === 'payment_captured') return ckoId('capture', p.id);
  return undefined;
}

function render(type: string, p: Payment, links: CustomerLinks, key: RenderKey, r?: Refund, stored?: Preapproval): RenderedNotification {
  const x = extrasOf(p);
  const { self, actions } = selfLinks(p, links);
  const res = response(type, p, r);
  const action = actionId(type, p, r);
  const customer = customerOf(p);
  const at = (r ?? p).updatedAt.toISOString();
  const data = {
    id: ckoId('payment', p.id),
    ...(action ? { action_id: action } : {}),
    reference: r?.reference ?? p.reference,
    amount: r ? r.amount : type === 'payment_captured' ? p.capturedAmount : p.amount,
    currency: p.currency,
    processed_on: at,
    ...(res ? { response_code: res.code, response_summary: res.summary } : {}),
    payment_type: x.paymentType ?? 'Regular',
    source: sourceOf(p, stored),
    ...(customer ? { customer } : {}),
    balances: balancesOf(p),
    ...(x.metadata ? { metadata: x.metadata } : {}),
    ...(x.processingChannelId ? { processing_channel_id: x.processingChannelId } : {}),
    event_links: { payment: self, payment_actions: actions },
  };
  const body = JSON.stringify({ id: eventId(), type, created_on: at, data, _links: { self: { href: self }, payment: { href: self } } });
  return {
    event: type,
    body,
    headers: { 'Content-Type': 'application/json', 'Cko-Signature': ckoSignature(body, key.secret) },
    ack: 'status_2xx',
  };
}

function signingKey(keys: RenderKey[], channel: unknown): RenderKey | undefined {
  const signing = keys.filter((k) => k.kind === 'signing_key');
  return signing.find((k) => k.keyId === channel) ?? signing[0];
}

/** Empty when the event raises no Checkout.com webhook; null when the merchant has no signature key. */
export const renderCheckoutcomNotification = (
  event: CoreEvent,
  ctx: Parameters<NotificationRenderer>[1],
): RenderedNotification[] | null => {
  if (event.type === 'preapproval.updated') return [];
  const payment = event.payment;
  const key = signingKey(ctx.keys, extrasOf(payment).processingChannelId);
  if (!key) return null;
  if (event.type === 'refund.updated') return [render(REFUND_EVENTS[event.refund.status], payment, ctx.links, key, event.refund)];
  // a first Recurring payment names the src_ its approval stored
  return PAYMENT_EVENTS[payment.status].map((type) => render(type, payment, ctx.links, key, undefined, event.storedAgreement));
};

export const checkoutcomNotifications: DialectNotifications = {
  raises: (event) =>
    event.type === 'refund.updated' || (event.type === 'payment.updated' && PAYMENT_EVENTS[event.payment.status].length > 0),
  render: renderCheckoutcomNotification,
};
