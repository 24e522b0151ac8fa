/**
 * The transfer a person wants to resolve, locked in their transaction, or why it cannot be: no such
 * transfer, one walletgate applied by itself (nothing waits), one somebody resolved already.
 */
import { CoreError } from '../errors.js';
import { NEEDS_A_PERSON, type IncomingTransferRecord, type Repos } from '../ports/store.js';

function resolvedBefore(t: IncomingTransferRecord): string {
  const when = t.resolvedAt ? ` on ${t.resolvedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  return t.resolution === 'applied'
    ? `Transfer #${t.id} was already applied to payment ${t.resolvedPaymentId ?? '?'}${when}.`
    : `Transfer #${t.id} was already marked to be paid back to the payer${when}.`;
}

export async function lockResolvableTransfer(tx: Repos, id: number): Promise<IncomingTransferRecord> {
  const t = await tx.incomingTransfers.getByIdForUpdate(id);
  if (!t) throw new CoreError('not_found', `No incoming transfer #${id}.`);
  if (!NEEDS_A_PERSON.includes(t.outcome))
    throw new CoreError(
      'payment_state_conflict',
      `Transfer #${id} was applied to payment ${t.paymentId ?? '?'} when it arrived (${t.outcome}): nothing of it waits for a person.`,
    );
  if (t.resolution !== null) throw new CoreError('payment_state_conflict', resolvedBefore(t));
  return t;
}

/** Called when the guarded write found the transfer resolved after all (a second process, same instant). */
export async function resolvedMeanwhile(tx: Repos, id: number): Promise<never> {
  const t = await tx.incomingTransfers.getByIdForUpdate(id);
  throw new CoreError('payment_state_conflict', t ? resolvedBefore(t) : `No incoming transfer #${id}.`);
}
