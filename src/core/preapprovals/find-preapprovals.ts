import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Payment, Preapproval } from '../model.js';
import type { Page, PreapprovalFilter } from '../../storage/store.js';

export async function getPreapproval(deps: Pick<CoreDeps, 'store'>, merchantId: string, id: number): Promise<Preapproval> {
  const p = await deps.store.preapprovals.get(merchantId, id);
  if (!p) throw new CoreError('not_found', `Preapproval ${id} was not found.`, { field: 'id' });
  return p;
}

export function listPreapprovals(deps: Pick<CoreDeps, 'store'>, merchantId: string, filter: PreapprovalFilter, page: Page) {
  return deps.store.preapprovals.list(merchantId, filter, page);
}

export async function listPreapprovalPayments(
  deps: Pick<CoreDeps, 'store'>,
  merchantId: string,
  id: number,
  page: Page,
): Promise<{ items: Payment[]; total: number }> {
  await getPreapproval(deps, merchantId, id);
  return deps.store.payments.list(merchantId, { preapprovalId: id }, page);
}
