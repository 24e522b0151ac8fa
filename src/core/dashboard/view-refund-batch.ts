/**
 * One mass-refund batch as its page and its result file show it (ADR 0024): the batch, how many rows
 * are in each state, and a window of its rows in order. Another merchant's batch is not found.
 */
import type { CoreDeps } from '../deps.js';
import type { RefundBatch, RefundBatchRow, RefundBatchRowCounts } from '../ports/refund-batch-store.js';
import { reachesMerchant } from './dashboard-policy.js';
import type { SignedIn } from './resolve-session.js';

export interface RefundBatchView {
  batch: RefundBatch;
  counts: RefundBatchRowCounts;
  rows: RefundBatchRow[];
}

export async function viewRefundBatch(
  deps: Pick<CoreDeps, 'store'>,
  { user }: SignedIn,
  batchId: number,
  window: { after: number; limit: number },
): Promise<RefundBatchView | undefined> {
  const batch = await deps.store.refundBatches.get(batchId);
  if (!batch || !reachesMerchant(user, batch.merchantId)) return undefined;
  const [counts, rows] = await Promise.all([
    deps.store.refundBatches.counts(batch.id),
    deps.store.refundBatches.listRows(batch.id, window.after, Math.min(Math.max(window.limit, 1), 5_000)),
  ]);
  return { batch, counts, rows };
}
