import type { Insertable, Selectable, Updateable } from 'kysely';
import { withStartId } from '../id-starts.js';
import type { Article, Refund } from '../../core/model.js';
import { MissingRowError, type NewRefund, type RefundPatch, type RefundRepo } from '../../core/ports/store.js';
import type { RefundsTable } from '../schema.js';
import { fromFlag, fromJson, fromJsonOrNull, fromMs, toFlag, toJson, toJsonOrNull } from '../column-codecs.js';
import { insertedRow } from './inserted-row.js';
import type { RepoScope } from './repo-scope.js';
import { afterPosition } from './sweep-position.js';
import { precompiled, precompiledPerShape } from '../precompiled-query.js';

type Row = Selectable<RefundsTable>;

function toRefund(r: Row): Refund {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    paymentId: r.payment_id,
    dialect: r.dialect,
    reference: r.reference,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    description: r.description,
    articles: fromJsonOrNull<Article[]>(r.articles),
    connectorRef: r.connector_ref,
    needsSync: fromFlag(r.needs_sync),
    failureCode: r.failure_code,
    failureMessage: r.failure_message,
    extras: fromJson<Record<string, unknown>>(r.extras),
    createdAt: fromMs(r.created_at),
    updatedAt: fromMs(r.updated_at),
  };
}

function toInsertRow(r: NewRefund, now: number): Insertable<RefundsTable> {
  return {
    merchant_id: r.merchantId,
    payment_id: r.paymentId,
    dialect: r.dialect,
    reference: r.reference,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    description: r.description,
    articles: toJsonOrNull(r.articles),
    connector_ref: r.connectorRef,
    needs_sync: toFlag(r.needsSync),
    failure_code: r.failureCode,
    failure_message: r.failureMessage,
    extras: toJson(r.extras),
    created_at: now,
    updated_at: now,
  };
}

function toUpdateRow(patch: RefundPatch, now: number): Updateable<RefundsTable> {
  const row: Updateable<RefundsTable> = { updated_at: now };
  if (patch.status !== undefined) row.status = patch.status;
  if (patch.connectorRef !== undefined) row.connector_ref = patch.connectorRef;
  if (patch.needsSync !== undefined) row.needs_sync = toFlag(patch.needsSync);
  if (patch.failureCode !== undefined) row.failure_code = patch.failureCode;
  if (patch.failureMessage !== undefined) row.failure_message = patch.failureMessage;
  if (patch.extras !== undefined) row.extras = toJson(patch.extras);
  return row;
}

// What every refund and refund lookup runs, compiled once per database kind (../precompiled-query.ts).
const insertRefund = precompiledPerShape((db, row: Insertable<RefundsTable>, _$, kind) =>
  db
    .insertInto('refunds')
    .values(withStartId(kind, 'refunds', row))
    .returning('id'),
);
const refundOfPayment = precompiled<[merchantId: string, paymentId: number, id: number], Row>((db, $) =>
  db.selectFrom('refunds').selectAll().where('merchant_id', '=', $(0)).where('payment_id', '=', $(1)).where('id', '=', $(2)),
);
const refundById = precompiled<[id: number], Row>((db, $) => db.selectFrom('refunds').selectAll().where('id', '=', $(0)));
const refundsOfPayment = precompiled<[merchantId: string, paymentId: number], Row>((db, $) =>
  db.selectFrom('refunds').selectAll().where('merchant_id', '=', $(0)).where('payment_id', '=', $(1)).orderBy('id', 'asc'),
);
const refundByReference = precompiled<[paymentId: number, reference: string], Row>((db, $) =>
  db.selectFrom('refunds').selectAll().where('payment_id', '=', $(0)).where('reference', '=', $(1)).orderBy('id', 'asc').limit(1),
);
/** One compiled query per set of columns a patch sets. */
const updateRefund = precompiledPerShape<Updateable<RefundsTable>, [id: number], Row>((db, set, $) =>
  db.updateTable('refunds').set(set).where('id', '=', $(0)).returningAll(),
);

export function refundRepo(scope: RepoScope): RefundRepo {
  const { db, now } = scope;
  return {
    async insert(r) {
      const values = toInsertRow(r, now());
      const { id } = await insertRefund.firstOrThrow(scope, values);
      return toRefund(insertedRow<Insertable<RefundsTable>, Row>(values, id));
    },

    async get(merchantId, paymentId, refundId) {
      const row = await refundOfPayment.first(scope, merchantId, paymentId, refundId);
      return row ? toRefund(row) : undefined;
    },

    async getById(id) {
      const row = await refundById.first(scope, id);
      return row ? toRefund(row) : undefined;
    },

    async listByPayment(merchantId, paymentId) {
      const { rows } = await refundsOfPayment.execute(scope, merchantId, paymentId);
      return rows.map(toRefund);
    },

    async findByReference(paymentId, reference) {
      const row = await refundByReference.first(scope, paymentId, reference);
      return row ? toRefund(row) : undefined;
    },

    async update(id, patch) {
      const row = await updateRefund.first(scope, toUpdateRow(patch, now()), id);
      if (!row) throw new MissingRowError('refund', id);
      return toRefund(row);
    },

    async listNeedingSync(limit, after) {
      const rows = await db
        .selectFrom('refunds')
        .selectAll()
        .where('status', '=', 'pending')
        .where('needs_sync', '=', 1)
        .$if(after !== undefined, (q) => q.where(afterPosition(after!)))
        .orderBy('updated_at', 'asc')
        .orderBy('id', 'asc')
        .limit(limit)
        .execute();
      return rows.map(toRefund);
    },
  };
}
