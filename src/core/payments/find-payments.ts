/**
 * Payments and refunds as an API sees them: a merchant's GlobalPay payment is not found through its
 * Checkout.com key (each API would show it half-empty, and refund it by its own rules). See reader.ts.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Operation, Payment, Refund } from '../model.js';
import { reaches, type Reader } from '../reader.js';
import type { Page, PaymentFilter } from '../ports/store.js';

export async function getPayment(deps: Pick<CoreDeps, 'store'>, who: Reader, id: number): Promise<Payment> {
  const p = await deps.store.payments.get(who.merchantId, id);
  if (!p || !reaches(who, p)) throw new CoreError('not_found', `Payment ${id} was not found.`, { field: 'id' });
  return p;
}

/** The payment made under a unique reference key (CreatePaymentInput.uniqueReference), if the reader reaches it. */
export async function findPaymentByUniqueReference(
  deps: Pick<CoreDeps, 'store'>,
  who: Reader,
  uniqueReference: string,
): Promise<Payment | undefined> {
  const p = await deps.store.payments.getByUniqueReference(who.merchantId, uniqueReference);
  return p && reaches(who, p) ? p : undefined;
}

export function listPayments(deps: Pick<CoreDeps, 'store'>, who: Reader, filter: PaymentFilter, page: Page) {
  return deps.store.payments.list(who.merchantId, Object.assign({}, filter, { dialect: who.dialect }), page);
}

/**
 * When the merchant last acknowledged a notification about each of these payments (the latest
 * delivery, retries and resends included); a payment never notified is absent from the map.
 */
export function paymentsLastNotifiedAt(
  deps: Pick<CoreDeps, 'store'>,
  who: Reader,
  paymentIds: readonly number[],
): Promise<Map<number, Date>> {
  return deps.store.outbox.lastDeliveredAt(who.merchantId, 'payment', paymentIds);
}

export async function listRefunds(deps: Pick<CoreDeps, 'store'>, who: Reader, paymentId: number): Promise<Refund[]> {
  await getPayment(deps, who, paymentId);
  return deps.store.refunds.listByPayment(who.merchantId, paymentId);
}

export async function getRefund(deps: Pick<CoreDeps, 'store'>, who: Reader, paymentId: number, refundId: number): Promise<Refund> {
  const r = await deps.store.refunds.get(who.merchantId, paymentId, refundId);
  if (!r || !reaches(who, r)) {
    throw new CoreError('not_found', `Refund ${refundId} of payment ${paymentId} was not found.`, { field: 'refundId' });
  }
  return r;
}

/** A payment with its refunds and its operations (oldest first): what an API's action list is made from. */
export async function getPaymentHistory(
  deps: Pick<CoreDeps, 'store'>,
  who: Reader,
  id: number,
): Promise<{ payment: Payment; refunds: Refund[]; operations: Operation[] }> {
  const payment = await getPayment(deps, who, id);
  const [refunds, operations] = await Promise.all([
    deps.store.refunds.listByPayment(who.merchantId, id),
    deps.store.operations.listByPayment(who.merchantId, id),
  ]);
  return { payment, refunds, operations };
}
