/**
 * Migration 0018: a payment's refunds indexed by (payment_id, reference), replacing the index on
 * payment_id alone (issue 10).
 *
 * Every refund request looks its reference up among its payment's refunds (an idempotent retry
 * finds the refund it made). With only `payment_id` indexed, that lookup read every refund of the
 * payment: 49 µs a refund in the bench, whose payments carry up to 150 partial refunds each, and
 * more for each refund a payment already has. The new index finds the one row; its prefix serves
 * everything the old index served (a payment's refunds, listed by id).
 */
import type { Kysely, Migration } from 'kysely';

export const refundReferenceIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('refunds_payment_reference').on('refunds').columns(['payment_id', 'reference']).execute();
    await db.schema.dropIndex('refunds_payment_id').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('refunds_payment_id').on('refunds').column('payment_id').execute();
    await db.schema.dropIndex('refunds_payment_reference').execute();
  },
};
