/**
 * How much of a transfer kept for a person is theirs to resolve: all of it, except for an overpaid
 * one, whose payment took what it was due and only the surplus waits.
 */
import type { Payment } from '../model.js';
import type { IncomingTransferRecord } from '../ports/store.js';

/** minor units of transfer.currency; `paidPayment` is the payment an overpaid transfer paid */
export function heldAmount(transfer: IncomingTransferRecord, paidPayment: Payment | undefined): number {
  if (transfer.outcome !== 'overpaid') return transfer.amount;
  const received = paidPayment?.connectorState.received?.amount ?? transfer.amount;
  const due = paidPayment?.connectorState.instructions?.amountToPay ?? 0;
  return Math.min(transfer.amount, Math.max(received - due, 0));
}
