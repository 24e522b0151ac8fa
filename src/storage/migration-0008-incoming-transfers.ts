/**
 * Migration 0008: money that arrived in a collection account (bank credit notices, imported
 * statements), one row per bank transaction — (connector, transaction_id) is unique, so the same
 * transaction seen twice is kept and applied once — with what walletgate made of it. And an index to
 * find a payment by the reference the payer quoted (payments.connector_ref).
 */
import type { Kysely, Migration } from 'kysely';
import { notNull, withId } from './migration-columns.js';
import type { StoreKind } from './schema.js';

export function incomingTransfers(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(kind, db.schema.createTable('incoming_transfers'))
        .addColumn('connector', 'text', notNull)
        .addColumn('transaction_id', 'text', notNull)
        .addColumn('reference', 'text', notNull)
        .addColumn('amount', 'bigint', notNull)
        .addColumn('currency', 'text', notNull)
        .addColumn('value_date', 'text', notNull)
        .addColumn('payer', 'text')
        .addColumn('account', 'text')
        .addColumn('source', 'text', notNull)
        .addColumn('received_at', 'bigint', notNull)
        .addColumn('outcome', 'text', notNull)
        .addColumn('payment_id', 'bigint')
        .addColumn('merchant_id', 'text')
        .addColumn('note', 'text')
        .addUniqueConstraint('incoming_transfers_connector_transaction', ['connector', 'transaction_id'])
        .execute();
      await db.schema.createIndex('incoming_transfers_outcome').on('incoming_transfers').columns(['outcome', 'id']).execute();
      await db.schema.createIndex('payments_connector_ref').on('payments').columns(['connector', 'connector_ref']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('payments_connector_ref').execute();
      await db.schema.dropTable('incoming_transfers').execute();
    },
  };
}
