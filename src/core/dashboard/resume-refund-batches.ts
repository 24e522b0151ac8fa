/**
 * Batches left `running` by a gateway that stopped (ADR 0024): their rows claimed longer ago than
 * the in-flight grace go back to pending, and each batch runs again to its end. A row whose refund
 * was made before the crash replays it (its idempotency key), so nothing is refunded twice. Called
 * at start-up; also safe to call at any time.
 */
import type { CoreDeps } from '../deps.js';
import { runRefundBatch } from './run-refund-batch.js';

/** Resumes every running batch; resolves when they are done. How many were resumed. */
export async function resumeRefundBatches(deps: CoreDeps): Promise<number> {
  const running = await deps.store.refundBatches.listByState('running', 100);
  const staleBefore = new Date(deps.clock().getTime() - deps.inFlightGraceMs);
  for (const batch of running) {
    await deps.store.refundBatches.releaseStale(batch.id, staleBefore);
    await runRefundBatch(deps, batch.id);
  }
  return running.length;
}
