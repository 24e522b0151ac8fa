/**
 * Where the customer goes after the wallet: `success_url` when the payment went through, else
 * `failure_url` (falling back to success_url), with `cko-payment-id=pay_…` added so the merchant's
 * page can look the payment up (GET /payments/{id}) without trusting the browser.
 */
import { appendQuery } from '../append-query.js';
import type { CustomerRecord } from '../../core/payments/complete-customer-return.js';
import { PAID_STATUSES } from '../../core/transitions.js';
import { ckoId } from './ids.js';

export function checkoutcomReturnUrl(rec: CustomerRecord): string | null {
  if (rec.kind !== 'payment') return null;
  const p = rec.payment;
  const ok = PAID_STATUSES.has(p.status);
  const failureUrl = typeof p.extras.failureUrl === 'string' ? p.extras.failureUrl : null;
  const base = ok ? p.returnUrl : (failureUrl ?? p.returnUrl);
  return base ? appendQuery(base, [['cko-payment-id', ckoId('payment', p.id)]]) : null;
}
