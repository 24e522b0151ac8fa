/**
 * A validated batch is submitted (ADR 0024): it becomes `running` (once: a second submit finds it
 * running and starts nothing), with its audit row in the same transaction, and its rows are
 * refunded in the background (run-refund-batch.ts); the batch page follows the progress.
 */
import type { CoreDeps } from '../deps.js';
import type { RefundBatch } from '../ports/refund-batch-store.js';
import { reachesMerchant } from './dashboard-policy.js';
import { recordAudit } from './record-audit.js';
import type { SignedIn } from './resolve-session.js';
import { runRefundBatch } from './run-refund-batch.js';

export type SubmittedBatch = { ok: true; batch: RefundBatch } | { ok: false; problem: 'not_found' | 'not_validated' };

export async function submitRefundBatch(deps: CoreDeps, signedIn: SignedIn, batchId: number, ip: string | null): Promise<SubmittedBatch> {
  const batch = await deps.store.refundBatches.get(batchId);
  if (!batch || !reachesMerchant(signedIn.user, batch.merchantId)) return { ok: false, problem: 'not_found' };
  const moved = await deps.store.transaction(async (tx) => {
    if (!(await tx.refundBatches.moveState(batch.id, 'validated', 'running', deps.clock()))) return false;
    await recordAudit(
      tx,
      { user: signedIn.user, ip },
      {
        merchantId: batch.merchantId,
        action: 'refund_batch.submit',
        subject: `refund batch ${batch.id}`,
        detail: { file: batch.fileName, valid: batch.rowsValid },
      },
    );
    return true;
  });
  if (!moved) return { ok: false, problem: 'not_validated' };
  deps.background.run(`refund batch ${batch.id}`, () => runRefundBatch(deps, batch.id), deps.log);
  return { ok: true, batch: (await deps.store.refundBatches.get(batch.id))! };
}
