/**
 * GlobalPay notifications: the API object under its root key, POSTed with the merchant's own
 * `Authorization: Basic base64(SiteID:ApiKey)`; the merchant must answer 204.
 */
import type { CustomerLinks } from '../../core/ports/customer-links.js';
import type { CoreEvent } from '../../core/events.js';
import type { PaymentStatus } from '../../core/model.js';
import type { DialectNotifications, RenderKey } from '../../core/ports/notify.js';
import { apiKeyTag, basicAuthHeader, SIGNING_KEY_EXTRA } from './auth.js';
import { mapPayment, mapPreapproval, mapRefund, type GpObject } from './mappers.js';
import { JSON_CONTENT_TYPE } from './transport.js';

export interface GlobalPayNotificationContext {
  keys: RenderKey[];
  links: CustomerLinks;
}

export interface RenderedNotification {
  event: string;
  body: string;
  headers: Record<string, string>;
  ack: 'status_204';
}

/**
 * Waiting states are not news to a GlobalPay merchant (it already holds the redirect URL and the API
 * shows the payment as Open); only a move into any other state is notified. Pending refunds neither.
 */
const QUIET_PAYMENT_STATUSES: ReadonlySet<PaymentStatus> = new Set(['created', 'pending_customer', 'processing']);

function isQuiet(event: CoreEvent): boolean {
  if (event.type === 'payment.updated') return QUIET_PAYMENT_STATUSES.has(event.payment.status);
  if (event.type === 'refund.updated') return event.refund.status === 'pending';
  return false;
}

function recordOf(event: CoreEvent): { extras: Record<string, unknown> } {
  return event.type === 'payment.updated' ? event.payment : event.type === 'refund.updated' ? event.refund : event.preapproval;
}

/**
 * Signed with the API key the record was made with (as GlobalPay does: seed 004's notifications
 * carry the request's own header), or the site's first key when that one is gone or unknown (records
 * made before keys were remembered); null when the merchant has no GlobalPay key or the event is
 * not news.
 */
export function renderGlobalPayNotification(event: CoreEvent, context: GlobalPayNotificationContext): RenderedNotification | null {
  const apiKeys = context.keys.filter((k) => k.kind === 'api_key');
  const madeWith = recordOf(event).extras[SIGNING_KEY_EXTRA];
  const key = apiKeys.find((k) => apiKeyTag(k.secret) === madeWith) ?? apiKeys[0];
  if (!key || isQuiet(event)) return null;
  const ctx = { siteId: key.keyId, apiKey: key.secret, links: context.links };
  let name: string;
  let body: Record<string, GpObject>;
  switch (event.type) {
    case 'payment.updated': {
      const p = event.payment;
      name = `payment.${p.status}`;
      body = { Payment: mapPayment(p, { siteId: Number(ctx.siteId), links: ctx.links, notificationTime: p.updatedAt }) };
      break;
    }
    case 'preapproval.updated': {
      const p = event.preapproval;
      name = `preapproval.${p.status}`;
      body = { Preapproval: mapPreapproval(p, { siteId: Number(ctx.siteId), links: ctx.links, notificationTime: p.updatedAt }) };
      break;
    }
    case 'refund.updated': {
      const r = event.refund;
      name = `refund.${r.status}`;
      body = { Refund: mapRefund(r, { siteId: Number(ctx.siteId), links: ctx.links, notificationTime: r.updatedAt }) };
      break;
    }
  }
  return {
    event: name,
    body: JSON.stringify(body),
    headers: { Authorization: basicAuthHeader(ctx.siteId, ctx.apiKey), 'Content-Type': JSON_CONTENT_TYPE },
    ack: 'status_204',
  };
}

export const globalpayNotifications: DialectNotifications = {
  raises: (event) => !isQuiet(event),
  render: renderGlobalPayNotification,
};
