/**
 * Where the customer goes after the wallet: the merchant's ReturnURL with GlobalPay's query
 * parameters appended (`data=<StatusID>`, `MerchantTransactionID=`, and for preapprovals
 * `PreapprovalID=` / `MerchantPreapprovalID=`). The merchant's own query and fragment are kept
 * byte for byte.
 */
import { appendQuery } from '../append-query.js';
import type { CustomerRecord } from '../../core/payments/complete-customer-return.js';
import { PAYMENT_STATUS_MAP, PREAPPROVAL_STATUS_MAP } from './statuses.js';

export function globalpayReturnUrl(rec: CustomerRecord): string | null {
  const params: [string, string][] =
    rec.kind === 'payment'
      ? [
          ['data', String(PAYMENT_STATUS_MAP[rec.payment.status].ID)],
          ['MerchantTransactionID', rec.payment.reference],
        ]
      : [
          ['data', String(PREAPPROVAL_STATUS_MAP[rec.preapproval.status].ID)],
          ['PreapprovalID', String(rec.preapproval.id)],
          ['MerchantPreapprovalID', rec.preapproval.reference],
        ];
  const base = rec.kind === 'payment' ? rec.payment.returnUrl : rec.preapproval.returnUrl;
  if (!base) return null;
  return appendQuery(base, params);
}
