/**
 * The one migration set, for SQLite and PostgreSQL alike. Migrations are TS objects served by an
 * in-code provider; the few dialect differences (id columns, sequence starts) switch on `kind`.
 * Never edit a migration that has shipped: add a new one.
 */
import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { MigrationReport, RemovedCredential } from '../core/ports/store.js';
import type { StoreKind } from './schema.js';
import { incomingTransfers } from './migration-0008-incoming-transfers.js';
import { resolutionsAndPayerReferences } from './migration-0009-resolutions-and-payer-references.js';
import { dashboardUsers } from './migration-0010-dashboard-users.js';
import { paymentSearchAndDataApi } from './migration-0011-payment-search-and-data-api.js';
import { reports } from './migration-0013-reports.js';
import { refundBatches } from './migration-0012-refund-batches.js';
import { dashboardSettings } from './migration-0014-dashboard-settings.js';
import { reportHeartbeat } from './migration-0015-report-heartbeat.js';
import { outboxRequestId } from './migration-0016-outbox-request-id.js';
import { leanerIndexes } from './migration-0017-leaner-indexes.js';
import { refundReferenceIndex } from './migration-0018-refund-reference-index.js';
import { notNull, withId } from './migration-columns.js';
import { ID_STARTS } from './id-starts.js';
import { idsWithoutAutoincrement } from './migration-0019-ids-without-autoincrement.js';
import { notifyUrlVersion } from './migration-0020-notify-url-version.js';
import { sweepSchedule } from './migration-0021-sweep-schedule.js';
import { oneReferenceIndex } from './migration-0022-one-reference-index.js';

// Migrations run before the typed schema exists, so they use an untyped Kysely.
type AnyDb = Kysely<unknown>;

async function startIdAt(db: AnyDb, kind: StoreKind, table: keyof typeof ID_STARTS): Promise<void> {
  const first = ID_STARTS[table];
  if (kind === 'sqlite') {
    // sqlite_sequence holds the last id used; AUTOINCREMENT hands out seq + 1 next (until migration 0019:
    // then each insert names its id, ../id-starts.ts).
    await sql`insert into sqlite_sequence (name, seq) values (${table}, ${first - 1})`.execute(db);
  } else {
    await sql`alter sequence ${sql.id(`${table}_id_seq`)} start with ${sql.lit(first)} restart`.execute(db);
  }
}

