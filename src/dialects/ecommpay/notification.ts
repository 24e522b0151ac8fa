/**
 * ecommpay callbacks (seed 003, en_Gate_Callbacks): JSON POSTed to `general.merchant_callback_url`
 * when the sale named one, else to the merchant's notification URL; signed with the project's secret
 * key in a top-level `signature`; acknowledged by HTTP 200 only; retried on ecommpay's schedule
 * (./retry-schedule.ts). A payment waiting for the customer sends the intermediate callback whose
 * `display_data` carries the QR code's text (walletgate's landing page for the payment); its end
 * sends the final one; each refund's end sends a refund callback.
 */
import type { CoreEvent } from '../../core/events.js';
import type { Payment } from '../../core/model.js';
import type { CustomerLinks } from '../../core/ports/customer-links.js';
import type { DialectNotifications, NotificationRenderer, RenderKey, RenderedNotification } from '../../core/ports/notify.js';
import { extrasOf } from './extras.js';
import { customerObject, paymentObject, refundOperation, saleOperation, signed } from './mappers.js';
import { ecommpayRetrySchedule } from './retry-schedule.js';
import { REFUND_CALLBACK, SALE_CALLBACK } from './statuses.js';

/** The QR code's content for a payment waiting for the customer: walletgate's landing page, which opens the wallet. */
export function displayData(p: Payment, links: CustomerLinks) {
  return [{ type: 'qr_img', title: 'QR code', data: links.landing(p.customerToken) }];
}

function callback(event: string, body: object, key: RenderKey, url: string | undefined): RenderedNotification {
  const rendered: RenderedNotification = {
    event,
    body: JSON.stringify(signed(body, key.secret)),
    headers: { 'Content-Type': 'application/json' },
    ack: 'status_200',
  };
  // set, not spread after the other keys (ADR 0037)
  if (url !== undefined) rendered.url = url;
  return rendered;
}

/** The project's key: the API key whose key id is the payment's project. */
function projectKey(keys: RenderKey[], projectId: number): RenderKey | undefined {
  return keys.find((k) => k.kind === 'api_key' && k.keyId === String(projectId));
}

export const renderEcommpayCallback = (event: CoreEvent, ctx: Parameters<NotificationRenderer>[1]): RenderedNotification[] | null => {
  if (event.type === 'preapproval.updated') return [];
  const p = event.payment;
  const x = extrasOf(p);
  const key = projectKey(ctx.keys, x.projectId);
  if (!key) return null;
  const head = { project_id: x.projectId, payment: paymentObject(p), customer: customerObject(p) };
  if (event.type === 'refund.updated') {
    if (!REFUND_CALLBACK[event.refund.status]) return [];
    const operation = refundOperation(event.refund, p);
    return [callback(`refund.${operation.status}`, Object.assign({}, head, { operation }), key, x.callbackUrl)];
  }
  const kind = SALE_CALLBACK[p.status];
  if (kind === null) return [];
  const operation = saleOperation(p);
  const body = Object.assign({}, head, kind === 'intermediate' ? { operation, display_data: displayData(p, ctx.links) } : { operation });
  return [callback(`sale.${operation.status.replaceAll(' ', '_')}`, body, key, x.callbackUrl)];
};

export const ecommpayNotifications: DialectNotifications = {
  raises: (event) =>
    (event.type === 'refund.updated' && REFUND_CALLBACK[event.refund.status]) ||
    (event.type === 'payment.updated' && SALE_CALLBACK[event.payment.status] !== null),
  render: renderEcommpayCallback,
  retrySchedule: ecommpayRetrySchedule,
};
