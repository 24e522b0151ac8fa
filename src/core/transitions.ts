/**
 * State machines. Each table is exhaustive over its status type; a transition not listed here is
 * refused by `assertTransition`, so no use case can move a record somewhere illegal.
 */
import { CoreError } from './errors.js';
import type { PaymentStatus, PreapprovalStatus, RefundStatus } from './model.js';

export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  created: ['pending_customer', 'processing', 'failed', 'cancelled', 'expired'],
  pending_customer: ['processing', 'succeeded', 'failed', 'cancelled', 'expired'],
  processing: ['succeeded', 'failed', 'cancelled', 'expired'],
  succeeded: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  refunded: [],
  failed: [],
  cancelled: [],
  expired: [],
};

export const PREAPPROVAL_TRANSITIONS: Readonly<Record<PreapprovalStatus, readonly PreapprovalStatus[]>> = {
  pending: ['active', 'failed', 'expired', 'closed', 'closed_by_customer'],
  active: ['closed', 'closed_by_customer'],
  closed: [],
  closed_by_customer: [],
  failed: [],
  expired: [],
};

export const REFUND_TRANSITIONS: Readonly<Record<RefundStatus, readonly RefundStatus[]>> = {
  pending: ['succeeded', 'failed'],
  succeeded: [],
  failed: [],
};

/** Statuses in which money has been taken from the customer. */
export const PAID_STATUSES: ReadonlySet<PaymentStatus> = new Set(['succeeded', 'partially_refunded', 'refunded']);

function check<S extends string>(table: Readonly<Record<S, readonly S[]>>, what: string, from: S, to: S): void {
  if (!table[from].includes(to)) {
    throw new CoreError(
      'payment_state_conflict',
      `A ${what} that is ${from.replaceAll('_', ' ')} cannot become ${to.replaceAll('_', ' ')}.`,
    );
  }
}

export const assertPaymentTransition = (from: PaymentStatus, to: PaymentStatus): void => check(PAYMENT_TRANSITIONS, 'payment', from, to);
export const assertPreapprovalTransition = (from: PreapprovalStatus, to: PreapprovalStatus): void =>
  check(PREAPPROVAL_TRANSITIONS, 'preapproval', from, to);
export const assertRefundTransition = (from: RefundStatus, to: RefundStatus): void => check(REFUND_TRANSITIONS, 'refund', from, to);
