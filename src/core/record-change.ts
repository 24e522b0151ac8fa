/**
 * The last step of every state change: in the caller's transaction, check the transition against
 * the table, write the new state, append the operation and raise the event (→ outbox rows).
 * Use cases call these instead of writing rows themselves, so the three never drift apart.
 */
import type { Repos, NewRefund, PaymentPatch, PreapprovalPatch, RefundPatch } from './ports/store.js';
import type { CoreDeps } from './deps.js';
import { CoreError } from './errors.js';
import type { Operation, Payment, PaymentStatus, Preapproval, Refund } from './model.js';
import { assertPaymentTransition, assertPreapprovalTransition, assertRefundTransition } from './transitions.js';

export type OperationNote = Pick<Operation, 'kind' | 'status'> &
  Partial<Pick<Operation, 'amount' | 'currency' | 'code' | 'message' | 'refundId'>>;

async function appendOperation(
  tx: Repos,
  subject: { merchantId: string; paymentId: number | null; preapprovalId: number | null },
  note: OperationNote,
  at?: Date,
): Promise<void> {
  await tx.operations.add({
    merchantId: subject.merchantId,
    paymentId: subject.paymentId,
    preapprovalId: subject.preapprovalId,
    refundId: note.refundId ?? null,
    kind: note.kind,
    status: note.status,
    amount: note.amount ?? null,
    currency: note.currency ?? null,
    code: note.code ?? null,
    message: note.message ?? null,
    ...(at ? { at } : {}),
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

/** What a payment's change says beyond its patch. */
export interface PaymentChangeContext {
  /** The agreement the payment stored, named by the payment's event (so a webhook can carry it). */
  storedAgreement?: Preapproval;
  /**
   * Set by `recordUnpaidPayment` (preapprovals/store-agreement.ts) only: the caller also settles the
   * agreement this payment opened. Ending such a payment unpaid without it is refused.
   */
  settlesOpenedAgreement?: true;
}

/** A payment that ends unpaid never gives the agreement it opened (Adyen storePaymentMethod, Checkout.com Recurring). */
const ENDS_UNPAID: ReadonlySet<PaymentStatus> = new Set(['failed', 'cancelled', 'expired']);

/** A one-time payment made under the recurring contract opened an agreement (pending until it is paid). */
export function opensAgreement(p: Pick<Payment, 'connectorState' | 'preapprovalId'>): boolean {
  return p.connectorState.recurringContract === true && p.preapprovalId === null;
}

export function changePayment(
  deps: Pick<CoreDeps, 'notify' | 'requestId'>,
  tx: Repos,
  payment: Payment,
  patch: PaymentPatch,
  note: OperationNote | null,
  context: PaymentChangeContext = {},
): Promise<Payment> {
  return recordPaymentChange(deps, tx, payment, patch, note, context, () => tx.payments.update(payment.id, patch)) as Promise<Payment>;
}

/**
 * changePayment for a payment this process wrote in an earlier transaction, without reading it
 * again: the change is made only while the row is as `written` left it (PaymentRepo.updateIfUnchanged);
 * undefined, with nothing written, when it has changed since (the caller reads it for update then).
 */
export function changePaymentIfUnchanged(
  deps: Pick<CoreDeps, 'notify' | 'requestId'>,
  tx: Repos,
  written: Payment,
  patch: PaymentPatch,
  note: OperationNote | null,
): Promise<Payment | undefined> {
  return recordPaymentChange(deps, tx, written, patch, note, {}, () => tx.payments.updateIfUnchanged(written, patch));
}

async function recordPaymentChange(
  deps: Pick<CoreDeps, 'notify' | 'requestId'>,
  tx: Repos,
  payment: Payment,
  patch: PaymentPatch,
  note: OperationNote | null,
  context: PaymentChangeContext,
  write: () => Promise<Payment | undefined>,
): Promise<Payment | undefined> {
  const statusChanged = patch.status !== undefined && patch.status !== payment.status;
  if (statusChanged) assertPaymentTransition(payment.status, patch.status!);
  if (statusChanged && ENDS_UNPAID.has(patch.status!) && opensAgreement(payment) && !context.settlesOpenedAgreement) {
    // a programming error, not a request's: the agreement would stay pending for ever
    throw new CoreError('internal', `Payment ${payment.id} opened an agreement: end it with recordUnpaidPayment, which closes it too.`);
  }
  const updated = await write();
  if (updated === undefined) return undefined;
  if (note)
    await appendOperation(
      tx,
      { merchantId: payment.merchantId, paymentId: payment.id, preapprovalId: payment.preapprovalId },
      Object.assign({}, note, { currency: note.currency ?? (note.amount != null ? payment.currency : null) }),
      // the payment's own time for the change: what its notification and any later lookup say it is
      updated.updatedAt,
    );
  // Every status change is an event; each dialect's renderer decides which ones are news to its
  // merchants (GlobalPay and Adyen stay quiet about waiting states, Checkout.com sends payment_pending).
  if (statusChanged) {
    const { storedAgreement } = context;
    await deps.notify(tx, { type: 'payment.updated', payment: updated, ...(storedAgreement ? { storedAgreement } : {}) }, deps.requestId);
  }
  return updated;
}

export async function changePreapproval(
  deps: Pick<CoreDeps, 'notify' | 'requestId'>,
  tx: Repos,
  pre: Preapproval,
  patch: PreapprovalPatch,
  note: OperationNote | null,
): Promise<Preapproval> {
  const statusChanged = patch.status !== undefined && patch.status !== pre.status;
  if (statusChanged) assertPreapprovalTransition(pre.status, patch.status!);
  const updated = await tx.preapprovals.update(pre.id, patch);
  if (note) await appendOperation(tx, { merchantId: pre.merchantId, paymentId: null, preapprovalId: pre.id }, note);
  if (statusChanged) await deps.notify(tx, { type: 'preapproval.updated', preapproval: updated }, deps.requestId);
  return updated;
}

/**
 * A new refund (pending) with its amount reserved on the payment, under the payment's row lock: the
 * refund row, the reservation, the `refund_request` operation and the event (Checkout.com
 * payment_refund_pending; other dialects wait for the outcome), together.
 */
export async function recordRefundRequested(
  deps: Pick<CoreDeps, 'notify' | 'requestId'>,
  tx: Repos,
  payment: Payment,
  newRefund: NewRefund,
): Promise<{ refund: Refund; payment: Payment }> {
  if (newRefund.status !== 'pending') throw new CoreError('internal', `A new refund is pending, not ${newRefund.status}.`);
  const refund = await tx.refunds.insert(newRefund);
  const updated = await changePayment(
    deps,
    tx,
    payment,
    { refundReservedAmount: payment.refundReservedAmount + refund.amount },
    {
      kind: 'refund_request',
      status: 'pending',
      amount: refund.amount,
      refundId: refund.id,
      message: `Refund ${refund.id} requested by the ${refund.dialect} API`,
    },
  );
  await deps.notify(tx, { type: 'refund.updated', refund, payment: updated }, deps.requestId);
  return { refund, payment: updated };
}

/**
 * A refund refused by the payment's balance after its request was accepted (an API that answers
 * "accepted" first and reports the outcome later): written failed, with its operation and its event,
 * reserving and moving nothing.
 */
export async function recordRefundDeclined(
  deps: Pick<CoreDeps, 'notify' | 'requestId'>,
  tx: Repos,
  payment: Payment,
  newRefund: NewRefund,
): Promise<{ refund: Refund; payment: Payment }> {
  if (newRefund.status !== 'failed') throw new CoreError('internal', `A declined refund is failed, not ${newRefund.status}.`);
  const refund = await tx.refunds.insert(newRefund);
  await appendOperation(
    tx,
    { merchantId: payment.merchantId, paymentId: payment.id, preapprovalId: payment.preapprovalId },
    {
      kind: 'refund_failed',
      status: 'failed',
      amount: refund.amount,
      currency: refund.currency,
      refundId: refund.id,
      code: refund.failureCode,
      message: `Refund ${refund.id} declined: ${refund.failureMessage ?? 'refused'}`,
    },
  );
  await deps.notify(tx, { type: 'refund.updated', refund, payment }, deps.requestId);
  return { refund, payment };
}

/** Settles a refund and the payment it belongs to, together. */
export async function changeRefund(
  deps: Pick<CoreDeps, 'notify' | 'requestId'>,
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
  const updatedPayment = await changePayment(deps, tx, payment, paymentPatch, Object.assign({}, note, { refundId: refund.id }));
  if (statusChanged) await deps.notify(tx, { type: 'refund.updated', refund: updatedRefund, payment: updatedPayment }, deps.requestId);
  return { refund: updatedRefund, payment: updatedPayment };
}
