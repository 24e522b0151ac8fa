/**
 * Writes one report run's CSV (ADR 0025): reads its rows a keyset page at a time (never the whole
 * range in memory), turns each page into CSV text and hands the chunks to the report files, which
 * write a temporary file and rename it. The run goes queued → running → done (file, rows, bytes) or
 * failed (why). Called in the background after run-now, and by the schedules' pass.
 */
import type { ReportRun, RowCursor, RowRange } from '../ports/report-store.js';
import type { Repos } from '../ports/store.js';
import { csvText, deliveryRecord, paymentRecord, refundRecord, REPORT_HEADERS } from './report-csv.js';
import { reportFolder, type ReportDeps } from './report-deps.js';

/** Rows read per query. */
export const REPORT_PAGE_ROWS = 1000;

type Page = { records: string[][]; last: RowCursor | undefined; size: number };

function pageReader(repos: Repos, run: ReportRun): (after: RowCursor | undefined) => Promise<Page> {
  const range: RowRange = { merchantId: run.merchantId ?? undefined, from: run.from, to: run.to };
  const page = <R extends { id: number }>(rows: R[], at: (r: R) => Date, record: (r: R) => string[]): Page => {
    const last = rows.at(-1);
    return { records: rows.map(record), last: last && { at: at(last), id: last.id }, size: rows.length };
  };
  switch (run.kind) {
    case 'payments':
      return async (after) => page(await repos.reportRows.paymentRows(range, after, REPORT_PAGE_ROWS), (r) => r.createdAt, paymentRecord);
    case 'refunds':
      return async (after) => page(await repos.reportRows.refundRows(range, after, REPORT_PAGE_ROWS), (r) => r.createdAt, refundRecord);
    case 'deliveries':
      return async (after) => page(await repos.reportRows.deliveryRows(range, after, REPORT_PAGE_ROWS), (r) => r.at, deliveryRecord);
  }
}

/** The run is no longer running: another process marked it failed while this one was stalled. */
class AbandonedRun extends Error {}

const day = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');

/** payments_20261101-20261201_r17.csv: the kind, the range's first and (exclusive) last UTC day, the run. */
export function reportFileName(run: Pick<ReportRun, 'id' | 'kind' | 'from' | 'to'>): string {
  return `${run.kind}_${day(run.from)}-${day(run.to)}_r${run.id}.csv`;
}

export async function writeReport(deps: Omit<ReportDeps, 'background'>, runId: number): Promise<ReportRun> {
  const { store } = deps;
  const run = await store.reportRuns.updateRun(runId, { state: 'running' });
  // the heartbeat says a live process writes it (fail-abandoned-report-runs.ts); false: it was given up on
  const beat = async () => {
    if (!(await store.reportRuns.beatRun(runId, deps.clock()))) throw new AbandonedRun();
  };
  await beat();
  const read = pageReader(store, run);
  let rows = 0;
  async function* chunks(): AsyncGenerator<string> {
    yield csvText([[...REPORT_HEADERS[run.kind]]]);
    let after: RowCursor | undefined;
    for (;;) {
      const page = await read(after);
      await beat();
      rows += page.size;
      if (page.size > 0) yield csvText(page.records);
      if (page.size < REPORT_PAGE_ROWS) return;
      after = page.last;
    }
  }
  const fileName = reportFileName(run);
  try {
    const { bytes } = await deps.files.write(reportFolder(run.merchantId), fileName, chunks());
    return await store.reportRuns.updateRun(runId, { state: 'done', fileName, rows, bytes, finishedAt: deps.clock(), error: null });
  } catch (e) {
    if (e instanceof AbandonedRun) return (await store.reportRuns.getRun(runId)) ?? run;
    deps.log.error({ component: 'reports', run: runId, err: (e as Error).message }, 'report failed');
    return store.reportRuns.updateRun(runId, {
      state: 'failed',
      finishedAt: deps.clock(),
      error: 'The report could not be written; see the log.',
    });
  }
}
