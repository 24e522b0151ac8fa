/**
 * Migration 0017: fewer index entries for every payment and operation written (docs/benchmarks.md,
 * issue 10). Each index a row is in is one more B-tree page its transaction dirties, and each dirty
 * page is written to the log at COMMIT.
 *
 * - One index on payments (created_at, id), not two: migration 0011 made `payments_newest` for an
 *   operator's newest-first list, migration 0013 made `payments_created`, the same columns in the
 *   same order, for reports' date ranges. Either serves both.
 * - Partial indexes on columns that are null for most rows and are only ever looked up by a value
 *   (`col = ?`, which implies `col is not null`, so SQLite and PostgreSQL both use the partial index
 *   for it): a payment's agreement (`preapproval_id`), its wallet reference before the wallet has
 *   answered (`connector_ref`), the unique reference of an API whose references are not unique
 *   (`unique_reference`: nulls never conflicted, so the rule is the same), an operation's agreement.
 *   A row with a null there is in no such index.
 * - The payments waiting for a wallet check (`needs_sync = 1`, a handful at any time) in an index of
 *   their own, not every payment: every insert and every update of a payment (a new `updated_at`)
 *   moved its entry in `payments_needs_sync`. The sweeper's query says `needs_sync = 1` in its text,
 *   as the index does, so both databases use it.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** An index on `table (columns)` that holds only the rows whose `column` is not null, or equals `equals`. */
interface PartialIndex {
  name: string;
  table: string;
  columns: string[];
  column: string;
  unique?: boolean;
  equals?: number;
}

const PARTIAL: PartialIndex[] = [
  { name: 'payments_preapproval_id', table: 'payments', columns: ['preapproval_id'], column: 'preapproval_id' },
  { name: 'payments_connector_ref', table: 'payments', columns: ['connector', 'connector_ref'], column: 'connector_ref' },
  {
    name: 'payments_merchant_unique_reference',
    table: 'payments',
    columns: ['merchant_id', 'unique_reference'],
    column: 'unique_reference',
    unique: true,
  },
  { name: 'operations_preapproval_id', table: 'operations', columns: ['preapproval_id'], column: 'preapproval_id' },
  { name: 'payments_needs_sync', table: 'payments', columns: ['needs_sync', 'updated_at'], column: 'needs_sync', equals: 1 },
];

function create(db: Kysely<unknown>, ix: PartialIndex, partial: boolean) {
  let q = db.schema.createIndex(ix.name).on(ix.table).columns(ix.columns);
  if (ix.unique) q = q.unique();
  if (!partial) return q;
  // a literal, not a parameter: the queries that use the index say the same in their text
  return ix.equals === undefined ? q.where(sql.ref(ix.column), 'is not', null) : q.where(sql.ref(ix.column), '=', sql.lit(ix.equals));
}

export const leanerIndexes: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('payments_created').execute();
    for (const ix of PARTIAL) {
      await db.schema.dropIndex(ix.name).execute();
      await create(db, ix, true).execute();
    }
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const ix of PARTIAL) {
      await db.schema.dropIndex(ix.name).execute();
      await create(db, ix, false).execute();
    }
    await db.schema.createIndex('payments_created').on('payments').columns(['created_at', 'id']).execute();
  },
};
