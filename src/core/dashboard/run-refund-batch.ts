/**
 * Refunds a submitted batch's rows (ADR 0024), a few at a time: rows are claimed (`pending →
 * working`) before their refund is asked and finished with its outcome, so a run that dies leaves
 * its claimed rows `working` for the resume to find. Each refund goes through createRefund in the
 * payment's own API, under the idempotency key `mass-refund-<file hash>-<row>`: a row run twice
 * (resumed after a crash, or the same file in a second batch) replays its first refund instead of
 * making another. When no row is left pending or working, the batch is done.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import { runIdempotent } from '../idempotency/run-idempotent.js';
import type { RefundBatch, RefundBatchRow } from '../ports/refund-batch-store.js';
import { createRefund } from '../refunds/create-refund.js';

/** Refunds asked at once per batch: the wallet and the database are shared with live traffic. */
export const BATCH_CONCURRENCY = 4;
const CLAIM = 16;

export function rowKey(fileHash: string, row: number): string {
  return `mass-refund-${fileHash}-${row}`;
}

async function refundRow(deps: CoreDeps, batch: RefundBatch, row: RefundBatchRow): Promise<void> {
  const finish = (state: 'refunded' | 'failed', message: string, refundId: number | null = null, refundedAmount: number | null = null) =>
    deps.store.refundBatches.finishRow(batch.id, row.row, { state, message, refundId, refundedAmount });
  const payment = row.paymentId === null ? undefined : await deps.store.payments.get(batch.merchantId, row.paymentId);
  if (!payment) return finish('failed', 'The payment is no longer found.');
  try {
    const answer = await runIdempotent(
      deps.store,
      { merchantId: batch.merchantId, dialect: payment.dialect, key: rowKey(batch.fileHash, row.row) },
      { massRefund: payment.id, amount: row.amount },
      async (claim) => {
        const { refund } = await createRefund(deps, {
          idempotency: claim,
          merchantId: batch.merchantId,
          paymentId: payment.id,
          dialect: payment.dialect,
          amount: row.amount,
          description: row.reason === '' ? null : row.reason,
          extras: { dashboard: { batch: batch.id, row: row.row } },
        });
        return { status: 201, body: JSON.stringify({ refundId: refund.id }) };
      },
      { staleAfterMs: deps.inFlightGraceMs },
    );
    const { refundId } = JSON.parse(answer.body) as { refundId: number };
    const refund = (await deps.store.refunds.getById(refundId))!;
    if (refund.status === 'failed')
      return finish('failed', `Refund ${refund.id} refused by the wallet: ${refund.failureMessage ?? refund.failureCode ?? ''}`, refund.id);
    const note = refund.status === 'pending' ? ' (the wallet has not answered yet; it is settled later)' : '';
    return finish('refunded', `Refund ${refund.id} ${refund.status}${note}.`, refund.id, refund.amount);
  } catch (e) {
    if (e instanceof CoreError) return finish('failed', e.message);
    throw e;
  }
}

/** Runs the batch's pending rows to the end; resolves when no row is left to claim. */
export async function runRefundBatch(deps: CoreDeps, batchId: number): Promise<void> {
  const batch = await deps.store.refundBatches.get(batchId);
  if (!batch || batch.state !== 'running') return;
  for (;;) {
    const rows = await deps.store.refundBatches.claimRows(batch.id, CLAIM, deps.clock());
    if (rows.length === 0) break;
    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        try {
          await refundRow(deps, batch, row);
        } catch (e) {
          // a store failure: the row stays working and the resume picks it up
          deps.log.error({ err: (e as Error).message, batch: batch.id, row: row.row }, 'mass refund row left for the resume');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, rows.length) }, worker));
  }
  const counts = await deps.store.refundBatches.counts(batch.id);
  if (counts.pending === 0 && counts.working === 0) await deps.store.refundBatches.moveState(batch.id, 'running', 'done', deps.clock());
}
