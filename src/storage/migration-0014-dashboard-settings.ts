/**
 * Migration 0014, the dashboard's settings (ADR 0026):
 * - `merchant_notify_urls`: a notification URL per API (dialect) of a merchant, used instead of the
 *   merchant's own `notify_url` for that API's notifications;
 * - `credentials.expires_at`: a rotated key keeps working until then (the overlap), and no longer
 *   after; null: no end. Authentication compares it with the clock at every request;
 * - `dashboard_users.totp_*`: the optional second factor — the TOTP secret sealed with the master key
 *   (like credentials), when it was switched on (null: off, or enrolment not yet confirmed), and the
 *   last time step a code was accepted at (a code is accepted once);
 * - `dashboard_pending_sign_ins`: a password that was right, waiting for the code: not a session.
 */
import type { Kysely, Migration } from 'kysely';
import { notNull } from './migration-columns.js';

export const dashboardSettings: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('merchant_notify_urls')
      .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
      .addColumn('dialect', 'text', notNull)
      .addColumn('url', 'text', notNull)
      .addColumn('updated_at', 'bigint', notNull)
      .addPrimaryKeyConstraint('merchant_notify_urls_pkey', ['merchant_id', 'dialect'])
      .execute();
    await db.schema.alterTable('credentials').addColumn('expires_at', 'bigint').execute();
    await db.schema.alterTable('dashboard_users').addColumn('totp_secret_sealed', 'text').execute();
    await db.schema.alterTable('dashboard_users').addColumn('totp_enabled_at', 'bigint').execute();
    await db.schema.alterTable('dashboard_users').addColumn('totp_last_step', 'bigint').execute();
    await db.schema
      .createTable('dashboard_pending_sign_ins')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'bigint', (c) => c.notNull().references('dashboard_users.id'))
      .addColumn('created_at', 'bigint', notNull)
      .addColumn('expires_at', 'bigint', notNull)
      .addColumn('ip', 'text')
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('dashboard_pending_sign_ins').execute();
    for (const column of ['totp_last_step', 'totp_enabled_at', 'totp_secret_sealed'])
      await db.schema.alterTable('dashboard_users').dropColumn(column).execute();
    await db.schema.alterTable('credentials').dropColumn('expires_at').execute();
    await db.schema.dropTable('merchant_notify_urls').execute();
  },
};
