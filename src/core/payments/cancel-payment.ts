/**
 * The merchant withdraws a payment the customer has not completed (Adyen /cancels, Checkout.com
 * void of a pending payment). No money has moved, so no wallet call is needed; a payment the wallet
 * is already approving, or one that is paid, cannot be cancelled (refund it instead).
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Payment } from '../model.js';
import { changePayment } from '../record-change.js';

/** The same, naming the payment by the merchant's reference (Adyen POST /cancels): the newest one with it. */
export async function cancelPaymentByReference(deps: CoreDeps, merchantId: string, reference: string): Promise<Payment> {
  const { items } = await deps.store.payments.list(
    merchantId,
    { reference, sortBy: 'createdAt', sortDirection: 'desc' },
    { index: 1, size: 1 },
  );
  const found = items[0];
  if (!found) throw new CoreError('not_found', `No payment has the reference ${JSON.stringify(reference)}.`, { field: 'reference' });
  return cancelPayment(deps, merchantId, found.id);
}

export async function cancelPayment(deps: CoreDeps, merchantId: string, id: number): Promise<Payment> {
  return deps.store.transaction(async (tx) => {
    const p = await tx.payments.getByIdForUpdate(id);
    if (!p || p.merchantId !== merchantId) throw new CoreError('not_found', `Payment ${id} was not found.`, { field: 'id' });
    if (p.status === 'cancelled') return p;
    if (p.status !== 'created' && p.status !== 'pending_customer') {
      const hint = p.status === 'succeeded' || p.status === 'partially_refunded' ? ' It is paid: refund it instead.' : '';
      throw new CoreError(
        'payment_state_conflict',
        `Payment ${id} is ${p.status.replaceAll('_', ' ')} and can no longer be cancelled.${hint}`,
      );
    }
    return changePayment(
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
