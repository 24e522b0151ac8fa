/**
 * The last step of every state change: in the caller's transaction, check the transition against
 * the table, write the new state, append the operation and raise the event (→ outbox rows).
 * Use cases call these instead of writing rows themselves, so the three never drift apart.
 */
import { agreementOpenedBy } from './preapprovals/find-preapprovals.js';
import type { Repos, PaymentPatch, PreapprovalPatch, RefundPatch } from './ports/store.js';
import type { CoreDeps } from './deps.js';
import type { Operation, Payment, PaymentStatus, Preapproval, Refund } from './model.js';
import { assertPaymentTransition, assertPreapprovalTransition, assertRefundTransition } from './transitions.js';

export type OperationNote = Pick<Operation, 'kind' | 'status'> &
  Partial<Pick<Operation, 'amount' | 'currency' | 'code' | 'message' | 'refundId'>>;

async function appendOperation(
  tx: Repos,
  subject: { merchantId: string; paymentId: number | null; preapprovalId: number | null },
  note: OperationNote,
): Promise<void> {
  await tx.operations.append({
    ...subject,
    refundId: note.refundId ?? null,
    kind: note.kind,
    status: note.status,
    amount: note.amount ?? null,
    currency: note.currency ?? null,
    code: note.code ?? null,
    message: note.message ?? null,
  });
}

/** The first line of a payment's history, written in the transaction that inserted it. */
export function recordPaymentCreated(tx: Repos, p: Payment, message: string): Promise<void> {
  return appendOperation(
    tx,
    { merchantId: p.merchantId, paymentId: p.id, preapprovalId: p.preapprovalId },
    {
      kind: 'create',
      status: 'ok',
      amount: p.amount,
      currency: p.currency,
      message,
    },
  );
}

/** The first line of a preapproval's history. */
export function recordPreapprovalCreated(tx: Repos, p: Preapproval, message: string): Promise<void> {
  return appendOperation(
    tx,
    { merchantId: p.merchantId, paymentId: null, preapprovalId: p.id },
    {
      kind: 'create',
      status: 'ok',
      currency: p.currency,
      message,
    },
  );
}

export async function changePayment(
  deps: Pick<CoreDeps, 'notify'>,
  tx: Repos,
  payment: Payment,
  patch: PaymentPatch,
  note: OperationNote | null,
  event: { storedAgreement?: Preapproval } = {},
): Promise<Payment> {
  const statusChanged = patch.status !== undefined && patch.status !== payment.status;
  if (statusChanged) assertPaymentTransition(payment.status, patch.status!);
  const updated = await tx.payments.update(payment.id, patch);
  if (note)
    await appendOperation(
      tx,
      { merchantId: payment.merchantId, paymentId: payment.id, preapprovalId: payment.preapprovalId },
      {
        ...note,
        currency: note.currency ?? (note.amount != null ? payment.currency : null),
      },
    );
  // Every status change is an event; each dialect's renderer decides which ones are news to its
  // merchants (GlobalPay and Adyen stay quiet about waiting states, Checkout.com sends payment_pending).
  if (statusChanged) await deps.notify(tx, { type: 'payment.updated', payment: updated, ...event });
  if (statusChanged && ENDS_UNPAID.has(updated.status) && updated.connectorState.recurringContract && updated.preapprovalId === null) {
    await closeOpenedAgreement(deps, tx, updated);
  }
  return updated;
}

/** A payment that ends unpaid never gives the agreement it opened (Adyen storePaymentMethod, Checkout.com Recurring). */
const ENDS_UNPAID: ReadonlySet<PaymentStatus> = new Set(['failed', 'cancelled', 'expired']);

async function closeOpenedAgreement(deps: Pick<CoreDeps, 'notify'>, tx: Repos, payment: Payment): Promise<void> {
  const pre = await agreementOpenedBy(tx, payment);
  if (pre?.status !== 'pending') return;
  const message = `The payment that opened it ended ${payment.status.replaceAll('_', ' ')}`;
  await changePreapproval(
    deps,
    tx,
    pre,
    {
      status: payment.status === 'expired' ? 'expired' : 'failed',
      failureCode: payment.failureCode ?? payment.status,
      failureMessage: message,
    },
    { kind: payment.status === 'expired' ? 'expire' : 'decline', status: 'failed', message },
  );
}

export async function changePreapproval(
  deps: Pick<CoreDeps, 'notify'>,
  tx: Repos,
  pre: Preapproval,
  patch: PreapprovalPatch,
  note: OperationNote | null,
): Promise<Preapproval> {
  const statusChanged = patch.status !== undefined && patch.status !== pre.status;
  if (statusChanged) assertPreapprovalTransition(pre.status, patch.status!);
  const updated = await tx.preapprovals.update(pre.id, patch);
  if (note) await appendOperation(tx, { merchantId: pre.merchantId, paymentId: null, preapprovalId: pre.id }, note);
  if (statusChanged) await deps.notify(tx, { type: 'preapproval.updated', preapproval: updated });
  return updated;
}

/** Settles a refund and the payment it belongs to, together. */
export async function changeRefund(
  deps: Pick<CoreDeps, 'notify'>,
  tx: Repos,
  refund: Refund,
  patch: RefundPatch,
  payment: Payment,
  paymentPatch: PaymentPatch,
  note: OperationNote,
): Promise<{ refund: Refund; payment: Payment }> {
  const statusChanged = patch.status !== undefined && patch.status !== refund.status;
  if (statusChanged) assertRefundTransition(refund.status, patch.status!);
  const updatedRefund = await tx.refunds.update(refund.id, patch);
  const updatedPayment = await changePayment(deps, tx, payment, paymentPatch, { ...note, refundId: refund.id });
  if (statusChanged) await deps.notify(tx, { type: 'refund.updated', refund: updatedRefund, payment: updatedPayment });
  return { refund: updatedRefund, payment: updatedPayment };
}
