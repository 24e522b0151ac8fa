/**
 * The accounting of money applied to a payment paid by transfer, the same whoever matched it (the
 * automatic match in record-incoming-transfer.ts, a person in apply-held-transfer.ts): in the
 * caller's transaction, with the payment locked, `connectorState.received` grows; reaching the
 * amount to pay the payment succeeds, short of it the payment stays open (`partial`). Either way an
 * operation is written and the event raised, so the merchant is notified through the outbox.
 */
import type { CoreDeps } from '../deps.js';
import type { Payment, PaymentStatus } from '../model.js';
import type { IncomingTransfer } from '../ports/connector.js';
import type { Repos, TransferOutcome } from '../ports/store.js';
import { formatMoney } from '../money.js';
import { changePayment } from '../record-change.js';

/** A payment that can still take money. */
export const OPEN: ReadonlySet<PaymentStatus> = new Set(['created', 'pending_customer', 'processing']);
export const PAID: ReadonlySet<PaymentStatus> = new Set(['succeeded', 'partially_refunded', 'refunded']);

export async function applyTransferToPayment(
  deps: Pick<CoreDeps, 'notify'>,
  tx: Repos,
  p: Payment,
  t: IncomingTransfer,
  outcome: Extract<TransferOutcome, 'paid' | 'partial' | 'overpaid'>,
): Promise<void> {
  const prior = p.connectorState.received;
  const received = { amount: (prior?.amount ?? 0) + t.amount, currency: t.currency, transfers: (prior?.transfers ?? 0) + 1 };
  const connectorState = { ...p.connectorState, received };
  const from = t.payer ? ` from ${t.payer}` : '';
  if (outcome === 'partial') {
    await changePayment(
      deps,
      tx,
      p,
      { connectorState },
      {
        kind: 'sync',
        status: 'pending',
        amount: t.amount,
        currency: t.currency,
        code: t.transactionId,
        message: `Transfer of ${formatMoney(t.amount, t.currency)}${from} received; ${formatMoney(received.amount, t.currency)} so far`,
      },
    );
    return;
  }
  await changePayment(
    deps,
    tx,
    p,
    { status: 'succeeded', capturedAmount: p.amount, connectorState },
    {
      kind: 'approve',
      status: 'ok',
      amount: t.amount,
      currency: t.currency,
      code: t.transactionId,
      message: `Transfer of ${formatMoney(t.amount, t.currency)}${from} received: the payment is paid${outcome === 'overpaid' ? ' (overpaid: a person pays the surplus back)' : ''}`,
    },
  );
}
