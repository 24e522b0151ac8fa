/**
 * Migration 0017: one index on payments (created_at, id), not two. Migration 0011 made
 * `payments_newest` for an operator's newest-first list; migration 0013 made `payments_created`,
 * the same columns in the same order, for reports' date ranges. Either serves both, and every
 * payment insert and every commit that carries one paid for the second (docs/benchmarks.md).
 */
import type { Kysely, Migration } from 'kysely';

export const oneNewestPaymentsIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('payments_created').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('payments_created').on('payments').columns(['created_at', 'id']).execute();
  },
};
