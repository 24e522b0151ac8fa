/**
 * Migration 0013, reports (ADR 0025):
 * - `report_runs`: each report asked for (now, or by a schedule), its range [from_at, to_at), state,
 *   and the CSV it wrote (file name, rows, bytes) or why it failed; merchant_id null: every merchant;
 * - `report_schedules`: a report run each period (daily, weekly, monthly); `next_run_at` is when the
 *   next one is due, and moving it (compare-and-set) is how one process claims a due period;
 * - indexes for the reports' keyset pages: refunds and delivery attempts by time.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { notNull, withId } from './migration-columns.js';
import type { StoreKind } from './schema.js';

export function reports(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(kind, db.schema.createTable('report_schedules'))
        .addColumn('merchant_id', 'text', (c) => c.references('merchants.id'))
        .addColumn('kind', 'text', notNull)
        .addColumn('period', 'text', notNull)
        .addColumn('created_by', 'text', notNull)
        .addColumn('created_at', 'bigint', notNull)
        .addColumn('next_run_at', 'bigint', notNull)
        .addColumn('disabled_at', 'bigint')
        .addCheckConstraint('report_schedules_kind', sql`kind in ('payments', 'refunds', 'deliveries')`)
        .addCheckConstraint('report_schedules_period', sql`period in ('daily', 'weekly', 'monthly')`)
        .execute();
      await db.schema.createIndex('report_schedules_due').on('report_schedules').columns(['disabled_at', 'next_run_at']).execute();

      await withId(kind, db.schema.createTable('report_runs'))
        .addColumn('merchant_id', 'text', (c) => c.references('merchants.id'))
        .addColumn('kind', 'text', notNull)
        .addColumn('from_at', 'bigint', notNull)
        .addColumn('to_at', 'bigint', notNull)
        .addColumn('state', 'text', notNull)
        .addColumn('file_name', 'text')
        .addColumn('rows', 'bigint')
        .addColumn('bytes', 'bigint')
        .addColumn('requested_by', 'text', notNull)
        .addColumn('schedule_id', 'bigint', (c) => c.references('report_schedules.id'))
        .addColumn('created_at', 'bigint', notNull)
        .addColumn('finished_at', 'bigint')
        .addColumn('error', 'text')
        .addCheckConstraint('report_runs_kind', sql`kind in ('payments', 'refunds', 'deliveries')`)
        .addCheckConstraint('report_runs_state', sql`state in ('queued', 'running', 'done', 'failed')`)
        .execute();
      await db.schema.createIndex('report_runs_merchant_newest').on('report_runs').columns(['merchant_id', 'id']).execute();

      await db.schema.createIndex('refunds_merchant_created').on('refunds').columns(['merchant_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('refunds_created').on('refunds').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('payments_created').on('payments').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('delivery_attempts_at').on('delivery_attempts').columns(['at', 'id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const index of ['delivery_attempts_at', 'payments_created', 'refunds_created', 'refunds_merchant_created'])
        await db.schema.dropIndex(index).execute();
      for (const table of ['report_runs', 'report_schedules']) await db.schema.dropTable(table).execute();
    },
  };
}
