/**
 * The merchant withdraws a payment the customer has not completed (Adyen /cancels, Checkout.com
 * void of a pending payment). No money has moved, so no wallet call is needed; a payment the wallet
 * is already approving, or one that is paid, cannot be cancelled (refund it instead).
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Payment } from '../model.js';
import { reaches, type Reader } from '../reader.js';
import { recordUnpaidPayment } from '../preapprovals/store-agreement.js';

/**
 * The same, naming the payment by the merchant's reference (Adyen POST /cancels): the newest one with
 * it that `belongs` to the caller (Adyen: made under the same merchant account).
 */
export async function cancelPaymentByReference(
  deps: CoreDeps,
  who: Reader,
  reference: string,
  belongs: (p: Payment) => boolean = () => true,
): Promise<Payment> {
  const { items } = await deps.store.payments.list(
    who.merchantId,
    { reference, dialect: who.dialect, sortBy: 'createdAt', sortDirection: 'desc' },
    { index: 1, size: 100 },
  );
  const found = items.find(belongs);
  if (!found) throw new CoreError('not_found', `No payment has the reference ${JSON.stringify(reference)}.`, { field: 'reference' });
  return cancelPayment(deps, who, found.id);
}

export async function cancelPayment(deps: CoreDeps, who: Reader, id: number): Promise<Payment> {
  return deps.store.transaction(async (tx) => {
    const p = await tx.payments.getByIdForUpdate(id);
    if (!p || !reaches(who, p)) throw new CoreError('not_found', `Payment ${id} was not found.`, { field: 'id' });
    if (p.status === 'cancelled') return p;
    if (p.status !== 'created' && p.status !== 'pending_customer') {
      const hint = p.status === 'succeeded' || p.status === 'partially_refunded' ? ' It is paid: refund it instead.' : '';
      throw new CoreError(
        'payment_state_conflict',
        `Payment ${id} is ${p.status.replaceAll('_', ' ')} and can no longer be cancelled.${hint}`,
      );
    }
    return recordUnpaidPayment(
      deps,
      tx,
      p,
      { status: 'cancelled', failureCode: 'merchant_cancelled', failureMessage: 'Cancelled by the merchant' },
      {
        kind: 'cancel',
        status: 'ok',
        message: 'Cancelled by the merchant before the customer completed it',
      },
    );
  });
}
