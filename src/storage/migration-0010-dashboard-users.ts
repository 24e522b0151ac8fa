/**
 * Migration 0010, the dashboard's sign-in (ADR 0022):
 * - `dashboard_users`: one row per e-mail (kept in lower case, so unique case-insensitively), a
 *   merchant's user with a role, or an operator with no merchant (a check keeps the two together);
 *   removing a user sets `disabled_at` and keeps the row, which the audit log names;
 * - `dashboard_sessions`: server-side sessions, by the SHA-256 of the cookie's id, with their
 *   synchronizer CSRF token, idle (`last_seen_at`) and absolute (`expires_at`) ends;
 * - `login_failures`: failed sign-ins counted per account and per address, and how long each is locked;
 * - `audit_log`: who did what, when and from where; listed per merchant newest first.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { notNull, withId } from './migration-columns.js';
import type { StoreKind } from './schema.js';

export function dashboardUsers(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await withId(kind, db.schema.createTable('dashboard_users'))
        .addColumn('email', 'text', notNull)
        .addColumn('merchant_id', 'text', (c) => c.references('merchants.id'))
        .addColumn('role', 'text', notNull)
        .addColumn('password_hash', 'text', notNull)
        .addColumn('must_change_password', 'integer', notNull)
        .addColumn('created_at', 'bigint', notNull)
        .addColumn('disabled_at', 'bigint')
        .addUniqueConstraint('dashboard_users_email', ['email'])
        .addCheckConstraint('dashboard_users_email_lower', sql`email = lower(email)`)
        .addCheckConstraint('dashboard_users_role', sql`role in ('owner', 'refunds', 'read-only', 'operator')`)
        .addCheckConstraint('dashboard_users_operator_has_no_merchant', sql`(role = 'operator') = (merchant_id is null)`)
        .execute();
      await db.schema.createIndex('dashboard_users_merchant').on('dashboard_users').columns(['merchant_id', 'email']).execute();

      await db.schema
        .createTable('dashboard_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('dashboard_users.id'))
        .addColumn('csrf_token', 'text', notNull)
        .addColumn('created_at', 'bigint', notNull)
        .addColumn('last_seen_at', 'bigint', notNull)
        .addColumn('expires_at', 'bigint', notNull)
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('dashboard_sessions_user').on('dashboard_sessions').column('user_id').execute();

      await db.schema
        .createTable('login_failures')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', notNull)
        .addColumn('last_failure_at', 'bigint', notNull)
        .addColumn('locked_until', 'bigint')
        .execute();

      await withId(kind, db.schema.createTable('audit_log'))
        .addColumn('merchant_id', 'text')
        .addColumn('user_id', 'bigint')
        .addColumn('actor', 'text', notNull)
        .addColumn('action', 'text', notNull)
        .addColumn('subject', 'text', notNull)
        .addColumn('detail', 'text', notNull)
        .addColumn('ip', 'text')
        .addColumn('created_at', 'bigint', notNull)
        .execute();
      // a merchant's entries newest first: (merchant_id, id desc); everyone's: the primary key
      await db.schema.createIndex('audit_log_merchant_newest').on('audit_log').columns(['merchant_id', 'id desc']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['audit_log', 'login_failures', 'dashboard_sessions', 'dashboard_users'])
        await db.schema.dropTable(table).execute();
    },
  };
}
