/** What the report use cases need: the core's store, clock, log and background work, and where CSVs are kept. */
import type { CoreDeps } from '../deps.js';
import { reachesMerchant } from '../dashboard/dashboard-policy.js';
import type { ReportFiles } from '../ports/report-files.js';

export type ReportDeps = Pick<CoreDeps, 'store' | 'clock' | 'log' | 'background'> & { files: ReportFiles };

/** The folder of a merchant's reports; `@all` (no merchant id has an @) for reports over every merchant. */
export function reportFolder(merchantId: string | null): string {
  return merchantId ?? '@all';
}

/** Who may see a run or a schedule: a merchant's user its own merchant's; every-merchant ones, only an operator. */
export function reachesReport(user: { merchantId: string | null }, merchantId: string | null): boolean {
  return merchantId === null ? user.merchantId === null : reachesMerchant(user, merchantId);
}
