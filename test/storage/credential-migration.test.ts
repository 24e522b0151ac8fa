/**
 * A database made before one-secret-one-key (migrations up to 0004), holding what the old code let
 * in: a demo key stored twice by two processes starting together, a secret shared by two merchants,
 * another merchant's keys under a taken key id. Starting on it keeps the oldest of each, removes
 * the rest, says which (never a secret), and from then on the database refuses such rows.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { DuplicateCredentialError, type Store } from '../../src/core/ports/store.js';
import { hashSecret, sealSecret } from '../../src/core/secrets.js';
import { startUp } from '../../src/core/start-up.js';
import { migrationProvider } from '../../src/storage/migrations.js';
import { CurrentSchemaDialect } from '../../src/storage/postgres/current-schema-introspector.js';
import { openPostgresStore } from '../../src/storage/postgres/open-postgres-store.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js';
import { storeKinds, testPgUrl, type StoreKind } from '../helpers/stores.js';

const MASTER_KEY = 'migration 0005 master key';

/** id, merchant, dialect, kind, key id, secret — in the order they were stored. */
const OLD_ROWS: [number, string, string, 'api_key' | 'signing_key', string, string][] = [
  [1, 'demo', 'globalpay', 'api_key', '30201', 'demo-key-one'],
  [2, 'demo', 'globalpay', 'api_key', '30201', 'demo-key-two'],
  [3, 'demo', 'globalpay', 'api_key', '30201', 'demo-key-one'], // the same key again: a start-up race
  [4, 'shop-a', 'checkoutcom', 'api_key', 'pc_a', 'secret-of-a'],
  [5, 'shop-b', 'checkoutcom', 'api_key', 'pc_b', 'secret-of-a'], // add-key shop-b --secret <a's>
  [6, 'shop-b', 'globalpay', 'api_key', '30201', 'secret-of-b'], // add-key shop-b --key-id 30201
  [7, 'shop-b', 'adyen', 'api_key', 'AcctB', 'adyen-secret'],
  [8, 'shop-a', 'adyen', 'signing_key', 'AcctA', 'adyen-secret'], // b's API key as a's HMAC key
  [9, 'shop-a', 'adyen', 'api_key', 'AcctA', 'adyen-secret-of-a'],
  [10, 'shop-a', 'adyen', 'api_key', 'AcctA', 'removed-long-ago'],
];

interface OldDatabase {
  /** Opens the real store on it (not migrated yet). */
  open(): Promise<Store>;
  /** A plain connection to it, past the store's code (SQLite: with foreign keys on, as the store has them). */
  raw(): Kysely<unknown>;
  drop(): Promise<void>;
}

