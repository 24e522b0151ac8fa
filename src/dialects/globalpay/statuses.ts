/** Core statuses → GlobalPay Status {ID, Info}; exhaustive, so a new core status breaks the build. */
import type { PaymentStatus, PreapprovalStatus, RefundStatus } from '../../core/model.js';

export interface GlobalPayStatus {
  ID: number;
  Info: string;
}

/**
 * `processing` (the customer approved and walletgate is confirming with the wallet, or a
 * recurring charge whose outcome is still being settled) is reported as 1 Open rather than
 * 7 PendingOnProvider: merchant code written for GlobalPay waits for a notification on 1.
 */
export const PAYMENT_STATUS_MAP: Readonly<Record<PaymentStatus, GlobalPayStatus>> = {
  created: { ID: 1, Info: 'Open' },
  pending_customer: { ID: 1, Info: 'Open' },
  processing: { ID: 1, Info: 'Open' },
  succeeded: { ID: 2, Info: 'Success' },
  failed: { ID: 4, Info: 'Failed' },
  cancelled: { ID: 3, Info: 'Cancelled' },
  expired: { ID: 5, Info: 'Expired' },
  partially_refunded: { ID: 21, Info: 'PartiallyRefunded' },
  refunded: { ID: 22, Info: 'Refunded' },
};

/** A preapproval the merchant closed is 4: the SDK checks Status.ID == 4 after DELETE. */
export const PREAPPROVAL_STATUS_MAP: Readonly<Record<PreapprovalStatus, GlobalPayStatus>> = {
  pending: { ID: 1, Info: 'Pending' },
  active: { ID: 2, Info: 'Open' },
  closed: { ID: 4, Info: 'Closed' },
  closed_by_customer: { ID: 4, Info: 'ClosedByCustomer' },
  failed: { ID: 3, Info: 'Closed' },
  expired: { ID: 3, Info: 'Closed' },
};

export const REFUND_STATUS_MAP: Readonly<Record<RefundStatus, GlobalPayStatus>> = {
  pending: { ID: 1, Info: 'Open' },
  succeeded: { ID: 2, Info: 'Success' },
  failed: { ID: 4, Info: 'Failed' },
};

/** Every core status a GlobalPay statusID filter stands for (several core statuses share ID 1). */
export function paymentStatusesForId(id: number): PaymentStatus[] {
  return (Object.keys(PAYMENT_STATUS_MAP) as PaymentStatus[]).filter((s) => PAYMENT_STATUS_MAP[s].ID === id);
}

export function preapprovalStatusesForId(id: number): PreapprovalStatus[] {
  return (Object.keys(PREAPPROVAL_STATUS_MAP) as PreapprovalStatus[]).filter((s) => PREAPPROVAL_STATUS_MAP[s].ID === id);
}
