/**
 * Finding payments by a reference reads the reference's index, not every payment of the merchant.
 * SQLite has no statistics until ANALYZE, and without them its planner prefers an index that gives
 * the ORDER BY for free (merchant, newest first) over the one that finds the few rows: a mass refund
 * of 10,000 rows spent 30 s walking the merchant's payments to check its references. The repos sort
 * such results by an expression no index gives in order; this test reads SQLite's plan for the SQL
 * the repos really send (every statement prepared while the call runs).
 *
 * The partial indexes of migration 0017 hold only rows whose column is not null; a lookup by a value
 * of that column (`col = ?`) still reads them, on SQLite and on PostgreSQL, and a row with a null
 * there is in none of them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import { preparedDuring } from '../helpers/prepared-sql.js';
import { openTestStore, testPgUrl, type TestStore } from '../helpers/stores.js';
import { addMerchant } from './sample-records.js';

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

  /** SQLite's plan, one line per step, for each statement of `sqls` that reads `table`. */
  function plans(sqls: string[], table = 'payments'): string[] {
    const reads = sqls.filter((s) => new RegExp(`^select .* from "${table}"`, 'i').test(s) && !/count\(\*\)/i.test(s));
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
        assert.match(plan, /USING (COVERING )?INDEX payments_reference_merchant \(reference=\? AND merchant_id=\?\)/, plan);
    });
  }

  it('payments.search({ reference })', async () => {
    const sqls = await preparedDuring(() => t.store.payments.search({ merchantId: merchant, reference: 'R-1', limit: 20 }));
    for (const plan of plans(sqls))
      assert.match(plan, /USING (COVERING )?INDEX payments_reference_merchant \(reference=\? AND merchant_id=\?\)/, plan);
    // an operator's search, across merchants, reads the same index by its prefix (migration 0022)
    const anyMerchant = await preparedDuring(() => t.store.payments.search({ reference: 'R-1', limit: 20 }));
    for (const plan of plans(anyMerchant)) assert.match(plan, /USING (COVERING )?INDEX payments_reference_merchant \(reference=\?\)/, plan);
    const gone = planner
      .prepare("select count(*) as n from sqlite_master where name in ('payments_reference', 'payments_merchant_reference')")
      .get() as {
      n: number;
    };
    assert.equal(gone.n, 0, 'one reference index, not two');
  });

  it('lookups by a value of a partially indexed column read its partial index', async () => {
    const byUnique = await preparedDuring(() => t.store.payments.getByUniqueReference(merchant, 'U-1'));
    for (const plan of plans(byUnique))
      assert.match(plan, /USING INDEX payments_merchant_unique_reference \(merchant_id=\? AND unique_reference=\?\)/, plan);
    const byWalletRef = await preparedDuring(() => t.store.payments.findByConnectorRef('kakaopay', 'T-1'));
    for (const plan of plans(byWalletRef))
      assert.match(plan, /USING INDEX payments_connector_ref \(connector=\? AND connector_ref=\?\)/, plan);
    const byAgreement = await preparedDuring(() => t.store.payments.list(merchant, { preapprovalId: 1 }, { index: 1, size: 2 }));
    // the page itself is read in the merchant's newest-first order; its count finds the agreement's payments by the partial index
    const counts = byAgreement.filter((sql) => /^select count\(\*\)/i.test(sql));
    assert.equal(counts.length, 1);
    const countPlan = (planner.prepare(`explain query plan ${counts[0]}`).all('x', 1) as { detail: string }[])
      .map((r) => r.detail)
      .join(' / ');
    assert.match(countPlan, /USING (COVERING )?INDEX payments_preapproval_id \(preapproval_id=\?\)/, countPlan);
    const needingSync = await preparedDuring(() => t.store.payments.listNeedingSync(10));
    for (const plan of plans(needingSync)) assert.match(plan, /USING INDEX payments_needs_sync/, plan);
    const operations = await preparedDuring(() => t.store.operations.listByPreapproval(merchant, 1));
    for (const plan of plans(operations, 'operations'))
      assert.match(plan, /USING INDEX operations_preapproval_id \(preapproval_id=\?\)/, plan);
  });

  it("a refund's reference is found by (payment, reference), and a payment's refunds by its prefix (migration 0018)", async () => {
    const byReference = await preparedDuring(() => t.store.refunds.findByReference(1, 'RF-1'));
    for (const plan of plans(byReference, 'refunds'))
      assert.match(plan, /USING INDEX refunds_payment_reference \(payment_id=\? AND reference=\?\)/, plan);
    const ofPayment = await preparedDuring(() => t.store.refunds.listByPayment(merchant, 1));
    for (const plan of plans(ofPayment, 'refunds')) assert.match(plan, /USING INDEX refunds_payment_reference \(payment_id=\?\)/, plan);
    const old = planner.prepare("select count(*) as n from sqlite_master where name = 'refunds_payment_id'").get() as { n: number };
    assert.equal(old.n, 0, 'refunds_payment_id (its prefix) is gone');
  });

  it("the sweeper's waiting records, never looked at or due again, are ranges of payments_sweep_due (migration 0021)", async () => {
    const unswept = await preparedDuring(() => t.store.payments.listUnswept(new Date(), 100));
    for (const plan of plans(unswept)) assert.match(plan, /USING INDEX payments_sweep_due \(sweep_at=\? AND created_at<\?\)$/, plan);
    const due = await preparedDuring(() => t.store.payments.listSweepDue(new Date(), 100));
    for (const plan of plans(due)) assert.match(plan, /USING INDEX payments_sweep_due \(sweep_at<\?\)$/, plan);
    const agreements = await preparedDuring(() => t.store.preapprovals.listSweepDue(new Date(), 100));
    for (const plan of plans(agreements, 'preapprovals')) assert.match(plan, /USING INDEX preapprovals_sweep_due \(sweep_at<\?\)$/, plan);
    const gone = planner.prepare("select count(*) as n from sqlite_master where name like '%_status_updated'").get() as { n: number };
    assert.equal(gone.n, 0, 'the (status, updated_at) indexes only the sweeper read are gone');
  });

  it('the partial indexes are partial: a row with a null there (or no check pending) is in none of them', () => {
    const defs = planner
      .prepare("select name, sql from sqlite_master where type = 'index' and name in (?, ?, ?, ?)")
      .all('payments_preapproval_id', 'payments_connector_ref', 'payments_merchant_unique_reference', 'operations_preapproval_id') as {
      name: string;
      sql: string;
    }[];
    assert.equal(defs.length, 4);
    for (const d of defs) assert.match(d.sql, /where "?(preapproval_id|connector_ref|unique_reference)"? is not null$/i, d.name);
    const duplicate = planner.prepare("select count(*) as n from sqlite_master where name = 'payments_created'").get() as { n: number };
    assert.equal(duplicate.n, 0, 'payments_created (the same columns as payments_newest) is gone');
    const needsSync = planner.prepare("select sql from sqlite_master where name = 'payments_needs_sync'").get() as { sql: string };
    assert.match(needsSync.sql, /where "?needs_sync"? = 1$/i, 'only the payments waiting for a wallet check');
  });
});

