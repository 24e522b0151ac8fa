import type { Insertable, Selectable } from 'kysely';
import type { Operation } from '../../core/model.js';
import type { OperationRepo } from '../../core/ports/store.js';
import type { OperationsTable } from '../schema.js';
import { fromMs } from '../column-codecs.js';
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

// Every create, approval and refund appends; every lookup lists (../precompiled-query.ts).
const insertOperation = precompiledPerShape((db, row: Insertable<OperationsTable>) =>
  db.insertInto('operations').values(row).returningAll(),
);
const operationsOfPayment = precompiled<[merchantId: string, paymentId: number], Selectable<OperationsTable>>((db, $) =>
  db.selectFrom('operations').selectAll().where('merchant_id', '=', $(0)).where('payment_id', '=', $(1)).orderBy('id', 'asc'),
);

export function operationRepo(scope: RepoScope): OperationRepo {
  const { db, now } = scope;
  return {
    async append(op) {
      const row = await insertOperation.firstOrThrow(scope, {
        merchant_id: op.merchantId,
        payment_id: op.paymentId,
        preapproval_id: op.preapprovalId,
        refund_id: op.refundId,
        kind: op.kind,
        status: op.status,
        amount: op.amount,
        currency: op.currency,
        code: op.code,
        message: op.message,
        created_at: now(),
      });
      return toOperation(row);
    },

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
