/**
 * A report made every day, week or month (ADR 0025). A change to the merchant's settings, so it needs
 * the `settings` right; audited in the same transaction. The first run is due when the current period
 * ends, and reports that period.
 */
import { recordAudit } from '../dashboard/record-audit.js';
import type { SignedIn } from '../dashboard/resolve-session.js';
import type { ReportKind, ReportPeriod, ReportSchedule } from '../ports/report-store.js';
import { reachesReport, type ReportDeps } from './report-deps.js';
import { periodEnd } from './report-periods.js';

export type AddScheduleResult = { ok: true; schedule: ReportSchedule } | { ok: false; problem: 'unknown_merchant' };

export async function addReportSchedule(
  deps: Pick<ReportDeps, 'store' | 'clock'>,
  { user }: SignedIn,
  ip: string | null,
  req: { kind: ReportKind; period: ReportPeriod; merchantId: string | null },
): Promise<AddScheduleResult> {
  if (!reachesReport(user, req.merchantId)) return { ok: false, problem: 'unknown_merchant' };
  if (req.merchantId !== null && !(await deps.store.merchants.get(req.merchantId))) return { ok: false, problem: 'unknown_merchant' };
  const schedule = await deps.store.transaction(async (tx) => {
    const added = await tx.reportRuns.insertSchedule({ ...req, createdBy: user.email, nextRunAt: periodEnd(req.period, deps.clock()) });
    await recordAudit(
      tx,
      { user, ip },
      {
        merchantId: req.merchantId,
        action: 'report.schedule_add',
        subject: `report schedule ${added.id}`,
        detail: { kind: req.kind, period: req.period },
      },
    );
    return added;
  });
  return { ok: true, schedule };
}
