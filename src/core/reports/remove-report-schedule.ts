/** Stops a report schedule (ADR 0025): `settings` right; another merchant's is not found; audited in the same transaction. */
import { recordAudit } from '../dashboard/record-audit.js';
import type { SignedIn } from '../dashboard/resolve-session.js';
import { reachesReport, type ReportDeps } from './report-deps.js';

export async function removeReportSchedule(
  deps: Pick<ReportDeps, 'store' | 'clock'>,
  { user }: SignedIn,
  ip: string | null,
  id: number,
): Promise<{ ok: boolean }> {
  return deps.store.transaction(async (tx) => {
    const schedule = await tx.reportRuns.getSchedule(id);
    if (!schedule || schedule.disabledAt !== null || !reachesReport(user, schedule.merchantId)) return { ok: false };
    if (!(await tx.reportRuns.disableSchedule(id, deps.clock()))) return { ok: false };
    await recordAudit(
      tx,
      { user, ip },
      {
        merchantId: schedule.merchantId,
        action: 'report.schedule_remove',
        subject: `report schedule ${id}`,
        detail: { kind: schedule.kind, period: schedule.period },
      },
    );
    return { ok: true };
  });
}
