/**
 * Migration 0015, report runs a stopped gateway left behind (docs/dashboard.md, "Report runs a
 * stopped gateway left"):
 * - `report_runs.heartbeat_at`: when the process writing the run last showed it was alive (set when
 *   it starts, and after every page of rows). A run queued or running whose heartbeat (or, never
 *   started, creation) is older than the bound has no live writer and is marked failed.
 */
import type { Kysely, Migration } from 'kysely';

export const reportHeartbeat: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('report_runs').addColumn('heartbeat_at', 'bigint').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('report_runs').dropColumn('heartbeat_at').execute();
  },
};
