/**
 * Migration 0012, mass refunds from the dashboard (ADR 0024):
 * - `refund_batches`: one uploaded CSV file of one merchant; (merchant_id, file_hash) is unique, so
 *   the same file uploaded again is recognised as the batch it already is;
 * - `refund_batch_rows`: the file's rows as validated, each with its state (invalid, pending,
 *   working, refunded, failed), the payment it names and the refund it made; a run claims rows by
 *   their state, so a batch left running by a crash is resumed where it stopped.
 */
import type { Kysely, Migration } from 'kysely';
import { notNull, withId } from './migration-columns.js';
import type { StoreKind } from './schema.js';

export function refundBatches(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(kind, db.schema.createTable('refund_batches'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('file_name', 'text', notNull)
        .addColumn('file_hash', 'text', notNull)
        .addColumn('state', 'text', notNull)
        .addColumn('rows_total', 'integer', notNull)
        .addColumn('rows_valid', 'integer', notNull)
        .addColumn('uploaded_by', 'text', notNull)
        .addColumn('created_at', 'bigint', notNull)
        .addColumn('submitted_at', 'bigint')
        .addColumn('finished_at', 'bigint')
        .addUniqueConstraint('refund_batches_merchant_file', ['merchant_id', 'file_hash'])
        .execute();
      await db.schema.createIndex('refund_batches_state').on('refund_batches').columns(['state', 'id']).execute();

      await db.schema
        .createTable('refund_batch_rows')
        .addColumn('batch_id', 'bigint', (c) => c.notNull().references('refund_batches.id'))
        .addColumn('row_number', 'integer', notNull)
        .addColumn('payment_text', 'text', notNull)
        .addColumn('amount_text', 'text', notNull)
        .addColumn('currency', 'text', notNull)
        .addColumn('reason', 'text', notNull)
        .addColumn('payment_id', 'bigint')
        .addColumn('amount', 'bigint')
        .addColumn('state', 'text', notNull)
        .addColumn('message', 'text')
        .addColumn('refund_id', 'bigint')
        .addColumn('refunded_amount', 'bigint')
        .addColumn('claimed_at', 'bigint')
        .addPrimaryKeyConstraint('refund_batch_rows_pkey', ['batch_id', 'row_number'])
        .execute();
      await db.schema.createIndex('refund_batch_rows_state').on('refund_batch_rows').columns(['batch_id', 'state', 'row_number']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('refund_batch_rows').execute();
      await db.schema.dropTable('refund_batches').execute();
    },
  };
}