describe('lookups by a value of a partially indexed column can read its partial index (postgres)', () => {
  let t: TestStore;
  let client: pg.Client;
  before(async () => {
    t = await openTestStore('postgres');
    client = new pg.Client({ connectionString: testPgUrl });
    await client.connect();
    await client.query(`set search_path to "${t.location}"`);
    // the tables are nearly empty: without this the planner reads them whole, which says nothing
    await client.query('set enable_seqscan = off');
  });
  after(async () => {
    await client?.end();
    await t.cleanup();
  });

  /** PostgreSQL's plan for a prepared statement's generic plan (parameters unknown, as the driver's named statements run). */
  async function plan(sql: string, types: string[]): Promise<string> {
    await client.query(`prepare probe (${types.join(', ')}) as ${sql}`);
    try {
      await client.query('set plan_cache_mode = force_generic_plan');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain execute probe (${types.map(() => 'null').join(', ')})`);
      return rows.map((r) => r['QUERY PLAN']).join(' / ');
    } finally {
      await client.query('deallocate probe');
    }
  }

  it('by unique reference, by wallet reference, by agreement', async () => {
    assert.match(
      await plan('select * from payments where merchant_id = $1 and unique_reference = $2', ['text', 'text']),
      /payments_merchant_unique_reference/,
    );
    assert.match(
      await plan('select * from payments where connector = $1 and connector_ref = $2 order by id limit 100', ['text', 'text']),
      /payments_connector_ref/,
    );
    assert.match(await plan('select * from payments where preapproval_id = $1', ['bigint']), /payments_preapproval_id/);
    assert.match(
      await plan('select * from payments where needs_sync = 1 order by updated_at asc, id asc limit $1', ['bigint']),
      /payments_needs_sync/,
    );
    assert.match(
      await plan('select * from operations where merchant_id = $1 and preapproval_id = $2 order by id', ['text', 'bigint']),
      /operations_preapproval_id/,
    );
  });

  it("the sweeper's waiting records (migration 0021): an index range in the index's order, no sort", async () => {
    const waiting = "status in ('created', 'pending_customer')";
    // `is null` is no equality to PostgreSQL: ordered by created_at alone, it sorted every never-looked-at row
    const unswept = await plan(
      `select * from payments where ${waiting} and sweep_at is null and created_at <= $1 order by sweep_at, created_at, id limit $2`,
      ['bigint', 'bigint'],
    );
    assert.match(unswept, /Index Scan using payments_sweep_due/);
    assert.doesNotMatch(unswept, /Sort/);
    const due = await plan(`select * from payments where ${waiting} and sweep_at <= $1 order by sweep_at, created_at, id limit $2`, [
      'bigint',
      'bigint',
    ]);
    assert.match(due, /Index Scan using payments_sweep_due/);
    assert.doesNotMatch(due, /Sort/);
  });

  it("a merchant's reference, and any merchant's (migration 0022)", async () => {
    assert.match(
      await plan('select * from payments where merchant_id = $1 and reference = $2 order by created_at + 0 desc, id + 0 desc limit 20', [
        'text',
        'text',
      ]),
      /Index Cond: \(\(reference = \$2\) AND \(merchant_id = \$1\)\)/,
    );
    assert.match(await plan('select * from payments where reference = $1 limit 20', ['text']), /payments_reference_merchant/);
  });

  it('a refund by (payment, reference) (migration 0018)', async () => {
    assert.match(
      await plan('select * from refunds where payment_id = $1 and reference = $2 order by id asc limit 1', ['bigint', 'text']),
      /refunds_payment_reference/,
    );
  });
});
