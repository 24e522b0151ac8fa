import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Operation, Payment, Refund } from '../model.js';
import type { Page, PaymentFilter } from '../../storage/store.js';

export async function getPayment(deps: Pick<CoreDeps, 'store'>, merchantId: string, id: number): Promise<Payment> {
  const p = await deps.store.payments.get(merchantId, id);
  if (!p) throw new CoreError('not_found', `Payment ${id} was not found.`, { field: 'id' });
  return p;
}

export function listPayments(deps: Pick<CoreDeps, 'store'>, merchantId: string, filter: PaymentFilter, page: Page) {
  return deps.store.payments.list(merchantId, filter, page);
}

export async function listRefunds(deps: Pick<CoreDeps, 'store'>, merchantId: string, paymentId: number): Promise<Refund[]> {
  await getPayment(deps, merchantId, paymentId);
  return deps.store.refunds.listByPayment(merchantId, paymentId);
}

export async function getRefund(deps: Pick<CoreDeps, 'store'>, merchantId: string, paymentId: number, refundId: number): Promise<Refund> {
  const r = await deps.store.refunds.get(merchantId, paymentId, refundId);
  if (!r) throw new CoreError('not_found', `Refund ${refundId} of payment ${paymentId} was not found.`, { field: 'refundId' });
  return r;
}

/** A payment with its refunds and its operations (oldest first): what an API's action list is made from. */
export async function getPaymentHistory(
  deps: Pick<CoreDeps, 'store'>,
  merchantId: string,
  id: number,
): Promise<{ payment: Payment; refunds: Refund[]; operations: Operation[] }> {
  const payment = await getPayment(deps, merchantId, id);
  const [refunds, operations] = await Promise.all([
    deps.store.refunds.listByPayment(merchantId, id),
    deps.store.operations.listByPayment(merchantId, id),
  ]);
  return { payment, refunds, operations };
}
