/**
 * Agreements (preapprovals, Adyen stored tokens, Checkout.com `src_` sources) as an API sees them:
 * reached through the API that made them, like payments (reader.ts). Another API's agreement is
 * `not_found`, so it can be neither read, listed, charged nor closed there.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Payment, Preapproval } from '../model.js';
import { reaches, type Reader } from '../reader.js';
import type { Page, PreapprovalFilter, Repos } from '../ports/store.js';

export async function getPreapproval(deps: Pick<CoreDeps, 'store'>, who: Reader, id: number): Promise<Preapproval> {
  const p = await deps.store.preapprovals.get(who.merchantId, id);
  if (!p || !reaches(who, p)) throw new CoreError('not_found', `Preapproval ${id} was not found.`, { field: 'id' });
  return p;
}

export function listPreapprovals(deps: Pick<CoreDeps, 'store'>, who: Reader, filter: PreapprovalFilter, page: Page) {
  return deps.store.preapprovals.list(who.merchantId, { ...filter, dialect: who.dialect }, page);
}

export async function listPreapprovalPayments(
  deps: Pick<CoreDeps, 'store'>,
  who: Reader,
  id: number,
  page: Page,
): Promise<{ items: Payment[]; total: number }> {
  await getPreapproval(deps, who, id);
  return deps.store.payments.list(who.merchantId, { preapprovalId: id, dialect: who.dialect }, page);
}

/**
 * The agreement a one-time payment opened (Adyen storePaymentMethod, Checkout.com Recurring), in any
 * status, read through the store or inside a transaction. It was made through the payment's API.
 */
export async function agreementOpenedBy(repos: Pick<Repos, 'preapprovals'>, payment: Payment): Promise<Preapproval | undefined> {
  // Only a payment made under the recurring contract can have opened one: spare every other lookup.
  if (payment.connectorState.recurringContract !== true) return undefined;
  const { items } = await repos.preapprovals.list(
    payment.merchantId,
    { originPaymentId: payment.id, dialect: payment.dialect },
    { index: 1, size: 1 },
  );
  return items[0];
}

/** The same, for a route. */
export function findStoredAgreement(deps: Pick<CoreDeps, 'store'>, payment: Payment): Promise<Preapproval | undefined> {
  return agreementOpenedBy(deps.store, payment);
}

/** A customer's open agreements (Adyen stored payment methods of a shopperReference), newest first. */
export async function listCustomerAgreements(deps: Pick<CoreDeps, 'store'>, who: Reader, customerRef: string): Promise<Preapproval[]> {
  const { items } = await deps.store.preapprovals.list(
    who.merchantId,
    { customerRef, statuses: ['active'], dialect: who.dialect },
    { index: 1, size: 100 },
  );
  return items;
}

/**
 * The agreement a charge or a customer's request names: not_found (on the field `preapprovalId`)
 * when it is another API's, or, when the request names a customer, not that customer's.
 */
export async function getCustomerAgreement(
  deps: Pick<CoreDeps, 'store'>,
  who: Reader,
  customerRef: string | null | undefined,
  id: number,
): Promise<Preapproval> {
  const p = await deps.store.preapprovals.get(who.merchantId, id);
  if (!p || !reaches(who, p) || (customerRef != null && p.customerRef !== customerRef)) {
    const whose = customerRef != null ? ` for customer ${customerRef}` : '';
    throw new CoreError('not_found', `Preapproval ${id} was not found${whose}.`, { field: 'preapprovalId' });
  }
  return p;
}
