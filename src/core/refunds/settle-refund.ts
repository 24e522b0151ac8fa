/** Writing a refund's outcome — shared by the request path and the sweeper. */
import type { CoreDeps } from '../deps.js';
import { changeRefund } from '../record-change.js';
import type { Payment, Refund } from '../model.js';

/** A refund and its payment as they stand after a step. */
export interface RefundOutcome {
  refund: Refund;
  payment: Payment;
}

/** The refund to settle: its id, and its payment's (which a refund never changes). */
export type RefundToSettle = Pick<Refund, 'id' | 'paymentId'>;

export async function settleRefundSuccess(deps: CoreDeps, refund: RefundToSettle, refundRef: string): Promise<RefundOutcome> {
  return deps.store.transaction(async (tx) => {
    // Lock the payment first, then read the refund, so two settlers (request path and sweeper)
    // cannot both see it pending.
    const p = (await tx.payments.getByIdForUpdate(refund.paymentId))!;
    const r = (await tx.refunds.getById(refund.id))!;
    if (r.status !== 'pending') return { refund: r, payment: p };
    const refunded = p.refundedAmount + r.amount;
    return changeRefund(
      deps,
      tx,
      r,
      { status: 'succeeded', connectorRef: refundRef, needsSync: false, failureMessage: null },
      p,
      {
        refundedAmount: refunded,
        refundReservedAmount: p.refundReservedAmount - r.amount,
        status: refunded >= p.capturedAmount ? 'refunded' : 'partially_refunded',
      },
      { kind: 'refund_succeeded', status: 'ok', amount: r.amount, code: refundRef, message: `Refund ${r.id} completed by the wallet` },
    );
  });
}

export async function settleRefundFailure(deps: CoreDeps, refund: RefundToSettle, code: string, message: string): Promise<RefundOutcome> {
  return deps.store.transaction(async (tx) => {
    // as settleRefundSuccess: the payment's lock first
    const p = (await tx.payments.getByIdForUpdate(refund.paymentId))!;
    const r = (await tx.refunds.getById(refund.id))!;
    if (r.status !== 'pending') return { refund: r, payment: p };
    return changeRefund(
      deps,
      tx,
      r,
      { status: 'failed', needsSync: false, failureCode: code, failureMessage: message },
      p,
      { refundReservedAmount: p.refundReservedAmount - r.amount },
      { kind: 'refund_failed', status: 'failed', amount: r.amount, code, message: `Refund ${r.id} refused by the wallet: ${message}` },
    );
  });
}
