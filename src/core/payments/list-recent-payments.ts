import type { CoreDeps } from '../deps.js';
import type { Payment, PaymentStatus } from '../model.js';

export interface RecentPaymentsQuery {
  /** One merchant's payments; all merchants' when absent. */
  merchantId?: string;
  /** Only payments in these statuses. */
  statuses?: PaymentStatus[];
  limit: number;
}

/**
 * The newest payments, through every API, for an operator (`walletgate payments list`): newest
 * first, ties broken by id. Not a merchant's view: a merchant reaches its records through its API
 * (find-payments.ts).
 */
export async function listRecentPayments(deps: Pick<CoreDeps, 'store'>, query: RecentPaymentsQuery): Promise<Payment[]> {
  const merchantIds = query.merchantId !== undefined ? [query.merchantId] : (await deps.store.merchants.list()).map((m) => m.id);
  const filter = { sortBy: 'createdAt', sortDirection: 'desc', ...(query.statuses ? { statuses: query.statuses } : {}) } as const;
  const pages = await Promise.all(
    merchantIds.map((id) => deps.store.payments.list(id, filter, { index: 1, size: query.limit }).then((r) => r.items)),
  );
  return pages
    .flat()
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
    .slice(0, query.limit);
}