function initial(kind: StoreKind): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('merchants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', notNull)
        .addColumn('notify_url', 'text')
        .addColumn('created_at', 'bigint', notNull)
        .execute();

      await withId(kind, db.schema.createTable('credentials'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('dialect', 'text', notNull)
        .addColumn('key_id', 'text', notNull)
        .addColumn('secret_hash', 'text', notNull)
        .addColumn('secret_sealed', 'text', notNull)
        .addColumn('label', 'text')
        .addColumn('created_at', 'bigint', notNull)
        .execute();
      await db.schema.createIndex('credentials_dialect_key_id').on('credentials').columns(['dialect', 'key_id']).execute();
      await db.schema.createIndex('credentials_merchant_id').on('credentials').column('merchant_id').execute();

      await withId(kind, db.schema.createTable('preapprovals'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('dialect', 'text', notNull)
        .addColumn('reference', 'text', notNull)
        .addColumn('unique_reference', 'text')
        .addColumn('method', 'text', notNull)
        .addColumn('connector', 'text', notNull)
        .addColumn('currency', 'text')
        .addColumn('description', 'text')
        .addColumn('return_url', 'text')
        .addColumn('customer', 'text')
        .addColumn('billing_address', 'text')
        .addColumn('recurring_period', 'bigint')
        .addColumn('max_amount', 'bigint')
        .addColumn('status', 'text', notNull)
        .addColumn('customer_token', 'text', notNull)
        .addColumn('expires_at', 'bigint')
        .addColumn('agreement_token', 'text')
        .addColumn('connector_state', 'text', notNull)
        .addColumn('failure_code', 'text')
        .addColumn('failure_message', 'text')
        .addColumn('extras', 'text', notNull)
        .addColumn('created_at', 'bigint', notNull)
        .addColumn('updated_at', 'bigint', notNull)
        .execute();
      await startIdAt(db, kind, 'preapprovals');
      await db.schema
        .createIndex('preapprovals_merchant_unique_reference')
        .on('preapprovals')
        .columns(['merchant_id', 'unique_reference'])
        .unique()
        .execute();
      await db.schema.createIndex('preapprovals_customer_token').on('preapprovals').column('customer_token').unique().execute();
      await db.schema.createIndex('preapprovals_merchant_created').on('preapprovals').columns(['merchant_id', 'created_at']).execute();
      await db.schema.createIndex('preapprovals_status_updated').on('preapprovals').columns(['status', 'updated_at']).execute();

      await withId(kind, db.schema.createTable('payments'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('dialect', 'text', notNull)
        .addColumn('reference', 'text', notNull)
        .addColumn('unique_reference', 'text')
        .addColumn('method', 'text', notNull)
        .addColumn('connector', 'text', notNull)
        .addColumn('amount', 'bigint', notNull)
        .addColumn('currency', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('captured_amount', 'bigint', notNull)
        .addColumn('refunded_amount', 'bigint', notNull)
        .addColumn('refund_reserved_amount', 'bigint', notNull)
        .addColumn('description', 'text')
        .addColumn('customer', 'text')
        .addColumn('billing_address', 'text')
        .addColumn('shipping_address', 'text')
        .addColumn('articles', 'text')
        .addColumn('return_url', 'text')
        .addColumn('customer_token', 'text', notNull)
        .addColumn('expires_at', 'bigint')
        .addColumn('preapproval_id', 'bigint', (c) => c.references('preapprovals.id'))
        .addColumn('connector_state', 'text', notNull)
        .addColumn('failure_code', 'text')
        .addColumn('failure_message', 'text')
        .addColumn('extras', 'text', notNull)
        .addColumn('created_at', 'bigint', notNull)
        .addColumn('updated_at', 'bigint', notNull)
        .addColumn('country', 'text')
        .addColumn('connector_ref', 'text')
        .addColumn('needs_sync', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await startIdAt(db, kind, 'payments');
      await db.schema
        .createIndex('payments_merchant_unique_reference')
        .on('payments')
        .columns(['merchant_id', 'unique_reference'])
        .unique()
        .execute();
      await db.schema.createIndex('payments_customer_token').on('payments').column('customer_token').unique().execute();
      await db.schema.createIndex('payments_merchant_created').on('payments').columns(['merchant_id', 'created_at']).execute();
      await db.schema.createIndex('payments_merchant_reference').on('payments').columns(['merchant_id', 'reference']).execute();
      await db.schema.createIndex('payments_status_updated').on('payments').columns(['status', 'updated_at']).execute();
      await db.schema.createIndex('payments_needs_sync').on('payments').columns(['needs_sync', 'updated_at']).execute();
      await db.schema.createIndex('payments_preapproval_id').on('payments').column('preapproval_id').execute();

      await withId(kind, db.schema.createTable('refunds'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('payment_id', 'bigint', (c) => c.notNull().references('payments.id'))
        .addColumn('dialect', 'text', notNull)
        .addColumn('reference', 'text')
        .addColumn('amount', 'bigint', notNull)
        .addColumn('currency', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('description', 'text')
        .addColumn('articles', 'text')
        .addColumn('connector_ref', 'text')
        .addColumn('needs_sync', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failure_code', 'text')
        .addColumn('failure_message', 'text')
        .addColumn('extras', 'text', notNull)
        .addColumn('created_at', 'bigint', notNull)
        .addColumn('updated_at', 'bigint', notNull)
        .execute();
      await startIdAt(db, kind, 'refunds');
      await db.schema.createIndex('refunds_payment_id').on('refunds').column('payment_id').execute();
      await db.schema.createIndex('refunds_status_needs_sync').on('refunds').columns(['status', 'needs_sync', 'updated_at']).execute();

      await withId(kind, db.schema.createTable('operations'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('payment_id', 'bigint', (c) => c.references('payments.id'))
        .addColumn('preapproval_id', 'bigint', (c) => c.references('preapprovals.id'))
        .addColumn('refund_id', 'bigint', (c) => c.references('refunds.id'))
        .addColumn('kind', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('amount', 'bigint')
        .addColumn('currency', 'text')
        .addColumn('code', 'text')
        .addColumn('message', 'text')
        .addColumn('created_at', 'bigint', notNull)
        .execute();
      await db.schema.createIndex('operations_payment_id').on('operations').column('payment_id').execute();
      await db.schema.createIndex('operations_preapproval_id').on('operations').column('preapproval_id').execute();

      await withId(kind, db.schema.createTable('outbox'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('dialect', 'text', notNull)
        .addColumn('event', 'text', notNull)
        .addColumn('resource_type', 'text', notNull)
        .addColumn('resource_id', 'bigint', notNull)
        .addColumn('url', 'text', notNull)
        .addColumn('headers', 'text', notNull)
        .addColumn('body', 'text', notNull)
        .addColumn('ack', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('attempts', 'integer', notNull)
        .addColumn('next_attempt_at', 'bigint', notNull)
        .addColumn('lease_until', 'bigint')
        .addColumn('last_status_code', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', notNull)
        .addColumn('delivered_at', 'bigint')
        .execute();
      await db.schema.createIndex('outbox_status_next_attempt').on('outbox').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('outbox_merchant_id').on('outbox').columns(['merchant_id', 'id']).execute();

      await withId(kind, db.schema.createTable('delivery_attempts'))
        .addColumn('notification_id', 'bigint', (c) => c.notNull().references('outbox.id'))
        .addColumn('attempt', 'integer', notNull)
        .addColumn('at', 'bigint', notNull)
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('duration_ms', 'integer', notNull)
        .addColumn('response_excerpt', 'text')
        .execute();
      await db.schema.createIndex('delivery_attempts_notification_id').on('delivery_attempts').column('notification_id').execute();

      await db.schema
        .createTable('idempotency')
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('dialect', 'text', notNull)
        .addColumn('key', 'text', notNull)
        .addColumn('request_hash', 'text', notNull)
        .addColumn('response_status', 'integer', notNull)
        .addColumn('response_body', 'text', notNull)
        .addColumn('created_at', 'bigint', notNull)
        .addPrimaryKeyConstraint('idempotency_pkey', ['merchant_id', 'dialect', 'key'])
        .execute();
    },
    async down(db: AnyDb): Promise<void> {
      for (const table of [
        'idempotency',
        'delivery_attempts',
        'outbox',
        'operations',
        'refunds',
        'payments',
        'preapprovals',
        'credentials',
        'merchants',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}

/**
 * Credentials get a kind (api_key authenticates, signing_key only signs notifications: Adyen's HMAC
 * key, Checkout.com's webhook key) and a lookup by secret hash (Adyen and Checkout.com send the key
 * alone); preapprovals get the merchant's customer reference (Adyen shopperReference) and the
 * payment that stored them.
 */
const credentialKindsAndCustomerRef: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema
      .alterTable('credentials')
      .addColumn('kind', 'text', (c) => c.notNull().defaultTo('api_key'))
      .execute();
    await db.schema.createIndex('credentials_dialect_secret_hash').on('credentials').columns(['dialect', 'secret_hash']).execute();
    await db.schema.alterTable('preapprovals').addColumn('customer_ref', 'text').execute();
    await db.schema.alterTable('preapprovals').addColumn('origin_payment_id', 'bigint').execute();
    await db.schema.createIndex('preapprovals_origin_payment_id').on('preapprovals').column('origin_payment_id').execute();
    await db.schema.createIndex('preapprovals_merchant_customer_ref').on('preapprovals').columns(['merchant_id', 'customer_ref']).execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropIndex('preapprovals_origin_payment_id').execute();
    await db.schema.alterTable('preapprovals').dropColumn('origin_payment_id').execute();
    await db.schema.dropIndex('preapprovals_merchant_customer_ref').execute();
    await db.schema.alterTable('preapprovals').dropColumn('customer_ref').execute();
    await db.schema.dropIndex('credentials_dialect_secret_hash').execute();
    await db.schema.alterTable('credentials').dropColumn('kind').execute();
  },
};

/** Customer profiles (Checkout.com `cus_…`), one per e-mail per merchant, and the payment's link to one. */
function customerProfiles(kind: StoreKind): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await withId(kind, db.schema.createTable('customer_profiles'))
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('email', 'text')
        .addColumn('name', 'text')
        .addColumn('phone', 'text')
        .addColumn('created_at', 'bigint', notNull)
        .execute();
      // NULL e-mails do not collide on either database: anonymous profiles are all distinct.
      await db.schema
        .createIndex('customer_profiles_merchant_email')
        .on('customer_profiles')
        .columns(['merchant_id', 'email'])
        .unique()
        .execute();
      await db.schema.alterTable('payments').addColumn('customer_profile_id', 'bigint').execute();
    },
    async down(db: AnyDb): Promise<void> {
      await db.schema.alterTable('payments').dropColumn('customer_profile_id').execute();
      await db.schema.dropTable('customer_profiles').execute();
    },
  };
}

/** The notifications about one record, newest delivery first: what GlobalPay's NotificationDateTime is read from. */
const outboxByResource: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema.createIndex('outbox_merchant_resource').on('outbox').columns(['merchant_id', 'resource_type', 'resource_id']).execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropIndex('outbox_merchant_resource').execute();
  },
};

interface CredentialRow {
  id: number;
  merchant_id: string;
  dialect: string;
  kind: RemovedCredential['kind'];
  key_id: string;
  secret_hash: string;
  created_at: number;
}

/**
 * Which credentials break "one secret, one key" or "a key id belongs to one merchant per dialect",
 * and who owns each key id, going oldest first: the oldest holder of a secret keeps it, and the
 * merchant of a key id's oldest key owns the key id (also when that key goes for its secret: a key
 * id stays its merchant's without keys). Authentication already found the oldest row first, so the
 * kept rows change nothing that worked. A later row sharing a removed row's secret is judged without it.
 */
function sortOutCredentials(rows: readonly CredentialRow[]): { removed: RemovedCredential[]; owners: CredentialRow[] } {
  const removed: RemovedCredential[] = [];
  const secretHolders = new Map<string, CredentialRow>();
  const keyIdOwners = new Map<string, CredentialRow>();
  const drop = (r: CredentialRow, why: RemovedCredential['why'], kept: CredentialRow): void => {
    removed.push({
      id: r.id,
      merchantId: r.merchant_id,
      dialect: r.dialect,
      kind: r.kind,
      keyId: r.key_id,
      why,
      kept: { id: kept.id, merchantId: kept.merchant_id },
    });
  };
  for (const r of rows) {
    const identity = JSON.stringify([r.dialect, r.key_id]);
    const owner = keyIdOwners.get(identity) ?? r;
    keyIdOwners.set(identity, owner);
    const holder = secretHolders.get(r.secret_hash);
    if (holder) {
      const copy =
        holder.merchant_id === r.merchant_id && holder.dialect === r.dialect && holder.kind === r.kind && holder.key_id === r.key_id;
      drop(r, copy ? 'copy' : 'secret', holder);
    } else if (owner.merchant_id !== r.merchant_id) {
      drop(r, 'key_id', owner);
    } else {
      secretHolders.set(r.secret_hash, r);
    }
  }
  return { removed, owners: [...keyIdOwners.values()] };
}

/**
 * One secret is one key, and a key id (GlobalPay SiteID, Adyen merchant account, Checkout.com
 * processing channel) belongs to one merchant per dialect, for good (ADR 0010):
 * - the credentials that break either rule are removed, oldest kept (`sortOutCredentials`), and
 *   listed in `report` (never their secrets) for start-up to warn about;
 * - `dialect_identities` records each key id's owner; credentials(dialect, key_id, merchant_id)
 *   references it, so a key can only be stored under its owner (on SQLite the table is rebuilt
 *   for that, keeping every id and the id sequence);
 * - `credentials_secret_hash` makes secret hashes unique, across merchants, dialects and kinds.
 * There is no way down: the removed rows are gone.
 */
function oneSecretOneKey(kind: StoreKind, report: MigrationReport): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      const rows =
        await sql<CredentialRow>`select id, merchant_id, dialect, kind, key_id, secret_hash, created_at from credentials order by id`.execute(
          db,
        );
      const { removed, owners } = sortOutCredentials(rows.rows);
      for (let i = 0; i < removed.length; i += 500) {
        const ids = removed.slice(i, i + 500).map((r) => r.id);
        await sql`delete from credentials where id in (${sql.join(ids)})`.execute(db);
      }
      report.removedCredentials.push(...removed);

      await db.schema
        .createTable('dialect_identities')
        .addColumn('dialect', 'text', notNull)
        .addColumn('key_id', 'text', notNull)
        .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
        .addColumn('created_at', 'bigint', notNull)
        .addPrimaryKeyConstraint('dialect_identities_pkey', ['dialect', 'key_id'])
        .addUniqueConstraint('dialect_identities_owner', ['dialect', 'key_id', 'merchant_id'])
        .execute();
      for (const o of owners) {
        await sql`insert into dialect_identities (dialect, key_id, merchant_id, created_at)
          values (${o.dialect}, ${o.key_id}, ${o.merchant_id}, ${o.created_at})`.execute(db);
      }

      const ownerColumns: ('dialect' | 'key_id' | 'merchant_id')[] = ['dialect', 'key_id', 'merchant_id'];
      if (kind === 'postgres') {
        await db.schema
          .alterTable('credentials')
          .addForeignKeyConstraint('credentials_key_id_owner', ownerColumns, 'dialect_identities', ownerColumns)
          .execute();
      } else {
        // SQLite adds a foreign key only by rebuilding the table.
        const sequence = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'credentials'`.execute(db);
        await withId(kind, db.schema.createTable('credentials_next'))
          .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
          .addColumn('dialect', 'text', notNull)
          .addColumn('key_id', 'text', notNull)
          .addColumn('secret_hash', 'text', notNull)
          .addColumn('secret_sealed', 'text', notNull)
          .addColumn('label', 'text')
          .addColumn('created_at', 'bigint', notNull)
          .addColumn('kind', 'text', (c) => c.notNull().defaultTo('api_key'))
          .addForeignKeyConstraint('credentials_key_id_owner', ownerColumns, 'dialect_identities', ownerColumns)
          .execute();
        await sql`insert into credentials_next (id, merchant_id, dialect, key_id, secret_hash, secret_sealed, label, created_at, kind)
          select id, merchant_id, dialect, key_id, secret_hash, secret_sealed, label, created_at, kind from credentials`.execute(db);
        await db.schema.dropTable('credentials').execute();
        await db.schema.alterTable('credentials_next').renameTo('credentials').execute();
        await db.schema.createIndex('credentials_dialect_key_id').on('credentials').columns(['dialect', 'key_id']).execute();
        await db.schema.createIndex('credentials_merchant_id').on('credentials').column('merchant_id').execute();
        await db.schema.createIndex('credentials_dialect_secret_hash').on('credentials').columns(['dialect', 'secret_hash']).execute();
        // Removed ids are never handed out again: "key #3" in a warning stays the key it named.
        const lastId = sequence.rows[0]?.seq;
        if (lastId !== undefined) await sql`update sqlite_sequence set seq = max(seq, ${lastId}) where name = 'credentials'`.execute(db);
      }
      await db.schema.createIndex('credentials_secret_hash').on('credentials').column('secret_hash').unique().execute();
    },
  };
}

/**
 * The inbox: wallets' own notifications (Alipay+ notifyPayment), written before anything acts on
 * them; one row per (connector, notification id), so a wallet's retries are kept once.
 */
function inbox(kind: StoreKind): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await withId(kind, db.schema.createTable('inbox'))
        .addColumn('connector', 'text', notNull)
        .addColumn('notification_id', 'text', notNull)
        .addColumn('received_at', 'bigint', notNull)
        // as received, signature headers included: the body can be verified again (no secret of ours)
        .addColumn('headers', 'text', notNull)
        .addColumn('body', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('error', 'text')
        .addColumn('applied_at', 'bigint')
        .addUniqueConstraint('inbox_connector_notification', ['connector', 'notification_id'])
        .execute();
      await db.schema.createIndex('inbox_status').on('inbox').columns(['status', 'id']).execute();
    },
    async down(db: AnyDb): Promise<void> {
      await db.schema.dropTable('inbox').execute();
    },
  };
}

/**
 * What authentication reads (merchants, credentials) gets a version: `cache_versions` holds one row
 * per cached thing, and database triggers bump the `auth` row in the same transaction as any insert,
 * update or delete of either table (ADR 0014). So every write, by any process, the CLI, a
 * migration or a hand-written statement, is seen by the next read of the version, and a process may
 * keep what it read as long as the version is the one it read it at. The version starts at the
 * migration's time in milliseconds, so a database made again from scratch does not meet a version
 * it had before.
 */
function cacheVersions(kind: StoreKind): Migration {
  const tables = ['merchants', 'credentials'] as const;
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('cache_versions')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', notNull)
        .execute();
      await sql`insert into cache_versions (name, version) values ('auth', ${Date.now()})`.execute(db);
      if (kind === 'sqlite') {
        for (const table of tables) {
          for (const event of ['insert', 'update', 'delete'] as const) {
            await sql`create trigger ${sql.id(`${table}_${event}_bumps_auth_version`)} after ${sql.raw(event)} on ${sql.id(table)}
              begin update cache_versions set version = version + 1 where name = 'auth'; end`.execute(db);
          }
        }
        return;
      }
      // the table in the trigger's own schema, whatever the writer's search_path
      await sql`create function bump_auth_version() returns trigger language plpgsql as $$
        begin
          execute format('update %I.cache_versions set version = version + 1 where name = %L', tg_table_schema, 'auth');
          return null;
        end $$`.execute(db);
      for (const table of tables) {
        await sql`create trigger ${sql.id(`${table}_bump_auth_version`)} after insert or update or delete or truncate on ${sql.id(table)}
          for each statement execute function bump_auth_version()`.execute(db);
      }
    },
    async down(db: AnyDb): Promise<void> {
      if (kind === 'sqlite') {
        for (const table of tables)
          for (const event of ['insert', 'update', 'delete'])
            await sql`drop trigger if exists ${sql.id(`${table}_${event}_bumps_auth_version`)}`.execute(db);
      } else {
        for (const table of tables)
          await sql`drop trigger if exists ${sql.id(`${table}_bump_auth_version`)} on ${sql.id(table)}`.execute(db);
        await sql`drop function if exists bump_auth_version()`.execute(db);
      }
      await db.schema.dropTable('cache_versions').execute();
    },
  };
}

/** The migrations; the ones applied now write what a person must hear about into `report`. */
export function migrationProvider(kind: StoreKind, report: MigrationReport = { removedCredentials: [] }): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve({
        '0001_initial': initial(kind),
        '0002_credential_kinds': credentialKindsAndCustomerRef,
        '0003_customer_profiles': customerProfiles(kind),
        '0004_outbox_by_resource': outboxByResource,
        '0005_one_secret_one_key': oneSecretOneKey(kind, report),
        '0006_inbox': inbox(kind),
        '0007_cache_versions': cacheVersions(kind),
        '0008_incoming_transfers': incomingTransfers(kind),
        '0009_resolutions_and_payer_references': resolutionsAndPayerReferences,
        '0010_dashboard_users': dashboardUsers(kind),
        '0011_payment_search_and_data_api': paymentSearchAndDataApi(kind),
        '0012_refund_batches': refundBatches(kind),
        '0013_reports': reports(kind),
        '0014_dashboard_settings': dashboardSettings,
        '0015_report_heartbeat': reportHeartbeat,
        '0016_outbox_request_id': outboxRequestId,
        '0017_leaner_indexes': leanerIndexes,
        '0018_refund_reference_index': refundReferenceIndex,
        '0019_ids_without_autoincrement': idsWithoutAutoincrement(kind),
        '0020_notify_url_version': notifyUrlVersion(kind),
        '0021_sweep_schedule': sweepSchedule,
        '0022_one_reference_index': oneReferenceIndex,
      }),
  };
}

/** A migrator over `db`, its bookkeeping tables pinned to the current schema on PostgreSQL. */
async function migratorFor(db: Kysely<unknown>, kind: StoreKind, report: MigrationReport): Promise<Migrator> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one: on PostgreSQL,
  // pin it to the current schema (the search_path's), or another schema's tables would be found.
  const migrationTableSchema =
    kind === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  return new Migrator({
    db,
    provider: migrationProvider(kind, report),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
}

/** Applies every pending migration; throws the first failure. Says what they removed. */
export async function migrateToLatest(db: Kysely<unknown>, kind: StoreKind): Promise<MigrationReport> {
  const report: MigrationReport = { removedCredentials: [] };
  const { error } = await (await migratorFor(db, kind, report)).migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
  return report;
}

/** The names of the migrations this code has and the database has not applied (readiness: /ready). */
export async function pendingMigrations(db: Kysely<unknown>, kind: StoreKind): Promise<string[]> {
  const all = await (await migratorFor(db, kind, { removedCredentials: [] })).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
