/**
 * Migration 0009, two things issue 12 left:
 * - what a person decided about money kept for them (core/transfers/apply-held-transfer.ts,
 *   return-held-transfer.ts): `resolution` is null while it waits, then `applied` (to
 *   `resolved_payment_id`) or `returned` (to be paid back to the payer), with when and a note;
 * - the reference a merchant chose for the payer to quote (`payments.payer_reference`, upper case
 *   without spaces), unique per (merchant, connector) among open payments: a partial unique index
 *   both databases keep, so two payments created at once with one reference cannot both be stored.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const resolutionsAndPayerReferences: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('incoming_transfers').addColumn('resolution', 'text').execute();
    await db.schema.alterTable('incoming_transfers').addColumn('resolved_at', 'bigint').execute();
    await db.schema.alterTable('incoming_transfers').addColumn('resolved_payment_id', 'bigint').execute();
    await db.schema.alterTable('incoming_transfers').addColumn('resolution_note', 'text').execute();
    await db.schema.alterTable('payments').addColumn('payer_reference', 'text').execute();
    // the open statuses: core/transfers/apply-transfer-to-payment.ts OPEN
    await sql`create unique index payments_open_payer_reference on payments (merchant_id, connector, payer_reference)
      where payer_reference is not null and status in ('created', 'pending_customer', 'processing')`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('payments_open_payer_reference').execute();
    await db.schema.alterTable('payments').dropColumn('payer_reference').execute();
    for (const column of ['resolution_note', 'resolved_payment_id', 'resolved_at', 'resolution'])
      await db.schema.alterTable('incoming_transfers').dropColumn(column).execute();
  },
};
