/**
 * What the ecommpay dialect keeps in a payment's (and a refund's) `extras`: the project and the
 * merchant's own ids, the customer, where callbacks go and where the customer is sent back. Gate
 * sales and Payment Page payments write the same shape, so callbacks, the status request and the
 * customer's return read one thing. Pure: to and from the stored JSON, nothing else.
 */

export interface EcommpayReturnUrls {
  /** After a paid payment (Gate return_url.success, Payment Page merchant_success_url). */
  success?: string;
  /** After a declined or expired one (Gate return_url.decline, Payment Page merchant_fail_url). */
  decline?: string;
  /** During or after the payment, when neither of the others applies (Gate return_url.return). */
  return?: string;
}

export interface EcommpayExtras {
  projectId: number;
  /** The merchant's `payment_id` (unique per project; also the payment's reference). */
  paymentId: string;
  /** `customer.id` / `customer_id`. */
  customerId: string;
  /** `customer.ip_address`. */
  customerIp?: string;
  /** `general.merchant_callback_url`: callbacks go here instead of the merchant's notification URL. */
  callbackUrl?: string;
  returnUrls: EcommpayReturnUrls;
  /** `language_code` (Payment Page) or `customer.language`. */
  language?: string;
  /** The request id answered when the payment was accepted: the sale operation's `request_id`. */
  requestId: string;
  /** A Gate sale's fingerprint (requestHash): the same sale again is answered as the first was (ADR 0050). */
  requestHash?: string;
  /** Which of ecommpay's interfaces made the payment. */
  via: 'gate' | 'payment_page';
}

/** What a refund keeps: the request id answered when the refund was accepted. */
export interface EcommpayRefundExtras {
  requestId: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The extras to store, without the fields that are not set (a callback never carries null). */
export function toExtras(x: EcommpayExtras): Record<string, unknown> {
  const returnUrls = Object.fromEntries(Object.entries(x.returnUrls).filter(([, v]) => typeof v === 'string'));
  return Object.fromEntries(Object.entries({ ...x, returnUrls }).filter(([, v]) => v !== undefined && v !== null));
}

/**
 * A stored payment's extras, read back; fields a record lacks are defaulted, never null. Read several
 * times a callback: written out field by field, without building entries to filter.
 */
export function extrasOf(p: { extras: Record<string, unknown>; reference: string }): EcommpayExtras {
  const e = p.extras;
  const urls = (e.returnUrls ?? {}) as Record<string, unknown>;
  const returnUrls: EcommpayReturnUrls = {};
  const success = text(urls.success);
  if (success !== undefined) returnUrls.success = success;
  const decline = text(urls.decline);
  if (decline !== undefined) returnUrls.decline = decline;
  const back = text(urls.return);
  if (back !== undefined) returnUrls.return = back;
  const x: EcommpayExtras = {
    projectId: typeof e.projectId === 'number' ? e.projectId : 0,
    paymentId: text(e.paymentId) ?? p.reference,
    customerId: text(e.customerId) ?? '',
    returnUrls,
    requestId: text(e.requestId) ?? '',
    via: e.via === 'payment_page' ? 'payment_page' : 'gate',
  };
  const customerIp = text(e.customerIp);
  if (customerIp !== undefined) x.customerIp = customerIp;
  const callbackUrl = text(e.callbackUrl);
  if (callbackUrl !== undefined) x.callbackUrl = callbackUrl;
  const language = text(e.language);
  if (language !== undefined) x.language = language;
  const requestHash = text(e.requestHash);
  if (requestHash !== undefined) x.requestHash = requestHash;
  return x;
}

export function toRefundExtras(x: EcommpayRefundExtras): Record<string, unknown> {
  return { requestId: x.requestId };
}

export function refundExtrasOf(r: { extras: Record<string, unknown> }): EcommpayRefundExtras {
  return { requestId: text(r.extras.requestId) ?? '' };
}

/**
 * The key that makes `payment_id` unique per project (the payment's `uniqueReference`): Gate sales
 * and Payment Page payments of one project share it, so neither can reuse the other's payment_id.
 */
export function uniquePaymentKey(projectId: number, paymentId: string): string {
  return `ecommpay:${projectId}:${paymentId}`;
}
