/**
 * The schedules' pass (ADR 0025), run by the gateway's workers on an interval: each due schedule is
 * claimed by moving its next_run_at from the value read to the next period's end (compare-and-set),
 * in the same transaction as its run row, so when several gateways share a database exactly one runs
 * each period. The run reports the period that ended at the claimed time; a gateway that was down
 * catches up one period per schedule and pass.
 */
import type { ReportRun } from '../ports/report-store.js';
import type { ReportDeps } from './report-deps.js';
import { periodBefore, periodEnd } from './report-periods.js';
import { writeReport } from './write-report.js';

export async function runDueReportSchedules(deps: Omit<ReportDeps, 'background'>, limit = 20): Promise<ReportRun[]> {
  const { store } = deps;
  const done: ReportRun[] = [];
  for (const s of await store.reportRuns.listDueSchedules(deps.clock(), limit)) {
    const run = await store.transaction(async (tx) => {
      if (!(await tx.reportRuns.claimSchedule(s.id, s.nextRunAt, periodEnd(s.period, s.nextRunAt)))) return undefined;
      return tx.reportRuns.insertRun({
        merchantId: s.merchantId,
        kind: s.kind,
        ...periodBefore(s.period, s.nextRunAt),
        requestedBy: 'schedule',
        scheduleId: s.id,
      });
    });
    if (run) done.push(await writeReport(deps, run.id));
  }
  return done;
}
