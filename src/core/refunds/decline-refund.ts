/**
 * Refunds for APIs that accept a refund request before checking it against the payment (ecommpay:
 * the request is answered "accepted", the outcome comes in a callback). A refund the payment's
 * balance refuses — more than is left, or nothing left at all — is then not an error but a declined
 * refund: recorded failed, its event raised, nothing reserved or refunded. Every other refusal (a bad
 * amount, a payment never paid, another API's payment) is the error createRefund throws, and nothing
 * is stored.
 */
import type { CoreDeps } from '../deps.js';
import { isCoreError } from '../errors.js';
import { reaches } from '../reader.js';
import { recordRefundDeclined } from '../record-change.js';
import { PAID_STATUSES } from '../transitions.js';
import { createRefund, type CreateRefundInput } from './create-refund.js';
import type { RefundOutcome } from './settle-refund.js';

export async function createRefundOrDecline(deps: CoreDeps, input: CreateRefundInput): Promise<RefundOutcome> {
  try {
    return await createRefund(deps, input);
  } catch (e) {
    if (!isCoreError(e) || (e.code !== 'refund_exceeds_available' && e.code !== 'payment_not_refundable')) throw e;
    return deps.store.transaction(async (tx) => {
      const payment = await tx.payments.getByIdForUpdate(input.paymentId);
      // only a paid payment's balance can decline a refund; anything else stays the error it was
      if (!payment || !reaches(input, payment) || !PAID_STATUSES.has(payment.status)) throw e;
      const left = payment.capturedAmount - payment.refundedAmount;
      return recordRefundDeclined(deps, tx, payment, {
        merchantId: payment.merchantId,
        paymentId: payment.id,
        dialect: input.dialect,
        reference: input.reference ?? null,
        // a full refund of nothing left is declined for what a full refund was
        amount: input.amount ?? (left > 0 ? left : payment.capturedAmount),
        currency: payment.currency,
        status: 'failed',
        description: input.description ?? null,
        articles: input.articles ?? null,
        connectorRef: null,
        needsSync: false,
        failureCode: e.code,
        failureMessage: e.message,
        extras: input.extras ?? {},
      });
    });
  }
}
