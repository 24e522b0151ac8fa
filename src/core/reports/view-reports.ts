/**
 * What the reports page shows a signed-in user (ADR 0025): the runs and schedules they may see (their
 * merchant's; an operator's, everyone's), and for an operator the merchants a report may be about.
 */
import type { Merchant } from '../model.js';
import type { SignedIn } from '../dashboard/resolve-session.js';
import type { ReportRun, ReportSchedule } from '../ports/report-store.js';
import type { ReportDeps } from './report-deps.js';

export const RUNS_SHOWN = 50;

export interface ReportsView {
  runs: ReportRun[];
  schedules: ReportSchedule[];
  /** An operator's choice of merchant; empty for a merchant's user. */
  merchants: Merchant[];
}

export async function viewReports(deps: Pick<ReportDeps, 'store'>, { user }: SignedIn): Promise<ReportsView> {
  const scope = user.merchantId ?? undefined;
  const [runs, schedules, merchants] = await Promise.all([
    deps.store.reportRuns.listRuns(scope, RUNS_SHOWN),
    deps.store.reportRuns.listSchedules(scope),
    user.merchantId === null ? deps.store.merchants.list() : Promise.resolve([]),
  ]);
  return { runs, schedules, merchants };
}
