/**
 * Migration 0019 on SQLite: a database made by migrations 0001–0018, holding payments, an agreement,
 * refunds, operations, notifications and a removed key, loses `AUTOINCREMENT` on every table but
 * `credentials` and keeps every row, index and foreign key; ids go on from where they were; a
 * removed key's id is still never handed out again; a row without its parent stops the migration
 * with nothing changed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Store } from '../../src/core/ports/store.js';
import { idsWithoutAutoincrement } from '../../src/storage/migration-0019-ids-without-autoincrement.js';
import { migrationProvider } from '../../src/storage/migrations.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js';
import { addMerchant, newNotification, newOperation, newPayment, newPreapproval, newRefund } from './sample-records.js';

/** A refund row naming payment 42, which does not exist. */
const REFUND_OF_NO_PAYMENT = `insert into refunds (merchant_id, payment_id, dialect, amount, currency, status, needs_sync, extras, created_at, updated_at)
  values (?, 42, ?, 1, ?, ?, 0, '{}', 0, 0)`;

interface Schema {
  name: string;
  type: string;
  tbl_name: string;
  sql: string | null;
}

/** A database file at migration 0018, and a raw connection to it with foreign keys on, as the store has them. */
async function databaseAt0018(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'wg-0019-'));
  const file = join(dir, 'walletgate.db');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw(file) }) });
  try {
    const { error } = await new Migrator({ db, provider: migrationProvider('sqlite') }).migrateTo('0018_refund_reference_index');
    if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
  } finally {
    await db.destroy();
  }
  return { dir, file };
}

function raw(file: string): BetterSqlite3.Database {
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  return database;
}

const schemaOf = (database: BetterSqlite3.Database): Schema[] =>
  database
    .prepare<[], Schema>("select name, type, tbl_name, sql from sqlite_master where name not like 'sqlite_autoindex%' order by type, name")
    .all();

const autoincrementTables = (database: BetterSqlite3.Database): string[] =>
  schemaOf(database)
    .filter((s) => s.type === 'table' && /autoincrement/i.test(s.sql ?? ''))
    .map((s) => s.name);

/** Every user table's rows, by table, in rowid order, with each value's storage class (an integer must not come back a real). */
function rowsOf(database: BetterSqlite3.Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of schemaOf(database).filter((s) => s.type === 'table' && !s.name.startsWith('sqlite_') && !s.name.startsWith('kysely_'))) {
    const columns = database.prepare<[], { name: string }>(`select name from pragma_table_info('${t.name}')`).all();
    const classes = columns.map((c) => `typeof("${c.name}") as "${c.name}:class"`).join(', ');
    out[t.name] = database.prepare(`select rowid as "rowid:value", *, ${classes} from "${t.name}" order by rowid`).all();
  }
  return out;
}

/** Fills the database the way the gateway would: every table 0019 rebuilds that a payment touches. */
async function fill(store: Store): Promise<{ lastPayment: number; lastRefund: number }> {
  const m = await addMerchant(store, 'merchant-0019');
  const pre = await store.preapprovals.insert(newPreapproval(m));
  let lastPayment = 0;
  let lastRefund = 0;
  for (let i = 0; i < 5; i += 1) {
    const p = await store.payments.insert(newPayment(m, { preapprovalId: i === 0 ? pre.id : null, description: `payment ${i}` }));
    lastPayment = p.id;
    lastRefund = (await store.refunds.insert(newRefund(m, p.id, { amount: 100 + i }))).id;
    await store.operations.append(newOperation(m, p.id, { amount: 10_000, currency: 'KRW' }));
    await store.outbox.enqueue(newNotification(m, { resourceId: p.id }));
  }
  // a key added and removed: its id (the largest) must never come back
  const kept = await store.credentials.insert({
    merchantId: m,
    dialect: 'globalpay',
    keyId: 'k1',
    secretHash: 'h1',
    secretSealed: 's1',
    label: null,
  });
  const removed = await store.credentials.insert({
    merchantId: m,
    dialect: 'globalpay',
    keyId: 'k2',
    secretHash: 'h2',
    secretSealed: 's2',
    label: null,
  });
  assert.ok(removed.id > kept.id);
  assert.equal(await store.credentials.delete(m, removed.id), true);
  return { lastPayment, lastRefund };
}

