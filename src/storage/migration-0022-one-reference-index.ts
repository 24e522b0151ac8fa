/**
 * Migration 0022: one index on a payment's merchant reference, not two (issue 10).
 *
 * `payments_merchant_reference (merchant_id, reference)` (migration 0001) served a merchant's look-up
 * of its references; `payments_reference (reference)` (migration 0011) an operator's, across
 * merchants. Every create wrote an entry in each, and a merchant whose references are random (UUIDs,
 * hashes) wrote a leaf of its own in each. `payments_reference_merchant (reference, merchant_id)`
 * serves both: `reference = ?` is its prefix, and `reference = ? and merchant_id = ?` finds the
 * merchant's rows without reading another merchant's payments of the same reference.
 */
import type { Kysely, Migration } from 'kysely';

export const oneReferenceIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('payments_reference_merchant').on('payments').columns(['reference', 'merchant_id']).execute();
    await db.schema.dropIndex('payments_merchant_reference').execute();
    await db.schema.dropIndex('payments_reference').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('payments_reference').on('payments').column('reference').execute();
    await db.schema.createIndex('payments_merchant_reference').on('payments').columns(['merchant_id', 'reference']).execute();
    await db.schema.dropIndex('payments_reference_merchant').execute();
  },
};
