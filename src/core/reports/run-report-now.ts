/**
 * A dashboard user asks for a report now (ADR 0025): of their merchant (an operator: one merchant or
 * every one) for [from, to) in UTC. Running a report reads, so it needs the `view` right; it is
 * recorded (run row + audit row in one transaction) and written in the background: the reports page
 * shows its state.
 */
import { recordAudit } from '../dashboard/record-audit.js';
import type { SignedIn } from '../dashboard/resolve-session.js';
import type { ReportKind, ReportRun } from '../ports/report-store.js';
import { reachesReport, type ReportDeps } from './report-deps.js';
import { writeReport } from './write-report.js';

export interface ReportRequest {
  kind: ReportKind;
  from: Date;
  to: Date;
  /** null: every merchant (an operator only). */
  merchantId: string | null;
}

export type RunReportResult = { ok: true; run: ReportRun } | { ok: false; problem: 'empty_range' | 'unknown_merchant' };

export async function runReportNow(deps: ReportDeps, { user }: SignedIn, ip: string | null, req: ReportRequest): Promise<RunReportResult> {
  if (!(req.from.getTime() < req.to.getTime())) return { ok: false, problem: 'empty_range' };
  if (!reachesReport(user, req.merchantId)) return { ok: false, problem: 'unknown_merchant' };
  if (req.merchantId !== null && !(await deps.store.merchants.get(req.merchantId))) return { ok: false, problem: 'unknown_merchant' };
  const run = await deps.store.transaction(async (tx) => {
    const inserted = await tx.reportRuns.insertRun({ ...req, requestedBy: user.email, scheduleId: null });
    await recordAudit(
      tx,
      { user, ip },
      {
        merchantId: req.merchantId,
        action: 'report.run',
        subject: `report ${inserted.id}`,
        detail: { kind: req.kind, from: req.from.toISOString(), to: req.to.toISOString() },
      },
    );
    return inserted;
  });
  deps.background.run(`report ${run.id}`, () => writeReport(deps, run.id), deps.log);
  return { ok: true, run };
}
