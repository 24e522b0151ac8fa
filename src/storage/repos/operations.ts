import type { Insertable, Selectable } from 'kysely';
import type { Operation } from '../../core/model.js';
import type { NewOperation, OperationRepo } from '../../core/ports/store.js';
import type { OperationsTable } from '../schema.js';
import { fromMs, toMs } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';
import { precompiled, precompiledPerShape } from '../precompiled-query.js';

function toOperation(r: Selectable<OperationsTable>): Operation {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    paymentId: r.payment_id,
    preapprovalId: r.preapproval_id,
    refundId: r.refund_id,
    kind: r.kind,
    status: r.status,
    amount: r.amount,
    currency: r.currency,
    code: r.code,
    message: r.message,
    createdAt: fromMs(r.created_at),
  };
}

// Every create, approval and refund appends; every lookup lists (../precompiled-query.ts). The
// insert returns the id only: the rest of the row is the values written.
const insertOperation = precompiledPerShape((db, row: Insertable<OperationsTable>) =>
  db.insertInto('operations').values(row).returning('id'),
);
/** The same insert returning nothing, for `add` (sent with the transaction's next statement on PostgreSQL). */
const addOperation = precompiledPerShape((db, row: Insertable<OperationsTable>) => db.insertInto('operations').values(row));
const operationsOfPayment = precompiled<[merchantId: string, paymentId: number], Selectable<OperationsTable>>((db, $) =>
  db.selectFrom('operations').selectAll().where('merchant_id', '=', $(0)).where('payment_id', '=', $(1)).orderBy('id', 'asc'),
);

export function operationRepo(scope: RepoScope): OperationRepo {
  const { db, now } = scope;
  // a value left out is stored as NULL (no column of operations has a default)
  const rowOf = (op: NewOperation) => ({
    merchant_id: op.merchantId,
    payment_id: op.paymentId ?? null,
    preapproval_id: op.preapprovalId ?? null,
    refund_id: op.refundId ?? null,
    kind: op.kind,
    status: op.status,
    amount: op.amount ?? null,
    currency: op.currency ?? null,
    code: op.code ?? null,
    message: op.message ?? null,
    created_at: op.at ? toMs(op.at) : now(),
  });
  return {
    async append(op) {
      const values = rowOf(op);
      const { id } = await insertOperation.firstOrThrow(scope, values);
      return toOperation({ id, ...values });
    },

    add: (op) => addOperation.send(scope, rowOf(op)),

    async listByPayment(merchantId, paymentId) {
      const { rows } = await operationsOfPayment.execute(scope, merchantId, paymentId);
      return rows.map(toOperation);
    },

    async listByPreapproval(merchantId, preapprovalId) {
      const rows = await db
        .selectFrom('operations')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('preapproval_id', '=', preapprovalId)
        .orderBy('id', 'asc')
        .execute();
      return rows.map(toOperation);
    },
  };
}
