/**
 * Precompiled queries (src/storage/precompiled-query.ts) on a real SQLite file (the group-commit
 * driver walletgate uses) and a real PostgreSQL schema: each call's parameters land where its
 * markers were (repeated arguments and constants included), the SQL is the builder's own, a query
 * in a transaction that is rolled back leaves nothing, unstorable text is still refused, and an
 * update gets one compiled query per set of columns it sets.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type CompiledQuery, type Selectable, type Updateable } from 'kysely';
import pg from 'pg';
import type { CustomTypesConfig } from 'pg';
import { UnstorableTextError, type Store } from '../../src/core/ports/store.js';
import { migrateToLatest } from '../../src/storage/migrations.js';
import { CurrentSchemaDialect } from '../../src/storage/postgres/current-schema-introspector.js';
import { precompiled, precompiledPerShape } from '../../src/storage/precompiled-query.js';
import { refuseUnstorableText } from '../../src/storage/refuse-unstorable-text.js';
import { runTransaction } from '../../src/storage/run-transaction.js';
import type { Database, MerchantsTable, PaymentsTable, StoreKind } from '../../src/storage/schema.js';
import { GroupCommitDriver, groupCommitDialect, type SqliteHandle } from '../../src/storage/sqlite/group-commit-driver.js';
import { dropPgSchema, openTestStore, storeKinds, testPgUrl, type TestStore } from '../helpers/stores.js';
import { addMerchant, newPayment } from './sample-records.js';

type Merchant = Selectable<MerchantsTable>;

function sqliteHandle(file: string, readOnly: boolean): SqliteHandle {
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`busy_timeout = ${readOnly ? 5000 : 0}`);
  if (readOnly) raw.pragma('query_only = ON');
  return { prepare: (s) => raw.prepare(s), exec: (s) => void raw.exec(s), close: () => void raw.close() };
}

/** int8 as number, as the store's pool reads it. */
const int8AsNumber: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? Number
      : pg.types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

