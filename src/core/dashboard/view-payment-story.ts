/**
 * A payment's page (ADR 0023): the payment and everything that happened to it, for a user who
 * reaches its merchant — its operations in time order, its refunds, the notifications about it and
 * its refunds with every delivery attempt, and the agreement (preapproval) it was charged on or
 * opened. Another merchant's payment is not found, exactly like one that does not exist.
 */
import type { CoreDeps } from '../deps.js';
import type { DeliveryAttempt, Operation, OutboxNotification, Payment, Preapproval, Refund } from '../model.js';
import { reachesMerchant } from './dashboard-policy.js';
import type { SearchScope } from './search-payments.js';

/** Notifications shown for one payment (its own and its refunds'), newest first. */
export const NOTIFICATIONS_SHOWN = 100;

export interface NotificationStory {
  notification: OutboxNotification;
  attempts: DeliveryAttempt[];
}

export interface PaymentStory {
  payment: Payment;
  operations: Operation[];
  refunds: Refund[];
  notifications: NotificationStory[];
  /** The agreement the payment was charged on (a recurring charge), if any. */
  chargedOn: Preapproval | null;
  /** Agreements the payment's approval stored (a payment that registered one for later charges). */
  opened: Preapproval[];
}

export async function viewPaymentStory(deps: Pick<CoreDeps, 'store'>, scope: SearchScope, id: number): Promise<PaymentStory | undefined> {
  const { store } = deps;
  const payment = await store.payments.getById(id);
  if (!payment || !reachesMerchant(scope, payment.merchantId)) return undefined;
  const merchantId = payment.merchantId;
  const [operations, refunds, chargedOn, opened] = await Promise.all([
    store.operations.listByPayment(merchantId, id),
    store.refunds.listByPayment(merchantId, id),
    payment.preapprovalId === null ? Promise.resolve(undefined) : store.preapprovals.get(merchantId, payment.preapprovalId),
    store.preapprovals.list(merchantId, { originPaymentId: id }, { index: 1, size: 10 }),
  ]);
  const resources = [{ type: 'payment' as const, id }, ...refunds.map((r) => ({ type: 'refund' as const, id: r.id }))];
  const notifications = await store.outbox.list({ merchantId, resources, limit: NOTIFICATIONS_SHOWN });
  const attempts = await Promise.all(notifications.map((n) => store.outbox.listAttempts(n.id)));
  return {
    payment,
    operations: [...operations].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id),
    refunds,
    notifications: notifications.map((notification, i) => ({ notification, attempts: attempts[i]! })),
    chargedOn: chargedOn ?? null,
    opened: opened.items,
  };
}
