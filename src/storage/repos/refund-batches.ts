import type { Selectable } from 'kysely';
import type {
  RefundBatch,
  RefundBatchRepo,
  RefundBatchRow,
  RefundBatchRowCounts,
  RefundBatchRowState,
} from '../../core/ports/refund-batch-store.js';
import type { RefundBatchesTable, RefundBatchRowsTable } from '../dashboard-schema.js';
import { fromMs, fromMsOrNull, toMs } from '../column-codecs.js';
import { isUniqueViolation } from '../unique-violation.js';
import type { RepoScope } from './repo-scope.js';

const numOrNull = (v: number | null): number | null => (v === null ? null : Number(v));

function toBatch(r: Selectable<RefundBatchesTable>): RefundBatch {
  return {
    id: Number(r.id),
    merchantId: r.merchant_id,
    fileName: r.file_name,
    fileHash: r.file_hash,
    state: r.state,
    rowsTotal: Number(r.rows_total),
    rowsValid: Number(r.rows_valid),
    uploadedBy: r.uploaded_by,
    createdAt: fromMs(r.created_at),
    submittedAt: fromMsOrNull(numOrNull(r.submitted_at)),
    finishedAt: fromMsOrNull(numOrNull(r.finished_at)),
  };
}

function toRow(r: Selectable<RefundBatchRowsTable>): RefundBatchRow {
  return {
    batchId: Number(r.batch_id),
    row: Number(r.row_number),
    paymentText: r.payment_text,
    amountText: r.amount_text,
    currency: r.currency,
    reason: r.reason,
    paymentId: numOrNull(r.payment_id),
    amount: numOrNull(r.amount),
    state: r.state,
    message: r.message,
    refundId: numOrNull(r.refund_id),
    refundedAmount: numOrNull(r.refunded_amount),
    claimedAt: fromMsOrNull(numOrNull(r.claimed_at)),
  };
}

/** Rows per insert statement: 13 parameters each, well within both databases' limits. */
const INSERT_CHUNK = 500;
const ROW_STATES: readonly RefundBatchRowState[] = ['invalid', 'pending', 'working', 'refunded', 'failed'];

export function refundBatchRepo({ db, now, atomic }: RepoScope): RefundBatchRepo {
  return {
    async insert(b) {
      try {
        const row = await db
          .insertInto('refund_batches')
          .values({
            merchant_id: b.merchantId,
            file_name: b.fileName,
            file_hash: b.fileHash,
            state: b.state,
            rows_total: b.rowsTotal,
            rows_valid: b.rowsValid,
            uploaded_by: b.uploadedBy,
            created_at: now(),
            submitted_at: null,
            finished_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toBatch(row);
      } catch (e) {
        if (isUniqueViolation(e, 'refund_batches_merchant_file', 'refund_batches.merchant_id, refund_batches.file_hash')) return undefined;
        throw e;
      }
    },

    async findByHash(merchantId, fileHash) {
      const row = await db
        .selectFrom('refund_batches')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('file_hash', '=', fileHash)
        .executeTakeFirst();
      return row ? toBatch(row) : undefined;
    },

    async get(id) {
      const row = await db.selectFrom('refund_batches').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toBatch(row) : undefined;
    },

    async list(merchantId, limit) {
      let q = db.selectFrom('refund_batches').selectAll();
      if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
      return (await q.orderBy('id', 'desc').limit(limit).execute()).map(toBatch);
    },

    async listByState(state, limit) {
      const rows = await db.selectFrom('refund_batches').selectAll().where('state', '=', state).orderBy('id').limit(limit).execute();
      return rows.map(toBatch);
    },

    async moveState(id, from, to, at) {
      const stamp = to === 'running' ? { submitted_at: toMs(at) } : to === 'done' ? { finished_at: toMs(at) } : {};
      const res = await db
        .updateTable('refund_batches')
        .set({ state: to, ...stamp })
        .where('id', '=', id)
        .where('state', '=', from)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async insertRows(batchId, rows) {
      await atomic(async ({ db: tx }) => {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          await tx
            .insertInto('refund_batch_rows')
            .values(
              rows.slice(i, i + INSERT_CHUNK).map((r) => ({
                batch_id: batchId,
                row_number: r.row,
                payment_text: r.paymentText,
                amount_text: r.amountText,
                currency: r.currency,
                reason: r.reason,
                payment_id: r.paymentId,
                amount: r.amount,
                state: r.state,
                message: r.message,
                refund_id: null,
                refunded_amount: null,
                claimed_at: null,
              })),
            )
            .execute();
        }
      });
    },

    async listRows(batchId, after, limit) {
      const rows = await db
        .selectFrom('refund_batch_rows')
        .selectAll()
        .where('batch_id', '=', batchId)
        .where('row_number', '>', after)
        .orderBy('row_number')
        .limit(limit)
        .execute();
      return rows.map(toRow);
    },

    async counts(batchId) {
      const rows = await db
        .selectFrom('refund_batch_rows')
        .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
        .where('batch_id', '=', batchId)
        .groupBy('state')
        .execute();
      const out = Object.fromEntries(ROW_STATES.map((s) => [s, 0])) as RefundBatchRowCounts;
      for (const r of rows) out[r.state] = Number(r.n);
      return out;
    },

    async claimRows(batchId, limit, at) {
      const candidates = await db
        .selectFrom('refund_batch_rows')
        .select('row_number')
        .where('batch_id', '=', batchId)
        .where('state', '=', 'pending')
        .orderBy('row_number')
        .limit(limit)
        .execute();
      if (candidates.length === 0) return [];
      // only rows still pending are taken: of two claimers, each row goes to one
      const claimed = await db
        .updateTable('refund_batch_rows')
        .set({ state: 'working', claimed_at: toMs(at) })
        .where('batch_id', '=', batchId)
        .where('state', '=', 'pending')
        .where(
          'row_number',
          'in',
          candidates.map((c) => Number(c.row_number)),
        )
        .returningAll()
        .execute();
      return claimed.map(toRow).sort((a, b) => a.row - b.row);
    },

    async finishRow(batchId, row, outcome) {
      await db
        .updateTable('refund_batch_rows')
        .set({ state: outcome.state, message: outcome.message, refund_id: outcome.refundId, refunded_amount: outcome.refundedAmount })
        .where('batch_id', '=', batchId)
        .where('row_number', '=', row)
        .where('state', '=', 'working')
        .execute();
    },

    async releaseStale(batchId, before) {
      const res = await db
        .updateTable('refund_batch_rows')
        .set({ state: 'pending', claimed_at: null })
        .where('batch_id', '=', batchId)
        .where('state', '=', 'working')
        .where('claimed_at', '<', toMs(before))
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
  };
}
