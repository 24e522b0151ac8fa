/**
 * The SQLite store writes a bound LIMIT as `limit cast(? as integer)` (src/storage/sqlite/
 * stable-limit-compiler.ts): better-sqlite3's SQLite (SQLITE_ENABLE_STAT4) prepares a statement with
 * a bare `limit ?` again on every run. Each limited query the store sends says so, through both of
 * its connections' compilers, and the limit still holds: as many rows as asked, in the same order.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import { StableLimitSqliteDialect } from '../../src/storage/sqlite/stable-limit-compiler.js';
import type { Database as Tables } from '../../src/storage/schema.js';
import { preparedDuring } from '../helpers/prepared-sql.js';
import { openTestStore, type TestStore } from '../helpers/stores.js';
import { addMerchant, newPayment, newRefund } from './sample-records.js';

describe('a bound LIMIT on SQLite', () => {
  let t: TestStore;
  let merchant: string;
  before(async () => {
    t = await openTestStore('sqlite');
    merchant = await addMerchant(t.store);
  });
  after(async () => {
    await t.cleanup();
  });

  it('is cast to integer in every limited query the store prepares, and still limits', async () => {
    const payment = await t.store.payments.insert(newPayment(merchant, { reference: 'LIMITED' }));
    for (const reference of ['r-1', 'r-2', 'r-3']) await t.store.refunds.insert(newRefund(merchant, payment.id, { reference }));
    for (let i = 0; i < 3; i++) await t.store.payments.insert(newPayment(merchant, { reference: `P-${i}` }));

    let found: unknown;
    let page: { items: { reference: string }[] } = { items: [] };
    const sqls = await preparedDuring(async () => {
      found = await t.store.refunds.findByReference(payment.id, 'r-2');
      page = await t.store.payments.list(merchant, {}, { index: 1, size: 2 });
    });
    const limited = sqls.filter((s) => /\blimit\b/i.test(s));
    assert.ok(limited.length >= 2, `limited statements prepared: ${JSON.stringify(sqls)}`);
    for (const s of limited) {
      assert.match(s, /limit cast\(\? as integer\)/, s);
      assert.doesNotMatch(s, /limit \?/, s);
    }
    assert.equal((found as { reference: string } | undefined)?.reference, 'r-2');
    assert.equal(page.items.length, 2, 'two rows asked for, two given');
    assert.deepEqual(
      page.items.map((p) => p.reference),
      ['P-2', 'P-1'],
      'newest first, as before',
    );
  });

  it("the store's own connection for migrations and the start-up lock compiles the same", () => {
    const db = new Kysely<Tables>({ dialect: new StableLimitSqliteDialect({ database: new Database(':memory:') }) });
    try {
      const q = db.selectFrom('payments').select('id').where('merchant_id', '=', 'm').limit(5).offset(10).compile();
      assert.equal(q.sql, 'select "id" from "payments" where "merchant_id" = ? limit cast(? as integer) offset ?');
      assert.deepEqual(q.parameters, ['m', 5, 10]);
    } finally {
      void db.destroy();
    }
  });
});
