/**
 * Migration 0020: a change to a merchant's per-API notification URL bumps the `auth` version too
 * (ADR 0042), as a change to a merchant or a credential has since migration 0007 (ADR 0014).
 *
 * What a notification is sent to (the merchant's URL, the API's URL, the API's credentials:
 * `notificationTargets.get`) is kept per process and tagged with that version, read in the
 * transaction that raises the notification; so every write that can change the target, by any
 * process, the CLI or a hand-written statement, must bump it. `merchants` and `credentials` already
 * do; `merchant_notify_urls` now does, with the same trigger function on PostgreSQL.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from './schema.js';

const TABLE = 'merchant_notify_urls';
const EVENTS = ['insert', 'update', 'delete'] as const;

export function notifyUrlVersion(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (kind === 'sqlite') {
        for (const event of EVENTS) {
          await sql`create trigger ${sql.id(`${TABLE}_${event}_bumps_auth_version`)} after ${sql.raw(event)} on ${sql.id(TABLE)}
            begin update cache_versions set version = version + 1 where name = 'auth'; end`.execute(db);
        }
        return;
      }
      // bump_auth_version() is migration 0007's: it updates the table in the trigger's own schema
      await sql`create trigger ${sql.id(`${TABLE}_bump_auth_version`)} after insert or update or delete or truncate on ${sql.id(TABLE)}
        for each statement execute function bump_auth_version()`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (kind === 'sqlite') {
        for (const event of EVENTS) await sql`drop trigger if exists ${sql.id(`${TABLE}_${event}_bumps_auth_version`)}`.execute(db);
        return;
      }
      await sql`drop trigger if exists ${sql.id(`${TABLE}_bump_auth_version`)} on ${sql.id(TABLE)}`.execute(db);
    },
  };
}