/** A database at migration 0004 with OLD_ROWS in it (row 10 deleted again, so the id sequence is past 10). */
async function oldDatabase(kind: StoreKind): Promise<OldDatabase> {
  let db: Kysely<unknown>;
  let open: () => Promise<Store>;
  let raw: () => Kysely<unknown>;
  let drop: () => Promise<void>;
  let migrationTableSchema: string | undefined;
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'wg-migration-'));
    const file = join(dir, 'walletgate.db');
    db = new Kysely({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
    open = () => openSqliteStore(file);
    raw = () => {
      const database = new BetterSqlite3(file);
      database.pragma('foreign_keys = ON');
      return new Kysely({ dialect: new SqliteDialect({ database }) });
    };
    drop = () => rm(dir, { recursive: true, force: true });
  } else {
    const schema = `wg_migration_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Pool({ connectionString: testPgUrl, max: 1 });
    await admin.query(`create schema "${schema}"`);
    await admin.end();
    raw = () =>
      new Kysely({
        // the migrator must not read other schemas: other tests drop theirs meanwhile
        dialect: new CurrentSchemaDialect({
          pool: new pg.Pool({ connectionString: testPgUrl, max: 2, options: `-c search_path=${schema}` }),
        }),
      });
    db = raw();
    migrationTableSchema = schema;
    open = () => openPostgresStore(testPgUrl, { schema });
    drop = async () => {
      const c = new pg.Client({ connectionString: testPgUrl });
      await c.connect();
      try {
        await c.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await c.end();
      }
    };
  }
  try {
    const migrator = new Migrator({ db, provider: migrationProvider(kind), ...(migrationTableSchema ? { migrationTableSchema } : {}) });
    const { error } = await migrator.migrateTo('0004_outbox_by_resource');
    if (error) throw error;
    for (const id of ['demo', 'shop-a', 'shop-b'])
      await sql`insert into merchants (id, name, notify_url, created_at) values (${id}, ${id}, null, 0)`.execute(db);
    for (const [id, merchant, dialect, kindOfKey, keyId, secret] of OLD_ROWS) {
      await sql`insert into credentials (id, merchant_id, dialect, kind, key_id, secret_hash, secret_sealed, label, created_at)
        values (${id}, ${merchant}, ${dialect}, ${kindOfKey}, ${keyId}, ${hashSecret(secret)}, ${sealSecret(secret, MASTER_KEY)}, null, ${id})`.execute(
        db,
      );
    }
    await sql`delete from credentials where id = 10`.execute(db);
    if (kind === 'postgres') await sql`select setval('credentials_id_seq', 10)`.execute(db);
  } finally {
    await db.destroy();
  }
  return { open, raw, drop };
}

for (const kind of storeKinds) {
  describe(`migration 0005 on a database with shared secrets and key ids (${kind})`, () => {
    it('keeps the oldest of each, removes the rest, says which without a secret, and refuses them from then on', async () => {
      const old = await oldDatabase(kind);
      const store = await old.open();
      try {
        const warnings: string[] = [];
        await startUp(store, {
          masterKey: MASTER_KEY,
          sandbox: false,
          demoNotifyUrl: null,
          demoCredentials: [],
          warn: (m) => warnings.push(m),
        });

        const kept = [];
        for (const m of ['demo', 'shop-a', 'shop-b']) kept.push(...(await store.credentials.listByMerchant(m)).map((c) => c.id));
        assert.deepEqual(
          kept.sort((x, y) => x - y),
          [1, 2, 4, 7, 9],
        );

        assert.equal(warnings.length, 1, warnings.join('\n'));
        const [warning] = warnings as [string];
        assert.match(warning, /4 credential\(s\) breaking that were removed, the oldest kept/);
        assert.match(warning, /merchant demo globalpay 30201 key #3 \(a copy of key #1\)/);
        assert.match(warning, /merchant shop-b checkoutcom pc_b key #5 \(its secret is key #4 of merchant shop-a\)/);
        assert.match(warning, /merchant shop-b globalpay 30201 key #6 \(the key id is merchant demo's\)/);
        assert.match(warning, /merchant shop-a adyen AcctA key #8 \(its secret is key #7 of merchant shop-b\)/);
        assert.match(warning, /walletgate merchant add-key/);
        for (const [, , , , , secret] of OLD_ROWS) assert.ok(!warning.includes(secret), 'no secret in the warning');

        // the owners are the kept keys' merchants
        assert.equal(await store.credentials.keyIdOwner('globalpay', '30201'), 'demo');
        assert.equal(
          await store.credentials.keyIdOwner('checkoutcom', 'pc_b'),
          'shop-b',
          'pc_b had only the removed key, and stays shop-b',
        );
        assert.equal(await store.credentials.keyIdOwner('adyen', 'AcctA'), 'shop-a');
        // the database refuses what it just removed
        const again = { secretSealed: sealSecret('fresh', MASTER_KEY), label: null };
        await assert.rejects(
          store.credentials.insert({ merchantId: 'shop-b', dialect: 'globalpay', keyId: '30201', secretHash: 'fresh-1', ...again }),
          (e: unknown) => e instanceof DuplicateCredentialError && e.taken === 'key_id',
        );
        await assert.rejects(
          store.credentials.insert({
            merchantId: 'shop-b',
            dialect: 'checkoutcom',
            keyId: 'pc_b',
            secretHash: hashSecret('secret-of-a'),
            ...again,
          }),
          (e: unknown) => e instanceof DuplicateCredentialError && e.taken === 'secret',
        );
        // …also written past the store's code: the key id's owner is a foreign key, the secret a unique index
        const direct = old.raw();
        try {
          const row = (merchant: string, keyId: string, secret: string) =>
            sql`insert into credentials (merchant_id, dialect, kind, key_id, secret_hash, secret_sealed, label, created_at)
              values (${merchant}, 'globalpay', 'api_key', ${keyId}, ${hashSecret(secret)}, 's', null, 0)`.execute(direct);
          await assert.rejects(row('shop-b', '30201', 'fresh-3'), /foreign key/i);
          await assert.rejects(row('demo', '30201', 'demo-key-two'), /unique/i);
        } finally {
          await direct.destroy();
        }
        // a removed id is never handed out again
        const next = await store.credentials.insert({
          merchantId: 'shop-b',
          dialect: 'checkoutcom',
          keyId: 'pc_b',
          secretHash: 'fresh-2',
          ...again,
        });
        assert.ok(next.id > 10, `id ${next.id}`);

        // the next start has nothing to say
        const later: string[] = [];
        await startUp(store, {
          masterKey: MASTER_KEY,
          sandbox: false,
          demoNotifyUrl: null,
          demoCredentials: [],
          warn: (m) => later.push(m),
        });
        assert.deepEqual(later, []);
      } finally {
        await store.close();
        await old.drop();
      }
    });
  });
}
