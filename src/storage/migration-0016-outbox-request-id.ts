/**
 * Migration 0016, the request behind each notification (docs/operations.md, "Following one request"):
 * - `outbox.request_id`: the id of the request (or sweeper pass) whose state change raised the
 *   notification; logged with every delivery attempt and sent to the merchant as
 *   `X-Walletgate-Request-Id`. Null for rows written before this migration.
 */
import type { Kysely, Migration } from 'kysely';

export const outboxRequestId: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('outbox').addColumn('request_id', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('outbox').dropColumn('request_id').execute();
  },
};
