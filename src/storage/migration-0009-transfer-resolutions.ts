/**
 * Migration 0009: what a person decided about money kept for them (core/transfers/apply-held-transfer.ts,
 * return-held-transfer.ts): `resolution` is null while it waits, then `applied` (to
 * `resolved_payment_id`) or `returned` (to be paid back to the payer), with when and a note.
 */
import type { Kysely, Migration } from 'kysely';

export const transferResolutions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('incoming_transfers').addColumn('resolution', 'text').execute();
    await db.schema.alterTable('incoming_transfers').addColumn('resolved_at', 'bigint').execute();
    await db.schema.alterTable('incoming_transfers').addColumn('resolved_payment_id', 'bigint').execute();
    await db.schema.alterTable('incoming_transfers').addColumn('resolution_note', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const column of ['resolution_note', 'resolved_payment_id', 'resolved_at', 'resolution'])
      await db.schema.alterTable('incoming_transfers').dropColumn(column).execute();
  },
};
