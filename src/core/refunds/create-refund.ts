/**
 * Refunds, never more than was paid, even under concurrency:
 * 1. In one transaction with the payment row locked: check what is left
 *    (captured − refunded − reserved) and, for a refund by articles, the units left of each
 *    (./refund-articles.ts), reserve the amount, write the refund (pending).
 * 2. Ask the wallet to cancel that amount, outside any transaction.
 * 3. In one transaction: settle refund + payment + operation + outbox, releasing the reservation.
 *    An unanswered call keeps the reservation and leaves the refund for the sweeper.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Article, DialectId, Refund } from '../model.js';
import type { Repos } from '../ports/store.js';
import { connectorOf, declaredMethod } from '../method-capabilities.js';
import { isValidAmount } from '../money.js';
import { changeRefund, recordRefundRequested } from '../record-change.js';
import { classifyConnectorFailure } from '../connector-failure.js';
import { PAID_STATUSES } from '../transitions.js';
import { refundAmountByArticles } from './refund-articles.js';
import { settleRefundFailure, settleRefundSuccess, type RefundOutcome } from './settle-refund.js';
import { walletDataOf } from '../wallet-checkout.js';
import { reaches } from '../reader.js';
import { madeEarlier, recordMade, type IdempotencyClaim } from '../idempotency/claim.js';
import { walletCallOf } from '../request-context.js';

export interface CreateRefundInput {
  merchantId: string;
  paymentId: number;
  dialect: DialectId;
  reference?: string | null;
  /** minor units; null / undefined refunds everything that is left */
  amount?: number | null;
  /** When the dialect names the refund's currency (Adyen amount.currency), it must be the payment's. */
  currency?: string | null;
  description?: string | null;
  articles?: Article[] | null;
  extras?: Record<string, unknown>;
  /**
   * The reference names one refund of the payment (GlobalPay's MerchantTransactionID): a second
   * refund with it is refused (duplicate_reference), so a merchant's retry cannot refund twice.
   */
  uniqueReference?: boolean;
  /** The request's claim on its idempotency key (Adyen, Checkout.com): see core/idempotency/claim.ts. */
  idempotency?: IdempotencyClaim | null;
  /**
   * Also written in the transaction that reserves the refund (the dashboard's audit row): committed
   * with the refund, or not at all.
   */
  alsoRecord?: (tx: Repos, refund: Refund) => Promise<unknown>;
}

