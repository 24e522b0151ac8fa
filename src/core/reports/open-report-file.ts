/**
 * A finished report's CSV for download (ADR 0025): found only when the user reaches its merchant (a
 * report over every merchant: an operator only) and it was written; anything else is not found.
 */
import type { Readable } from 'node:stream';
import type { SignedIn } from '../dashboard/resolve-session.js';
import type { ReportRun } from '../ports/report-store.js';
import { reachesReport, reportFolder, type ReportDeps } from './report-deps.js';

export async function openReportFile(
  deps: Pick<ReportDeps, 'store' | 'files'>,
  { user }: SignedIn,
  runId: number,
): Promise<{ run: ReportRun; content: Readable } | undefined> {
  const run = await deps.store.reportRuns.getRun(runId);
  if (!run || !reachesReport(user, run.merchantId) || run.state !== 'done' || run.fileName === null) return undefined;
  const content = await deps.files.open(reportFolder(run.merchantId), run.fileName);
  return content && { run, content };
}
