/**
 * Migration 0011, the dashboard's payments list and its Data API (ADR 0023):
 * - `payments_merchant_newest` (merchant_id, created_at, id) and `payments_newest` (created_at, id):
 *   the keyset order newest first, (createdAt, id) descending, one merchant's and every merchant's
 *   (an operator's), read backwards, so a page is an index range whatever its depth;
 * - `payments_reference` (reference): the search by a merchant's reference across merchants (an
 *   operator's); one merchant's uses payments_merchant_reference;
 * - `payments_merchant_customer_email` (merchant_id, lower(customer.email)): the customer e-mail
 *   filter, an expression index (the payment's customer JSON never changes after insert, so no
 *   column needs keeping in step); the WHERE clause uses the very same expression;
 * - `data_api_tokens`: the Data API's read-only tokens, one merchant each, by the SHA-256 of the
 *   secret (unique), with who made them, when last used and when revoked.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { notNull, withId } from './migration-columns.js';
import type { StoreKind } from './schema.js';

/** The customer's e-mail, lower case, out of payments.customer (JSON text); the same text in the index and the filter. */
export function customerEmailExpression(kind: StoreKind): string {
  return kind === 'postgres' ? `lower((customer::jsonb) ->> 'email')` : `lower(json_extract(customer, '$.email'))`;
}

export function paymentSearchAndDataApi(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('payments_merchant_newest').on('payments').columns(['merchant_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('payments_newest').on('payments').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('payments_reference').on('payments').column('reference').execute();
      await db.schema
        .createIndex('payments_merchant_customer_email')
        .on('payments')
        .expression(sql.raw(`merchant_id, ${customerEmailExpression(kind)}`))
        .execute();
      // (merchant_id, created_at) is a prefix of payments_merchant_newest: it only slowed inserts down
      await db.schema.dropIndex('payments_merchant_created').execute();

      await withId(kind, db.schema.createTable('data_api_tokens'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('name', 'text', notNull)
        .addColumn('secret_hash', 'text', notNull)
        .addColumn('created_by', 'bigint', (c) => c.references('dashboard_users.id'))
        .addColumn('created_at', 'bigint', notNull)
        .addColumn('last_used_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .addUniqueConstraint('data_api_tokens_secret_hash', ['secret_hash'])
        .execute();
      await db.schema.createIndex('data_api_tokens_merchant').on('data_api_tokens').columns(['merchant_id', 'id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('data_api_tokens').execute();
      await db.schema.createIndex('payments_merchant_created').on('payments').columns(['merchant_id', 'created_at']).execute();
      for (const index of ['payments_merchant_customer_email', 'payments_reference', 'payments_newest', 'payments_merchant_newest'])
        await db.schema.dropIndex(index).execute();
    },
  };
}