export async function createRefund(deps: CoreDeps, input: CreateRefundInput): Promise<RefundOutcome> {
  if (input.amount != null && !isValidAmount(input.amount)) {
    throw new CoreError('amount_invalid', 'A refund amount must be a positive whole number of minor units.', { field: 'amount' });
  }
  // an earlier request with this idempotency key made the refund, then its process died: that refund, as it stands
  // (still pending if its wallet call's outcome is unknown: the sweeper settles it)
  const earlier = madeEarlier(input.idempotency, 'refund');
  if (earlier !== null) return madeRefund(deps, input.merchantId, earlier);
  const reserved = await deps.store.transaction(async (tx) => {
    const payment = await tx.payments.getByIdForUpdate(input.paymentId);
    // reached through the API that made it (see reader.ts)
    if (!payment || !reaches(input, payment))
      throw new CoreError('not_found', `Payment ${input.paymentId} was not found.`, { field: 'paymentId' });
    if (!PAID_STATUSES.has(payment.status) || payment.status === 'refunded') {
      throw new CoreError(
        'payment_not_refundable',
        `Payment ${payment.id} is ${payment.status.replaceAll('_', ' ')}; only a paid payment can be refunded.`,
      );
    }
    // checked with the payment's row locked, so two requests with one reference cannot both pass
    if (input.uniqueReference && input.reference != null) {
      const taken = await tx.refunds.findByReference(payment.id, input.reference);
      if (taken)
        throw new CoreError(
          'duplicate_reference',
          `Refund ${taken.id} of payment ${payment.id} (${taken.status.replaceAll('_', ' ')}) already has the reference ${input.reference}; a refund's reference names one refund.`,
          { field: 'reference' },
        );
    }
    if (input.currency != null && input.currency !== payment.currency) {
      throw new CoreError('currency_mismatch', `Payment ${payment.id} is in ${payment.currency}, not ${input.currency}.`, {
        field: 'currency',
      });
    }
    const available = payment.capturedAmount - payment.refundedAmount - payment.refundReservedAmount;
    if (available <= 0) {
      const why = payment.refundReservedAmount > 0 ? ` (${payment.refundReservedAmount} is in refunds still in progress)` : '';
      throw new CoreError('refund_exceeds_available', `Nothing is left to refund on payment ${payment.id}${why}.`, { field: 'amount' });
    }
    const method = declaredMethod(deps.connectors, payment.connector, payment.method);
    // the payment's row lock keeps its refunds (and so the quantities they took) as they are
    const earlier = input.articles?.length ? await tx.refunds.listByPayment(payment.merchantId, payment.id) : [];
    const amount = refundAmountByArticles(payment, earlier, input, available, method?.refundsByArticles === true);
    if (amount > available) {
      throw new CoreError(
        'refund_exceeds_available',
        `The refund of ${amount} exceeds the ${available} ${payment.currency} left to refund on payment ${payment.id}.`,
        {
          field: 'amount',
        },
      );
    }
    if (amount < available + payment.refundReservedAmount && !method?.partialRefunds) {
      throw new CoreError('refund_exceeds_available', 'This method only supports full refunds.', { field: 'amount' });
    }
    const requested = await recordRefundRequested(deps, tx, payment, {
      merchantId: payment.merchantId,
      paymentId: payment.id,
      dialect: input.dialect,
      reference: input.reference ?? null,
      amount,
      currency: payment.currency,
      status: 'pending',
      description: input.description ?? null,
      articles: input.articles ?? null,
      connectorRef: null,
      // needsSync until the wallet's answer is written: a crash in between is the sweeper's to settle
      needsSync: true,
      failureCode: null,
      failureMessage: null,
      extras: input.extras ?? {},
    });
    await recordMade(tx, input.idempotency, { kind: 'refund', id: requested.refund.id });
    if (input.alsoRecord) await input.alsoRecord(tx, requested.refund);
    return requested;
  });

  const { refund, payment } = reserved;
  try {
    const result = await connectorOf(deps.connectors, payment.connector).refund(
      { ref: payment.connectorState.ref!, amount: refund.amount, currency: refund.currency, refundId: String(refund.id) },
      walletDataOf(payment),
      walletCallOf(deps),
    );
    return await settleRefundSuccess(deps, refund, result.refundRef);
  } catch (e) {
    const f = classifyConnectorFailure(e);
    if (f.outcomeUnknown) {
      // The refund exists and its amount stays reserved; the sweeper asks the wallet and settles it
      // (notification follows). The merchant gets the pending refund to track, not an error.
      return deps.store.transaction(async (tx) => {
        const p = (await tx.payments.getByIdForUpdate(payment.id))!;
        const r = (await tx.refunds.getById(refund.id))!;
        return changeRefund(
          deps,
          tx,
          r,
          { failureMessage: f.message },
          p,
          {},
          {
            kind: 'refund_request',
            status: 'pending',
            amount: r.amount,
            code: f.code,
            message: f.message,
          },
        );
      });
    }
    const settled = await settleRefundFailure(deps, refund, f.code, f.message);
    return settled;
  }
}

async function madeRefund(deps: CoreDeps, merchantId: string, id: number): Promise<RefundOutcome> {
  const refund = await deps.store.refunds.getById(id);
  const payment = refund && (await deps.store.payments.get(merchantId, refund.paymentId));
  if (!refund || !payment) throw new CoreError('internal', `The idempotency key names refund ${id}, which does not exist.`);
  return { refund, payment };
}
