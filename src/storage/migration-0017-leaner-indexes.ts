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
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** An index on `table (columns)` that holds only the rows whose `column` is not null. */
interface PartialIndex {
  name: string;
  table: string;
  columns: string[];
  notNull: string;
  unique?: boolean;
}

const PARTIAL: PartialIndex[] = [
  { name: 'payments_preapproval_id', table: 'payments', columns: ['preapproval_id'], notNull: 'preapproval_id' },
  { name: 'payments_connector_ref', table: 'payments', columns: ['connector', 'connector_ref'], notNull: 'connector_ref' },
  {
    name: 'payments_merchant_unique_reference',
    table: 'payments',
    columns: ['merchant_id', 'unique_reference'],
    notNull: 'unique_reference',
    unique: true,
  },
  { name: 'operations_preapproval_id', table: 'operations', columns: ['preapproval_id'], notNull: 'preapproval_id' },
];

function create(db: Kysely<unknown>, ix: PartialIndex, partial: boolean) {
  let q = db.schema.createIndex(ix.name).on(ix.table).columns(ix.columns);
  if (ix.unique) q = q.unique();
  return partial ? q.where(sql.ref(ix.notNull), 'is not', null) : q;
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
