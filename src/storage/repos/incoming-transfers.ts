import type { Selectable } from 'kysely';
import type { IncomingTransferRecord, IncomingTransferRepo } from '../../core/ports/store.js';
import type { IncomingTransfersTable } from '../schema.js';
import { fromMs, fromMsOrNull } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

function toRecord(r: Selectable<IncomingTransfersTable>): IncomingTransferRecord {
  return {
    id: r.id,
    connector: r.connector,
    transactionId: r.transaction_id,
    reference: r.reference,
    amount: r.amount,
    currency: r.currency,
    valueDate: r.value_date,
    payer: r.payer,
    account: r.account,
    source: r.source,
    receivedAt: fromMs(r.received_at),
    outcome: r.outcome,
    paymentId: r.payment_id,
    merchantId: r.merchant_id,
    note: r.note,
    resolution: r.resolution,
    resolvedAt: fromMsOrNull(r.resolved_at),
    resolvedPaymentId: r.resolved_payment_id,
    resolutionNote: r.resolution_note,
  };
}

export function incomingTransferRepo({ db, now, kind }: RepoScope): IncomingTransferRepo {
  return {
    async record(t) {
      // the unique (connector, transaction_id) decides between concurrent copies: one row, one isNew
      const inserted = await db
        .insertInto('incoming_transfers')
        .values({
          connector: t.connector,
          transaction_id: t.transactionId,
          reference: t.reference,
          amount: t.amount,
          currency: t.currency,
          value_date: t.valueDate,
          payer: t.payer,
          account: t.account,
          source: t.source,
          received_at: now(),
          outcome: t.outcome,
          payment_id: t.paymentId,
          merchant_id: t.merchantId,
          note: t.note,
        })
        .onConflict((oc) => oc.columns(['connector', 'transaction_id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { transfer: toRecord(inserted), isNew: true };
      const kept = await db
        .selectFrom('incoming_transfers')
        .selectAll()
        .where('connector', '=', t.connector)
        .where('transaction_id', '=', t.transactionId)
        .executeTakeFirstOrThrow();
      return { transfer: toRecord(kept), isNew: false };
    },

    async list(outcomes, limit, opts = {}) {
      if (outcomes.length === 0) return [];
      let q = db
        .selectFrom('incoming_transfers')
        .selectAll()
        .where('outcome', 'in', [...outcomes]);
      if (opts.resolved !== true) q = q.where('resolution', 'is', null);
      const rows = await q.orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toRecord);
    },

    async getByIdForUpdate(id) {
      const q = db.selectFrom('incoming_transfers').selectAll().where('id', '=', id);
      const row = await (kind === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
      return row && toRecord(row);
    },

    async resolve(id, patch) {
      // only while nobody decided: of two people at once, one row is updated, the other gets undefined
      const row = await db
        .updateTable('incoming_transfers')
        .set({ resolution: patch.resolution, resolved_at: now(), resolved_payment_id: patch.paymentId, resolution_note: patch.note })
        .where('id', '=', id)
        .where('resolution', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },
  };
}
