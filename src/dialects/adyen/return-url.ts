/**
 * Where the shopper goes after the wallet: the merchant's returnUrl with `redirectResult` added, which
 * the merchant passes to POST /payments/details. The value is the payment's customer token: opaque,
 * unguessable, and only useful together with the merchant's API key.
 */
import { appendQuery } from '../append-query.js';
import type { CustomerRecord } from '../../core/payments/complete-customer-return.js';

export function adyenReturnUrl(rec: CustomerRecord): string | null {
  if (rec.kind !== 'payment' || !rec.payment.returnUrl) return null;
  return appendQuery(rec.payment.returnUrl, [['redirectResult', rec.payment.customerToken]]);
}
