import type { CoreDeps } from '../deps.js';
import type { DeliveryAttempt, Operation, OutboxNotification, Payment, Refund } from '../model.js';
import { getPaymentHistory } from './find-payments.js';

/** A notification about the payment or one of its refunds, without its headers (they carry the merchant's credentials). */
export type NotificationWithAttempts = Omit<OutboxNotification, 'headers'> & { deliveryAttempts: DeliveryAttempt[] };

export interface PaymentOverview {
  payment: Payment;
  refunds: Refund[];
  /** Oldest first. */
  operations: Operation[];
  /** About the payment and its refunds, oldest first, each with its delivery attempts. */
  notifications: NotificationWithAttempts[];
}

/**
 * Everything walletgate knows about one payment, for an operator (`walletgate payments show`):
 * whichever merchant and API it belongs to. undefined when there is no such payment.
 */
export async function getPaymentOverview(deps: Pick<CoreDeps, 'store'>, id: number): Promise<PaymentOverview | undefined> {
  const found = await deps.store.payments.getById(id);
  if (!found) return undefined;
  const { payment, refunds, operations } = await getPaymentHistory(deps, { merchantId: found.merchantId, dialect: found.dialect }, id);
  const rows = await deps.store.outbox.list({
    merchantId: payment.merchantId,
    resources: [{ type: 'payment', id }, ...refunds.map((r) => ({ type: 'refund' as const, id: r.id }))],
    limit: 1000,
  });
  const notifications = await Promise.all(
    rows
      .reverse()
      .map(async ({ headers: _headers, ...n }) => Object.assign({}, n, { deliveryAttempts: await deps.store.outbox.listAttempts(n.id) })),
  );
  return { payment, refunds, operations, notifications };
}
