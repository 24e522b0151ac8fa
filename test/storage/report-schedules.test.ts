/**
 * Scheduled reports (ADR 0025) on SQLite and PostgreSQL: two gateways on one database running the
 * schedules' pass at once write each due period once; the run reports the period that ended; a pass
 * with nothing due does nothing; a keyset-paged report crosses page boundaries without losing or
 * repeating a row.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/core/ports/store.js';
import { runDueReportSchedules } from '../../src/core/reports/run-due-report-schedules.js';
import { REPORT_PAGE_ROWS } from '../../src/core/reports/write-report.js';
import { reportFilesIn } from '../../src/storage/report-files.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';
import { addMerchant, newPayment } from './sample-records.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };

for (const kind of storeKinds) {
  describe(`report schedules on ${kind}`, () => {
    let t: TestStore;
    let other: Store;
    let dataDir: string;
    before(async () => {
      t = await openTestStore(kind);
      other = await t.openAnother();
      dataDir = await mkdtemp(join(tmpdir(), 'wg-reports-'));
    });
    after(async () => {
      await t.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('two processes claiming the same due schedule at once run its period once', async () => {
      const merchant = await addMerchant(t.store);
      // due at 2026-03-01 00:00: the daily report of 2026-02-28
      const schedule = await t.store.reportRuns.insertSchedule({
        merchantId: merchant,
        kind: 'payments',
        period: 'daily',
        createdBy: 'owner@example.com',
        nextRunAt: new Date('2026-03-01T00:00:00Z'),
      });
      await t.store.payments.insert(newPayment(merchant, { createdAt: new Date('2026-02-28T12:00:00Z'), reference: 'in-period' }));
      await t.store.payments.insert(newPayment(merchant, { createdAt: new Date('2026-03-01T00:00:00Z'), reference: 'next-period' }));
      const clock = () => new Date('2026-03-01T00:30:00Z');
      const files = reportFilesIn(dataDir);
      const [a, b] = await Promise.all([
        runDueReportSchedules({ store: t.store, clock, log: quiet, files }),
        runDueReportSchedules({ store: other, clock, log: quiet, files }),
      ]);
      const runs = [...a, ...b];
      assert.equal(runs.length, 1, 'one run between the two');
      const run = runs[0]!;
      assert.equal(run.state, 'done');
      assert.equal(run.scheduleId, schedule.id);
      assert.equal(run.from.toISOString(), '2026-02-28T00:00:00.000Z');
      assert.equal(run.to.toISOString(), '2026-03-01T00:00:00.000Z');
      assert.equal(run.rows, 1);
      const csv = await readFile(join(dataDir, 'reports', merchant, run.fileName!), 'utf8');
      assert.match(csv, /in-period/);
      assert.doesNotMatch(csv, /next-period/);
      assert.deepEqual(
        (await readdir(join(dataDir, 'reports', merchant))).filter((f) => f.endsWith('.tmp')),
        [],
        'no temporary file left',
      );
      assert.equal((await t.store.reportRuns.getSchedule(schedule.id))?.nextRunAt.toISOString(), '2026-03-02T00:00:00.000Z');
      // nothing more is due at this time
      assert.deepEqual(await runDueReportSchedules({ store: t.store, clock, log: quiet, files }), []);
      await t.store.reportRuns.disableSchedule(schedule.id, clock());
      assert.deepEqual(
        await runDueReportSchedules({ store: t.store, clock: () => new Date('2026-04-01T00:00:00Z'), log: quiet, files }),
        [],
      );
    });

    it('a report longer than a page reads every row once, in time order', async () => {
      const merchant = await addMerchant(t.store);
      const total = REPORT_PAGE_ROWS + 5;
      const start = Date.UTC(2026, 5, 1);
      // several rows share a created time, so the page boundary falls inside a tie
      for (let i = 0; i < total; i++)
        await t.store.payments.insert(newPayment(merchant, { createdAt: new Date(start + Math.floor(i / 3) * 1000), reference: `r${i}` }));
      const rows = [];
      let cursor;
      for (;;) {
        const page = await t.store.reportRows.paymentRows(
          { merchantId: merchant, from: new Date(start), to: new Date(start + 86_400_000) },
          cursor,
          400,
        );
        rows.push(...page);
        if (page.length < 400) break;
        cursor = { at: page.at(-1)!.createdAt, id: page.at(-1)!.id };
      }
      assert.equal(rows.length, total);
      assert.equal(new Set(rows.map((r) => r.reference)).size, total);
      assert.deepEqual(
        rows.map((r) => r.reference),
        [...Array(total).keys()].map((i) => `r${i}`),
      );
    });
  });
}
