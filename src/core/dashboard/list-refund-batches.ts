/** The mass-refund page's list (ADR 0024): the newest batches the user reaches — their merchant's; an operator's, everyone's. */
import type { CoreDeps } from '../deps.js';
import type { RefundBatch } from '../ports/refund-batch-store.js';
import type { SignedIn } from './resolve-session.js';

export const BATCHES_SHOWN = 50;

export function listRefundBatches(deps: Pick<CoreDeps, 'store'>, { user }: SignedIn): Promise<RefundBatch[]> {
  return deps.store.refundBatches.list(user.merchantId ?? undefined, BATCHES_SHOWN);
}
