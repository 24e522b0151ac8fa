import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Payment, Preapproval } from '../model.js';
import type { Page, PreapprovalFilter, Repos } from '../ports/store.js';

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

/**
 * The agreement a one-time payment opened (Adyen storePaymentMethod, Checkout.com Recurring), in any
 * status, read through the store or inside a transaction.
 */
export async function agreementOpenedBy(repos: Pick<Repos, 'preapprovals'>, payment: Payment): Promise<Preapproval | undefined> {
  // Only a payment made under the recurring contract can have opened one: spare every other lookup.
  if (payment.connectorState.recurringContract !== true) return undefined;
  const { items } = await repos.preapprovals.list(payment.merchantId, { originPaymentId: payment.id }, { index: 1, size: 1 });
  return items[0];
}

/** The same, for a route. */
export function findStoredAgreement(deps: Pick<CoreDeps, 'store'>, payment: Payment): Promise<Preapproval | undefined> {
  return agreementOpenedBy(deps.store, payment);
}

/** A customer's open agreements (Adyen stored payment methods of a shopperReference), newest first. */
export async function listCustomerAgreements(
  deps: Pick<CoreDeps, 'store'>,
  merchantId: string,
  customerRef: string,
): Promise<Preapproval[]> {
  const { items } = await deps.store.preapprovals.list(merchantId, { customerRef, statuses: ['active'] }, { index: 1, size: 100 });
  return items;
}

/** One of a customer's agreements; not_found when it is not theirs. */
export async function getCustomerAgreement(
  deps: Pick<CoreDeps, 'store'>,
  merchantId: string,
  customerRef: string,
  id: number,
): Promise<Preapproval> {
  const p = await deps.store.preapprovals.get(merchantId, id);
  if (!p || p.customerRef !== customerRef) {
    throw new CoreError('not_found', `Preapproval ${id} is not an agreement of customer ${customerRef}.`, { field: 'preapprovalId' });
  }
  return p;
}
