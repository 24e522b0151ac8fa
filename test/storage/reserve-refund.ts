import type { Store } from '../../src/core/ports/store.js';

export const RESERVE_STEP = 10;
export const RESERVE_CAP = 100;

/**
 * What the refund flow does: lock the payment, read the reserved amount, reserve STEP more only if
 * the total stays within CAP. Yields to the event loop while holding the lock, so that any missing
 * lock shows up as a lost update instead of hiding behind a quick critical section.
 */
export function tryReserve(store: Store, paymentId: number): Promise<boolean> {
  return store.transaction(async (tx) => {
    const p = await tx.payments.getByIdForUpdate(paymentId);
    if (!p) throw new Error(`payment ${paymentId} not found`);
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (p.refundReservedAmount + RESERVE_STEP > RESERVE_CAP) return false;
    await tx.payments.update(paymentId, { refundReservedAmount: p.refundReservedAmount + RESERVE_STEP });
    return true;
  });
}
