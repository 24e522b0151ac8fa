/**
 * Report runs a stopped gateway left behind (docs/dashboard.md): a run's writer beats its heartbeat
 * when it starts and after every page of rows, so a run queued or running with no heartbeat for
 * longer than the bound has no live writer on any process. It is marked failed with a message a
 * person can act on (run it again), not written again: the person who asked, or the schedule's
 * owner, sees it on the reports page. A run another live process is writing keeps beating and is
 * never touched. Called at start-up and in the workers' minute pass; safe on several processes at once.
 */
import type { ReportRun } from '../ports/report-store.js';
import type { ReportDeps } from './report-deps.js';

/** No heartbeat for this long: the writer is gone (a page of rows takes well under a second). */
export const REPORT_ABANDONED_AFTER_MS = 10 * 60_000;

export const REPORT_ABANDONED_ERROR = 'The gateway stopped while writing this report; run it again.';

export async function failAbandonedReportRuns(deps: Pick<ReportDeps, 'store' | 'clock' | 'log'>): Promise<ReportRun[]> {
  const now = deps.clock();
  const failed = await deps.store.reportRuns.failAbandonedRuns(
    new Date(now.getTime() - REPORT_ABANDONED_AFTER_MS),
    now,
    REPORT_ABANDONED_ERROR,
  );
  if (failed.length > 0)
    deps.log.warn(
      { component: 'reports', runs: failed.map((r) => r.id) },
      'report runs left unfinished by a stopped gateway marked failed',
    );
  return failed;
}