/** A migrated database of this kind, guarded as the store guards it, and how to get rid of it. */
async function openDatabase(kind: StoreKind): Promise<{ db: Kysely<Database>; cleanup(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'wg-precompiled-'));
    const file = join(dir, 'walletgate.db');
    new BetterSqlite3(file).close();
    const driver = new GroupCommitDriver(sqliteHandle(file, false), sqliteHandle(file, true));
    const db = new Kysely<Database>({ dialect: groupCommitDialect(driver) });
    await migrateToLatest(db as Kysely<unknown>, kind);
    return {
      db: db.withPlugin(refuseUnstorableText),
      async cleanup() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `wg_test_${randomBytes(6).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: testPgUrl, max: 3, types: int8AsNumber, options: `-c search_path=${schema}` });
  await pool.query(`create schema "${schema}"`);
  const db = new Kysely<Database>({ dialect: new CurrentSchemaDialect({ pool }) });
  await migrateToLatest(db as Kysely<unknown>, kind);
  return {
    db: db.withPlugin(refuseUnstorableText),
    async cleanup() {
      await db.destroy();
      await dropPgSchema(schema);
    },
  };
}

const CONSTANT_URL = 'https://constant.example/notify';

/** One argument used twice, one once, and a constant the builder put in. */
const merchantsMatching = precompiled<[idOrName: string, createdSince: number], Merchant>((db, $) =>
  db
    .selectFrom('merchants')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', $(0)), eb('name', '=', $(0))]))
    .where('created_at', '>=', $(1))
    .where('notify_url', '=', CONSTANT_URL)
    .orderBy('id'),
);
const insertMerchant = precompiledPerShape((db, row: MerchantsTable) => db.insertInto('merchants').values(row).returningAll());
const merchantById = precompiled<[id: string], Merchant>((db, $) => db.selectFrom('merchants').selectAll().where('id', '=', $(0)));
const updateMerchant = precompiledPerShape<Updateable<MerchantsTable>, [id: string], Merchant>((db, set, $) =>
  db.updateTable('merchants').set(set).where('id', '=', $(0)).returningAll(),
);
/** The shape of payments.ts's update: one compiled query per set of columns. */
const updatePayment = precompiledPerShape<Updateable<PaymentsTable>, [id: number], Selectable<PaymentsTable>>((db, set, $) =>
  db.updateTable('payments').set(set).where('id', '=', $(0)).returningAll(),
);

/** A build that leaves one of its values out of the query: refused when compiled, never run. */
const dropsAValue = precompiledPerShape((db, row: { name?: string }) =>
  db
    .selectFrom('merchants')
    .select('id')
    .where('id', '=', row.name === undefined ? 'none' : 'm1'),
);

const refused = (what: RegExp) => (e: unknown) => e instanceof UnstorableTextError && what.test(e.what);

for (const kind of storeKinds) {
  describe(`precompiled queries (${kind})`, () => {
    let db: Kysely<Database>;
    let cleanup: () => Promise<void>;
    let scope: { db: Kysely<Database>; kind: StoreKind };
    before(async () => {
      ({ db, cleanup } = await openDatabase(kind));
      scope = { db, kind };
      for (const [id, name, createdAt, notifyUrl] of [
        ['m1', 'alpha', 1000, CONSTANT_URL],
        ['m2', 'beta', 2000, CONSTANT_URL],
        ['m3', 'gamma', 3000, 'https://other.example/'],
      ] as const) {
        await insertMerchant.execute(scope, { id, name, notify_url: notifyUrl, created_at: createdAt });
      }
    });
    after(async () => {
      await cleanup?.();
    });

    const ids = async (idOrName: string, since: number) => (await merchantsMatching.execute(scope, idOrName, since)).rows.map((r) => r.id);

    it('each call fills in its own arguments where their markers were, repeated ones and constants included', async () => {
      assert.deepEqual(await ids('m2', 0), ['m2'], 'the first argument, as the id');
      assert.deepEqual(await ids('alpha', 0), ['m1'], 'the same argument, as the name');
      assert.deepEqual(await ids('alpha', 1500), [], 'the second argument, after the repeated first');
      assert.deepEqual(await ids('beta', 1500), ['m2']);
      assert.deepEqual(await ids('gamma', 0), [], 'the constant notify_url is in every call');
      assert.deepEqual(await ids('m3', 0), []);
    });

    it('the SQL is what the builder compiles, with the database’s own placeholders', () => {
      const built = db.updateTable('merchants').set({ name: 'x' }).where('id', '=', 'm1').returningAll().compile();
      const pre = updateMerchant.compiledFor(scope, { name: 'x' });
      assert.equal(pre.sql, built.sql);
      assert.equal(
        pre.sql,
        kind === 'postgres'
          ? 'update "merchants" set "name" = $1 where "id" = $2 returning *'
          : 'update "merchants" set "name" = ? where "id" = ? returning *',
      );
    });

    it('a marker the builder did not turn into a parameter is refused when the query is compiled', async () => {
      await assert.rejects(dropsAValue.execute(scope, { name: 'alpha' }), /1 markers built, 0 became parameters/);
      assert.deepEqual((await dropsAValue.execute(scope, {})).rows, [], 'no values, no markers: it compiles');
    });

    it('a query in a transaction that is rolled back leaves nothing; one that commits is kept', async () => {
      const boom = new Error('undo');
      await assert.rejects(
        runTransaction(db, kind, async (tx) => {
          await insertMerchant.execute({ db: tx, kind }, { id: 'gone', name: 'gone', notify_url: null, created_at: 1 });
          // seen inside its own transaction
          assert.equal((await merchantById.first({ db: tx, kind }, 'gone'))?.name, 'gone');
          throw boom;
        }),
        (e) => e === boom,
      );
      assert.equal(await merchantById.first(scope, 'gone'), undefined);
      await runTransaction(db, kind, (tx) =>
        insertMerchant.execute({ db: tx, kind }, { id: 'kept', name: 'kept', notify_url: null, created_at: 1 }),
      );
      assert.equal((await merchantById.first(scope, 'kept'))?.name, 'kept');
    });

    it('unstorable text in an argument or a value is UnstorableTextError, and nothing is written', async () => {
      await assert.rejects(
        insertMerchant.execute(scope, { id: 'bad', name: 'tea\u0000', notify_url: null, created_at: 1 }),
        refused(/NUL character/),
      );
      await assert.rejects(merchantById.first(scope, 'x\ud800'), refused(/lone UTF-16 surrogate \(U\+D800\)/));
      await assert.rejects(updateMerchant.execute(scope, { name: '\udfff' }, 'm1'), refused(/U\+DFFF/));
      assert.equal(await merchantById.first(scope, 'bad'), undefined);
      assert.equal((await merchantById.first(scope, 'm1'))?.name, 'alpha');
    });

    it("a scope's own run takes the compiled query instead of db.executeQuery, and what it throws rejects the call", async () => {
      const seen: string[] = [];
      const own = {
        db,
        kind,
        run: (q: CompiledQuery) => {
          seen.push(q.sql);
          if (q.parameters.includes('refuse-me')) throw new Error('the run refused it');
          return db.executeQuery(q);
        },
      };
      assert.deepEqual(
        (await merchantsMatching.execute(own, 'beta', 1500)).rows.map((r) => r.id),
        ['m2'],
      );
      assert.equal((await merchantById.first(own, 'm3'))?.name, 'gamma');
      assert.equal(seen.length, 2, 'both calls went through the run');
      for (const text of seen) assert.match(text, /^select .* from "merchants" where /);
      await assert.rejects(merchantById.first(own, 'refuse-me'), /the run refused it/);
    });

    it('an update gets one compiled query per set of columns; undefined values are left out as Kysely leaves them', async () => {
      const q = (set: Updateable<PaymentsTable>) => updatePayment.compiledFor(scope, set).sql;
      const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
      assert.equal(
        q({ updated_at: 1, status: 'succeeded' }),
        `update "payments" set "updated_at" = ${p(1)}, "status" = ${p(2)} where "id" = ${p(3)} returning *`,
      );
      assert.equal(
        q({ updated_at: 1, refunded_amount: 5, refund_reserved_amount: 0 }),
        `update "payments" set "updated_at" = ${p(1)}, "refunded_amount" = ${p(2)}, "refund_reserved_amount" = ${p(3)} where "id" = ${p(4)} returning *`,
      );
      assert.equal(
        q({ updated_at: 1, status: undefined, failure_code: null }),
        `update "payments" set "updated_at" = ${p(1)}, "failure_code" = ${p(2)} where "id" = ${p(3)} returning *`,
      );

      // and each runs with its own values
      await updateMerchant.execute(scope, { name: 'alpha-2' }, 'm1');
      await updateMerchant.execute(scope, { notify_url: 'https://n.example/' }, 'm1');
      const both = await updateMerchant.first(scope, { name: 'alpha-3', notify_url: undefined }, 'm1');
      assert.deepEqual(both, { id: 'm1', name: 'alpha-3', notify_url: 'https://n.example/', created_at: 1000 });
      assert.equal(await updateMerchant.first(scope, { name: 'nobody' }, 'no-such-merchant'), undefined);
    });

    it('a set of columns that begins as another, or has its columns in another order, is a query of its own', () => {
      // a query of its own here, so that the shapes are made in this order: the longest first
      const update = precompiledPerShape<Updateable<PaymentsTable>, [id: number], Selectable<PaymentsTable>>((db, set, $) =>
        db.updateTable('payments').set(set).where('id', '=', $(0)).returningAll(),
      );
      const q = (set: Updateable<PaymentsTable>) => update.compiledFor(scope, set).sql;
      const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
      const two = `update "payments" set "updated_at" = ${p(1)}, "status" = ${p(2)} where "id" = ${p(3)} returning *`;
      const three = `update "payments" set "updated_at" = ${p(1)}, "status" = ${p(2)}, "failure_code" = ${p(3)} where "id" = ${p(4)} returning *`;
      const swapped = `update "payments" set "status" = ${p(1)}, "updated_at" = ${p(2)} where "id" = ${p(3)} returning *`;
      // each asked for after the others exist, both ways round
      for (let round = 0; round < 2; round++) {
        assert.equal(q({ updated_at: 1, status: 'failed', failure_code: 'x' }), three);
        assert.equal(q({ updated_at: 1, status: 'failed' }), two);
        assert.equal(q({ status: 'failed', updated_at: 1 }), swapped);
        assert.equal(q({ updated_at: 1, failure_code: undefined, status: 'failed' }), two, 'an undefined value in between is left out');
      }
      // a key inherited from a prototype is not a column, as Kysely takes only a record's own keys
      const inherited = Object.assign(Object.create({ failure_code: 'inherited' }) as Updateable<PaymentsTable>, {
        updated_at: 1,
        status: 'failed' as const,
      });
      assert.equal(q(inherited), two);
    });
  });

  describe(`the store's precompiled payment queries (${kind})`, () => {
    let ts: TestStore;
    let store: Store;
    let merchantId: string;
    before(async () => {
      ts = await openTestStore(kind);
      store = ts.store;
      merchantId = await addMerchant(store);
    });
    after(async () => {
      await ts?.cleanup();
    });

    it('successive patches of different shapes each change only their own columns', async () => {
      const p = await store.payments.insert(newPayment(merchantId, { reference: 'patches' }));
      const a = await store.payments.update(p.id, { status: 'pending_customer' });
      const b = await store.payments.update(p.id, { refundReservedAmount: 300 });
      const c = await store.payments.update(p.id, { status: 'succeeded', capturedAmount: p.amount, failureCode: null });
      assert.equal(a.status, 'pending_customer');
      assert.deepEqual([b.status, b.refundReservedAmount, b.capturedAmount], ['pending_customer', 300, p.capturedAmount]);
      assert.deepEqual([c.status, c.refundReservedAmount, c.capturedAmount, c.failureCode], ['succeeded', 300, p.amount, null]);
      assert.deepEqual(await store.payments.getById(p.id), c);
      assert.deepEqual(await store.payments.get(merchantId, p.id), c);
      assert.equal(await store.payments.get('another-merchant', p.id), undefined);
    });
  });
}
