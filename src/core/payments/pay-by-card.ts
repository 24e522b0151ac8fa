/**
 * The customer pays a `card_entry` payment with the card typed into walletgate's hosted page
 * (docs/adr/0018-card-entry-on-the-hosted-page.md). The payment is claimed first (pending_customer
 * → processing, under its row lock), so a second submit finds it no longer waiting and charges
 * nothing; the connector's payWithCard is called outside any transaction; its answer settles the
 * payment through the same path as every wallet verdict (settle-from-wallet.ts: operation, event,
 * merchant notification in one transaction). A lost answer leaves the payment processing with
 * needsSync, for the sweeper's lookup. The card's number and CVC go to the connector and nowhere
 * else: what is kept is the connector's instrument (brand, last four, expiry).
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Payment } from '../model.js';
import type { CardDetails } from '../ports/connector.js';
import { connectorOf, declaredMethod } from '../method-capabilities.js';
import { classifyConnectorFailure } from '../connector-failure.js';
import { changePayment } from '../record-change.js';
import { walletDataOf } from '../wallet-checkout.js';
import { applyWalletVerdict } from './settle-from-wallet.js';
import { claimWaitingPaymentByToken } from './claim-waiting-payment.js';
import { walletCallOf } from '../request-context.js';

/** The payment's method is paid by a card typed into the hosted page, and its connector takes one. */
export function takesCardEntry(deps: Pick<CoreDeps, 'connectors'>, p: Pick<Payment, 'connector' | 'method'>): boolean {
  const method = declaredMethod(deps.connectors, p.connector, p.method);
  return (
    method !== undefined &&
    method.flows.includes('card_entry') &&
    connectorOf(deps.connectors, p.connector, false)?.payWithCard !== undefined
  );
}

/** The hosted page shows the card form: a card_entry payment whose checkout is open and still waits for the card. */
export function awaitsCard(deps: Pick<CoreDeps, 'connectors'>, p: Payment): boolean {
  return (
    p.status === 'pending_customer' &&
    p.connectorState.ref !== undefined &&
    p.connectorState.methodChoice === undefined &&
    takesCardEntry(deps, p)
  );
}

export async function payByCard(deps: CoreDeps, token: string, card: CardDetails): Promise<Payment> {
  // found by its token and claimed in one transaction; paid, failed or being paid already (a double
  // submit, a second tab): nothing is charged again
  const claimed = await claimWaitingPaymentByToken(deps, token, {
    waiting: (p) => awaitsCard(deps, p),
    late: { verdict: 'The customer entered a card after the payment expired', operation: 'Card entered after expiry' },
  });
  if (!claimed) throw new CoreError('not_found', 'This payment link is not valid.');
  if (!takesCardEntry(deps, claimed.payment)) throw new CoreError('payment_state_conflict', 'This payment is not paid by card.');
  if (!claimed.claimed) return claimed.payment;
  const p = claimed.payment;
  const connector = connectorOf(deps.connectors, p.connector);
  try {
    const paid = await connector.payWithCard!(
      {
        ref: p.connectorState.ref!,
        wallet: walletDataOf(p),
        orderId: String(p.id),
        itemName: p.description ?? p.reference,
        amount: p.amount,
        currency: p.currency,
        card,
      },
      walletCallOf(deps),
    );
    return await deps.store.transaction(async (tx) => {
      const cur = (await tx.payments.getByIdForUpdate(p.id))!;
      // the processor's ids first, for refunds and lookups; then the verdict (a sweeper that settled it meanwhile wins)
      const withIds =
        cur.status === 'processing'
          ? await changePayment(
              deps,
              tx,
              cur,
              { connectorState: Object.assign({}, cur.connectorState, { wallet: { ...paid.wallet } }) },
              null,
            )
          : cur;
      const settled = await applyWalletVerdict(
        deps,
        tx,
        withIds,
        { outcome: 'succeeded', amount: paid.amount, approvalRef: paid.approvalRef, agreementToken: null, instrument: paid.instrument },
        { kind: 'approve', status: 'ok', amount: paid.amount, code: paid.approvalRef, message: `Paid by card (${paid.instrument})` },
      );
      return settled.payment;
    });
  } catch (e) {
    const f = classifyConnectorFailure(e);
    return deps.store.transaction(async (tx) => {
      const cur = (await tx.payments.getByIdForUpdate(p.id))!;
      if (cur.status !== 'processing') return cur;
      if (f.outcomeUnknown)
        return changePayment(
          deps,
          tx,
          cur,
          { failureMessage: f.message },
          { kind: 'approve', status: 'pending', code: f.code, message: f.message },
        );
      const verdict = { outcome: 'failed', code: f.code, message: f.message } as const;
      return (await applyWalletVerdict(deps, tx, cur, verdict, { kind: 'decline', status: 'failed', code: f.code, message: f.message }))
        .payment;
    });
  }
}
