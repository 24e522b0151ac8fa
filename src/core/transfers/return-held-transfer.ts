/**
 * A person decides money kept for them goes back to the payer (an unknown reference, another
 * currency, a payment paid twice, an overpayment's surplus): it is recorded as to be paid back —
 * walletgate sends no money; the person pays it back from the bank — leaves the list of what
 * waits, and stays in the history with their note. One transaction, the transfer locked; of two
 * people at once, one wins and the other hears who did what.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { IncomingTransferRecord } from '../ports/store.js';
import { heldAmount } from './held-amount.js';
import { lockResolvableTransfer, resolvedMeanwhile } from './resolvable-transfer.js';

export interface ReturnedTransfer {
  transfer: IncomingTransferRecord;
  /** what is to be paid back, minor units of the transfer's currency (an overpayment: its surplus) */
  toPayBack: number;
}

export async function returnHeldTransfer(
  deps: Pick<CoreDeps, 'store' | 'log'>,
  transferId: number,
  note: string | undefined,
): Promise<ReturnedTransfer> {
  const text = note?.trim() ?? '';
  if (text.length > 500) throw new CoreError('request_invalid', 'The note is longer than 500 characters.', { field: 'note' });
  const done = await deps.store.transaction(async (tx) => {
    const t = await lockResolvableTransfer(tx, transferId);
    const paid = t.outcome === 'overpaid' && t.paymentId !== null ? await tx.payments.getById(t.paymentId) : undefined;
    const toPayBack = heldAmount(t, paid);
    const resolved =
      (await tx.incomingTransfers.resolve(t.id, { resolution: 'returned', paymentId: null, note: text === '' ? null : text })) ??
      (await resolvedMeanwhile(tx, t.id));
    return { transfer: resolved, toPayBack };
  });
  deps.log.info({ transferId }, 'held transfer to be paid back by a person');
  return done;
}
