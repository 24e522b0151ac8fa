/**
 * Migration 0021: when the sweeper looks at a waiting record next (ADR 0051).
 *
 * The sweeper listed the 100 waiting payments (and agreements) least recently updated, by
 * `(status, updated_at)`. A look that finds the checkout still open writes nothing, so with more
 * than 100 open the same 100 were asked about on every pass, and a newer one, paid at the wallet
 * though its customer's return was lost, waited until the older ones left.
 *
 * - `sweep_at`: when the sweeper looks at the record next; null until its first look. The sweeper
 *   writes it after each look (growing intervals by age, never past the record's expiry).
 * - `payments_sweep_due` and `preapprovals_sweep_due` hold only the waiting records, by
 *   `(sweep_at, created_at, id)`: the ones never looked at are one range (`sweep_at is null`, oldest
 *   first), the ones due again another (`sweep_at <= now`). The queries name the waiting statuses in
 *   their text as the indexes do, so both databases use them.
 * - They replace `payments_status_updated` and `preapprovals_status_updated`, which only the sweeper
 *   read. A create moved its entry there from `created` to `pending_customer` (two leaves of the
 *   log a COMMIT), and every later change of the payment moved it again, as `updated_at` changed.
 *   A waiting record's entry here stays where it is until it stops waiting, and then leaves.
 */
import { sql, type Kysely, type Migration } from 'kysely';

/** The waiting records, as the indexes' predicates say it: the sweeper's queries say it in the same words (repos/waiting-sweep.ts). */
export const WAITING_FOR_SWEEP = {
  payments: sql`status in ('created', 'pending_customer')`,
  preapprovals: sql`status in ('pending')`,
} as const;

const WAITING = [
  { table: 'payments', index: 'payments_sweep_due', old: 'payments_status_updated' },
  { table: 'preapprovals', index: 'preapprovals_sweep_due', old: 'preapprovals_status_updated' },
] as const;

export const sweepSchedule: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const w of WAITING) {
      await db.schema.alterTable(w.table).addColumn('sweep_at', 'bigint').execute();
      await sql`create index ${sql.id(w.index)} on ${sql.id(w.table)} (sweep_at, created_at, id) where ${WAITING_FOR_SWEEP[w.table]}`.execute(
        db,
      );
      await db.schema.dropIndex(w.old).execute();
    }
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const w of WAITING) {
      await db.schema.createIndex(w.old).on(w.table).columns(['status', 'updated_at']).execute();
      await db.schema.dropIndex(w.index).execute();
      await db.schema.alterTable(w.table).dropColumn('sweep_at').execute();
    }
  },
};