describe('migration 0019: ids without AUTOINCREMENT (sqlite)', () => {
  let dir: string;
  let file: string;
  before(async () => {
    ({ dir, file } = await databaseAt0018());
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('keeps every row, index and trigger, and drops the keyword everywhere but credentials', async () => {
    const store = await openSqliteStore(file);
    let last: { lastPayment: number; lastRefund: number };
    try {
      last = await fill(store);
    } finally {
      await store.close();
    }
    const database = raw(file);
    let schemaBefore: Schema[];
    let rowsBefore: Record<string, unknown[]>;
    try {
      assert.ok(autoincrementTables(database).length > 10, 'migration 0018 made the tables with AUTOINCREMENT');
      schemaBefore = schemaOf(database);
      rowsBefore = rowsOf(database);
    } finally {
      database.close();
    }

    const upgraded = await openSqliteStore(file);
    try {
      await upgraded.migrate();
      const check = raw(file);
      try {
        assert.deepEqual(autoincrementTables(check), ['credentials']);
        assert.deepEqual(
          check.prepare<[], { name: string }>('select name from sqlite_sequence order by name').all(),
          [{ name: 'credentials' }],
          'only credentials keeps a sequence row',
        );
        // less what later migrations change: 0020's triggers on merchant_notify_urls, 0021's sweep_at
        // columns and the indexes it puts in place of (status, updated_at), 0022's reference index
        const schemaAfter = schemaOf(check).filter(
          (s) =>
            !(s.type === 'trigger' && s.tbl_name === 'merchant_notify_urls') &&
            !s.name.endsWith('_sweep_due') &&
            s.name !== 'payments_reference_merchant',
        );
        // the same objects, with the same definitions less the keyword
        assert.deepEqual(
          schemaAfter.map((s) => [s.type, s.name, s.sql?.replace(/ autoincrement/gi, '').replace(', "sweep_at" bigint', '')]),
          schemaBefore
            .filter((s) => !s.name.endsWith('_status_updated') && !['payments_reference', 'payments_merchant_reference'].includes(s.name))
            .map((s) => [s.type, s.name, s.sql?.replace(/ autoincrement/gi, '')]),
        );
        const rowsAfter = rowsOf(check);
        // 0021's column, null in every row it found
        for (const row of [...(rowsAfter.payments ?? []), ...(rowsAfter.preapprovals ?? [])] as Record<string, unknown>[]) {
          assert.equal(row.sweep_at, null);
          delete row.sweep_at;
          delete row['sweep_at:class'];
        }
        assert.deepEqual(Object.keys(rowsAfter).sort(), Object.keys(rowsBefore).sort());
        for (const table of Object.keys(rowsBefore)) assert.deepEqual(rowsAfter[table], rowsBefore[table], `rows of ${table}`);
        assert.deepEqual(check.pragma('foreign_key_check'), []);
        assert.deepEqual(check.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
        // a foreign key still holds after the rebuild
        assert.throws(() => check.prepare(REFUND_OF_NO_PAYMENT).run('merchant-0019', 'globalpay', 'KRW', 'pending'), /FOREIGN KEY/);
      } finally {
        check.close();
      }

      // ids go on from the last one; the removed key's id is not handed out again
      const m = 'merchant-0019';
      assert.equal((await upgraded.payments.insert(newPayment(m))).id, last.lastPayment + 1);
      const p = await upgraded.payments.insert(newPayment(m));
      assert.equal(p.id, last.lastPayment + 2);
      assert.equal((await upgraded.refunds.insert(newRefund(m, p.id))).id, last.lastRefund + 1);
      const keys = await upgraded.credentials.listByMerchant(m);
      const key = await upgraded.credentials.insert({
        merchantId: m,
        dialect: 'globalpay',
        keyId: 'k3',
        secretHash: 'h3',
        secretSealed: 's3',
        label: null,
      });
      assert.equal(key.id, Math.max(...keys.map((k) => k.id)) + 2, 'the removed key id stays retired');

      // run again (a crash after the rebuild, before Kysely recorded it): nothing to do, nothing changed
      const again = raw(file);
      try {
        const schema = schemaOf(again);
        const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: again }) });
        await idsWithoutAutoincrement('sqlite').up(db);
        assert.deepEqual(schemaOf(again), schema);
      } finally {
        again.close();
      }
    } finally {
      await upgraded.close();
    }
  });

  it('a row whose parent is missing stops the migration, and nothing is changed', async () => {
    const broken = await databaseAt0018();
    try {
      const database = raw(broken.file);
      try {
        database.pragma('foreign_keys = OFF');
        database.prepare(REFUND_OF_NO_PAYMENT).run('nobody', 'globalpay', 'KRW', 'pending');
      } finally {
        database.close();
      }
      const store = await openSqliteStore(broken.file);
      try {
        await assert.rejects(store.migrate(), /migration 0019: a row of refunds lost its (payments|merchants)/);
      } finally {
        await store.close();
      }
      const after0018 = raw(broken.file);
      try {
        assert.ok(autoincrementTables(after0018).includes('payments'), 'the tables are as they were');
        assert.equal(after0018.prepare<[], { n: number }>("select count(*) as n from sqlite_master where name like '%__0019'").get()?.n, 0);
        assert.equal(after0018.prepare<[], { n: number }>('select count(*) as n from refunds').get()?.n, 1);
      } finally {
        after0018.close();
      }
    } finally {
      await rm(broken.dir, { recursive: true, force: true });
    }
  });
});
