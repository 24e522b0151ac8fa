/**
 * Mass refunds' part of the Store (ADR 0024): a batch is one uploaded CSV file of one merchant, its
 * rows each validated before anything moves, then refunded one by one in the background. A row is
 * claimed (`pending → working`) before its refund is asked, so a crashed run can be found and resumed.
 * Implemented by storage/repos/refund-batches.ts on both databases, reached through `Repos`.
 */

/** validated: checked, nothing moved yet; running: its rows are being refunded; done: every row finished. */
export type RefundBatchState = 'validated' | 'running' | 'done';

/**
 * invalid: refused at validation (never refunded); pending: waiting for its refund; working: claimed
 * by a run; refunded / failed: its refund's outcome.
 */
export type RefundBatchRowState = 'invalid' | 'pending' | 'working' | 'refunded' | 'failed';

export interface RefundBatch {
  id: number;
  merchantId: string;
  fileName: string;
  /** SHA-256 (hex) of the file's bytes: one file is one batch per merchant. */
  fileHash: string;
  state: RefundBatchState;
  rowsTotal: number;
  rowsValid: number;
  /** Who uploaded it (e-mail). */
  uploadedBy: string;
  createdAt: Date;
  submittedAt: Date | null;
  finishedAt: Date | null;
}

export type NewRefundBatch = Omit<RefundBatch, 'id' | 'createdAt' | 'submittedAt' | 'finishedAt'>;

export interface RefundBatchRow {
  batchId: number;
  /** 1-based, the file's data rows (the header line is not counted). */
  row: number;
  /** As written in the file. */
  paymentText: string;
  amountText: string;
  currency: string;
  reason: string;
  /** The payment it names, when found. */
  paymentId: number | null;
  /** Minor units; null: everything left on the payment when its turn comes. */
  amount: number | null;
  state: RefundBatchRowState;
  /** Why it is invalid or failed; what was refunded. */
  message: string | null;
  refundId: number | null;
  /** The refund's amount, once made (minor units). */
  refundedAmount: number | null;
  claimedAt: Date | null;
}

export type NewRefundBatchRow = Omit<RefundBatchRow, 'batchId' | 'refundId' | 'refundedAmount' | 'claimedAt'>;

export type RefundBatchRowCounts = Record<RefundBatchRowState, number>;

export interface RefundBatchRepo {
  /** undefined when the merchant already has a batch of this file (same hash): `findByHash` names it. */
  insert(b: NewRefundBatch): Promise<RefundBatch | undefined>;
  findByHash(merchantId: string, fileHash: string): Promise<RefundBatch | undefined>;
  get(id: number): Promise<RefundBatch | undefined>;
  /** Newest first: one merchant's batches, or everyone's (undefined). */
  list(merchantId: string | undefined, limit: number): Promise<RefundBatch[]>;
  /** Batches in this state, oldest first (resuming the running ones). */
  listByState(state: RefundBatchState, limit: number): Promise<RefundBatch[]>;
  /** Moves a batch from `from` to `to` (stamping submitted/finished); false when it was not in `from`. */
  moveState(id: number, from: RefundBatchState, to: RefundBatchState, at: Date): Promise<boolean>;
  insertRows(batchId: number, rows: readonly NewRefundBatchRow[]): Promise<void>;
  /** In row order, from row `after` + 1 on. */
  listRows(batchId: number, after: number, limit: number): Promise<RefundBatchRow[]>;
  counts(batchId: number): Promise<RefundBatchRowCounts>;
  /** Claims up to `limit` pending rows (pending → working, claimed at `at`); each row is claimed by one caller only. */
  claimRows(batchId: number, limit: number, at: Date): Promise<RefundBatchRow[]>;
  /** Writes a working row's outcome. */
  finishRow(
    batchId: number,
    row: number,
    outcome: { state: 'refunded' | 'failed'; message: string; refundId: number | null; refundedAmount: number | null },
  ): Promise<void>;
  /** Working rows claimed before `before` go back to pending (their run died); how many. */
  releaseStale(batchId: number, before: Date): Promise<number>;
}
