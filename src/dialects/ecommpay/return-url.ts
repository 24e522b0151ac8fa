/**
 * Where the customer goes after the wallet: `return_url.success` (Payment Page merchant_success_url)
 * when the payment went through, `return_url.decline` (merchant_fail_url) when it did not, and
 * `return_url.return` when the one that applies was not given. ecommpay adds nothing to them: the
 * merchant learns the result from the callback (or the status request), never from the browser.
 */
import type { CustomerRecord } from '../../core/payments/complete-customer-return.js';
import { PAID_STATUSES } from '../../core/transitions.js';
import { extrasOf } from './extras.js';

export function ecommpayReturnUrl(rec: CustomerRecord): string | null {
  if (rec.kind !== 'payment') return null;
  const p = rec.payment;
  const urls = extrasOf(p).returnUrls;
  const fitting = PAID_STATUSES.has(p.status) ? urls.success : urls.decline;
  return fitting ?? urls.return ?? p.returnUrl;
}
