/**
 * Report runs a stopped gateway left (docs/dashboard.md) on SQLite and PostgreSQL: a run queued or
 * running with no heartbeat for longer than the bound is marked failed, once, with a message a
 * person understands, even with two processes passing at once; a run whose writer still beats is
 * not touched; a writer that stalled past the bound and was given up on stops and leaves it failed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/core/ports/store.js';
import type { ReportFiles } from '../../src/core/ports/report-files.js';
import {
  failAbandonedReportRuns,
  REPORT_ABANDONED_AFTER_MS,
  REPORT_ABANDONED_ERROR,
} from '../../src/core/reports/fail-abandoned-report-runs.js';
import { writeReport } from '../../src/core/reports/write-report.js';
import { reportFilesIn } from '../../src/storage/report-files.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';
import { addMerchant, newPayment } from './sample-records.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const MINUTE = 60_000;

for (const kind of storeKinds) {
  describe(`report runs a stopped gateway left (${kind})`, () => {
    let t: TestStore;
    let other: Store;
    let dataDir: string;
    before(async () => {
      t = await openTestStore(kind);
      other = await t.openAnother();
      dataDir = await mkdtemp(join(tmpdir(), 'wg-abandoned-'));
    });
    after(async () => {
      await t.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    });

    const range = { kind: 'payments' as const, from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') };
    const at = (ms: number) => () => new Date(ms);

    it('a running run with no heartbeat past the bound is failed once, by one of two processes; before the bound it is left', async () => {
      const merchant = await addMerchant(t.store);
      const run = await t.store.reportRuns.insertRun({
        ...range,
        merchantId: merchant,
        requestedBy: 'owner@example.com',
        scheduleId: null,
      });
      await t.store.reportRuns.updateRun(run.id, { state: 'running' });
      const died = Date.now();
      assert.equal(await t.store.reportRuns.beatRun(run.id, new Date(died)), true);

      assert.deepEqual(await failAbandonedReportRuns({ store: t.store, clock: at(died + 5 * MINUTE), log: quiet }), []);
      assert.equal((await t.store.reportRuns.getRun(run.id))?.state, 'running', 'within the bound its writer may be alive');

      const later = at(died + REPORT_ABANDONED_AFTER_MS + MINUTE);
      const [a, b] = await Promise.all([
        failAbandonedReportRuns({ store: t.store, clock: later, log: quiet }),
        failAbandonedReportRuns({ store: other, clock: later, log: quiet }),
      ]);
      assert.deepEqual(
        [...a, ...b].map((r) => r.id),
        [run.id],
        'failed once between the two processes',
      );
      const failed = await t.store.reportRuns.getRun(run.id);
      assert.equal(failed?.state, 'failed');
      assert.equal(failed?.error, REPORT_ABANDONED_ERROR);
      assert.equal(failed?.finishedAt?.getTime(), later().getTime());
      assert.deepEqual(await failAbandonedReportRuns({ store: t.store, clock: at(died + 60 * MINUTE), log: quiet }), [], 'done with it');
    });

    it('a run whose writer beat recently is not touched, however old; a queued run never started is failed after the bound', async () => {
      const merchant = await addMerchant(t.store);
      const created = Date.now();
      const live = await t.store.reportRuns.insertRun({
        ...range,
        merchantId: merchant,
        requestedBy: 'owner@example.com',
        scheduleId: null,
      });
      await t.store.reportRuns.updateRun(live.id, { state: 'running' });
      const queued = await t.store.reportRuns.insertRun({ ...range, merchantId: merchant, requestedBy: 'schedule', scheduleId: null });
      const now = created + REPORT_ABANDONED_AFTER_MS + 5 * MINUTE;
      // another process is still writing it: its last page a minute ago
      assert.equal(await other.reportRuns.beatRun(live.id, new Date(now - MINUTE)), true);
      const failed = await failAbandonedReportRuns({ store: t.store, clock: at(now), log: quiet });
      assert.deepEqual(
        failed.map((r) => r.id),
        [queued.id],
      );
      assert.equal((await t.store.reportRuns.getRun(live.id))?.state, 'running');
      assert.equal((await t.store.reportRuns.getRun(queued.id))?.error, REPORT_ABANDONED_ERROR);
      assert.equal(await t.store.reportRuns.beatRun(queued.id, new Date(now)), false, 'a failed run takes no heartbeat');
    });

    it('a writer given up on while it stalled stops at its next page and leaves the run failed, and no file', async () => {
      const merchant = await addMerchant(t.store);
      await t.store.payments.insert(newPayment(merchant, { createdAt: new Date('2026-02-10T12:00:00Z') }));
      const run = await t.store.reportRuns.insertRun({
        ...range,
        merchantId: merchant,
        requestedBy: 'owner@example.com',
        scheduleId: null,
      });
      const real = reportFilesIn(dataDir);
      const start = Date.now();
      const stalling: ReportFiles = {
        open: (folder, name) => real.open(folder, name),
        async write(folder, name, content) {
          // while this writer stalls, another process passes long after the bound
          const given = await failAbandonedReportRuns({ store: other, clock: at(start + REPORT_ABANDONED_AFTER_MS + MINUTE), log: quiet });
          assert.deepEqual(
            given.map((r) => r.id),
            [run.id],
          );
          return real.write(folder, name, content);
        },
      };
      const result = await writeReport({ store: t.store, clock: at(start), log: quiet, files: stalling }, run.id);
      assert.equal(result.state, 'failed');
      assert.equal(result.error, REPORT_ABANDONED_ERROR);
      assert.equal(result.fileName, null);
      assert.deepEqual(await readdir(join(dataDir, 'reports', merchant)).catch(() => []), [], 'nothing written');
    });
  });
}
