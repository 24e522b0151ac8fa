/**
 * Asks the wallet to open the checkout of a written payment (outside any transaction) and records
 * the answer: pending_customer with the wallet's URLs, or failed. Shared by a payment made with its
 * method (create-payment.ts) and one whose method the customer has just chosen (choose-method.ts).
 */
import type { CoreDeps } from '../deps.js';
import type { Payment } from '../model.js';
import type { PaymentPatch, Repos } from '../ports/store.js';
import { connectorOf } from '../method-capabilities.js';
import { classifyConnectorFailure } from '../connector-failure.js';
import { changePayment, changePaymentIfUnchanged, type OperationNote } from '../record-change.js';
import { recordUnpaidPayment } from '../preapprovals/store-agreement.js';
import { openedCheckoutState, walletReturnUrls } from '../wallet-checkout.js';
import { walletCallOf } from '../request-context.js';
import { storeAnswer, type IdempotencyClaim, type IdempotentResponse } from '../idempotency/claim.js';

export interface CheckoutRequest {
  customerRef: string;
  itemName: string;
  recurring: boolean;
  /** The reference the merchant chose for a pay-by-reference method (a bank transfer's), if any. */
  payerReference?: string | null;
  /**
   * The request's claim on its idempotency key, if it has one. With the answer it will give
   * (`answerFor`), the answer is stored in the transaction that records the wallet's (ADR 0045),
   * which is then durable before the request answers. Without it, the caller commits durably after
   * this and before it answers (its stored answer, or the release of its key; run-idempotent.ts): the
   * wallet's answer is then recorded durable with that commit (ADR 0032), not waited for on disk here.
   */
  idempotency?: IdempotencyClaim | null;
}

/**
 * The payment as it stands now, locked, if it still waits for this checkout: same status, no wallet
 * checkout written. A request that outlived the in-flight grace (a stalled process) may find the
 * sweeper has failed it meanwhile (sweep-decisions.ts): that word stands.
 */
async function stillWaiting(tx: Repos, written: Payment): Promise<{ cur: Payment; waiting: boolean }> {
  const cur = (await tx.payments.getByIdForUpdate(written.id))!;
  return { cur, waiting: cur.status === written.status && cur.connectorState.ref === undefined };
}

export async function openWalletCheckout(deps: CoreDeps, written: Payment, req: CheckoutRequest): Promise<Payment> {
  const { recurring, customerRef } = req;
  const connector = connectorOf(deps.connectors, written.connector);
  const claim = req.idempotency;
  const durability = claim && !claim.answerFor ? 'with-next-commit' : 'now';
  /** The outcome, with the request's answer for it stored under its key when it gave one (claim.ts). */
  const settle = async (tx: Repos, p: Payment): Promise<{ p: Payment; answer: IdempotentResponse | undefined }> => ({
    p,
    answer: await storeAnswer(tx, claim, p),
  });
  const settled = ({ p, answer }: { p: Payment; answer: IdempotentResponse | undefined }): Payment => {
    if (claim && answer) claim.answered = answer;
    return p;
  };
  try {
    const started = await connector.startPayment(
      {
        method: written.method,
        merchantId: written.merchantId,
        payerReference: req.payerReference ?? null,
        orderId: String(written.id),
        customerRef,
        itemName: req.itemName,
        amount: written.amount,
        currency: written.currency,
        recurring,
        returnUrls: walletReturnUrls(deps.links, written.customerToken),
      },
      walletCallOf(deps),
    );
    const opened = (cur: Payment): PaymentPatch => ({
      status: 'pending_customer',
      connectorState: {
        ...openedCheckoutState(started, customerRef),
        ...(recurring ? { recurringContract: true } : {}),
        ...(cur.connectorState.currencyChoice ? { currencyChoice: cur.connectorState.currencyChoice } : {}),
      },
    });
    const note: OperationNote = {
      kind: 'redirect',
      status: 'ok',
      code: started.ref,
      message: 'Checkout opened at the wallet; waiting for the customer',
    };
    return settled(
      await deps.store.transaction(
        async (tx) => {
          // nearly always the payment is as this request wrote it: changed in the same statement that checks it
          const changed = await changePaymentIfUnchanged(deps, tx, written, opened(written), note);
          if (changed) return settle(tx, changed);
          const { cur, waiting } = await stillWaiting(tx, written);
          if (!waiting) return settle(tx, cur);
          return settle(tx, await changePayment(deps, tx, cur, opened(cur), note));
        },
        { durability },
      ),
    );
  } catch (e) {
    // No money moves before the customer approves and we call approve, so a failed or unanswered
    // checkout request is a failed payment either way.
    const f = classifyConnectorFailure(e);
    deps.log.warn({ paymentId: written.id, code: f.code, err: f.message }, 'wallet refused to open checkout');
    return settled(
      await deps.store.transaction(
        async (tx) => {
          const { cur, waiting } = await stillWaiting(tx, written);
          if (!waiting) return settle(tx, cur);
          return settle(
            tx,
            await recordUnpaidPayment(
              deps,
              tx,
              cur,
              { status: 'failed', failureCode: f.code, failureMessage: f.message },
              { kind: 'decline', status: 'failed', code: f.code, message: f.message },
            ),
          );
        },
        { durability },
      ),
    );
  }
}
