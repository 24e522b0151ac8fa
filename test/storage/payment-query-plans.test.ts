/**
 * Finding payments by a reference reads the reference's index, not every payment of the merchant.
 * SQLite has no statistics until ANALYZE, and without them its planner prefers an index that gives
 * the ORDER BY for free (merchant, newest first) over the one that finds the few rows: a mass refund
 * of 10,000 rows spent 30 s walking the merchant's payments to check its references. The repos sort
 * such results by an expression no index gives in order; this test reads SQLite's plan for the SQL
 * the repos really send (every statement prepared while the call runs).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { openTestStore, type TestStore } from '../helpers/stores.js';
import { addMerchant } from './sample-records.js';

/** The SQL of every statement better-sqlite3 prepares while fn runs (in this process). */
async function preparedDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const proto = Database.prototype as unknown as { prepare: (sql: string, ...rest: unknown[]) => unknown };
  const original = proto.prepare;
  const seen: string[] = [];
  proto.prepare = function (this: unknown, sql: string, ...rest: unknown[]) {
    seen.push(sql);
    return original.call(this, sql, ...rest);
  };
  try {
    await fn();
  } finally {
    proto.prepare = original;
  }
  return seen;
}

describe('payment lookups by reference use the reference index (sqlite)', () => {
  let t: TestStore;
  let merchant: string;
  let planner: Database.Database;
  before(async () => {
    t = await openTestStore('sqlite');
    merchant = await addMerchant(t.store);
    planner = new Database(t.location, { readonly: true });
  });
  after(async () => {
    planner.close();
    await t.cleanup();
  });

  /** SQLite's plan, one line per step, for each statement of `sqls` that reads payments. */
  function plans(sqls: string[]): string[] {
    const reads = sqls.filter((s) => /^select .* from "payments"/i.test(s) && !/count\(\*\)/i.test(s));
    assert.ok(reads.length > 0, `no payments read among ${JSON.stringify(sqls)}`);
    return reads.map((sql) => {
      const params = (sql.match(/\?/g) ?? []).map(() => 'x');
      const steps = planner.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[];
      return steps.map((s) => s.detail).join(' / ');
    });
  }

  for (const sortBy of ['createdAt', 'reference', 'amount'] as const) {
    it(`payments.list({ reference }) sorted by ${sortBy}`, async () => {
      const sqls = await preparedDuring(() => t.store.payments.list(merchant, { reference: 'R-1', sortBy }, { index: 1, size: 2 }));
      for (const plan of plans(sqls))
        assert.match(plan, /USING (COVERING )?INDEX payments_(merchant_)?reference \((merchant_id=\? AND )?reference=\?\)/, plan);
    });
  }

  it('payments.search({ reference })', async () => {
    const sqls = await preparedDuring(() => t.store.payments.search({ merchantId: merchant, reference: 'R-1', limit: 20 }));
    for (const plan of plans(sqls)) assert.match(plan, /USING (COVERING )?INDEX payments_(merchant_)?reference \(/, plan);
  });
});
