/**
 * Reading and writing payments inside one state transaction: by paymentId or by the acquirer's
 * paymentRequestId, with the cashier timeout applied on read (a payment still waiting for the
 * customer past its expiry is closed: F ORDER_IS_CLOSED), and the answers that describe them.
 */
import { randomHex } from '../random-hex.js';
import type { DocTx } from './state/state-db.js';
import { WALLETS } from './model.js';
import type { ApsPayment, ApsResult } from './model.js';

export function newId(prefix: string): string {
  return `${prefix}${randomHex(12)}`;
}

function requestKey(clientId: string, requestId: string): string {
  return `${clientId}\n${requestId}`;
}

export async function paymentById(tx: DocTx, clientId: string, paymentId: string, now: Date): Promise<ApsPayment | undefined> {
  const p = await tx.get<ApsPayment>('payment', paymentId);
  if (!p || p.clientId !== clientId) return undefined;
  if (p.status === 'PROCESSING' && p.kind === 'cashier' && Date.parse(p.expiresAt) <= now.getTime()) {
    p.status = 'CLOSED';
    p.failCode = 'ORDER_IS_CLOSED';
    await tx.put('payment', p.paymentId, p);
  }
  return p;
}

export async function paymentByRequestId(tx: DocTx, clientId: string, requestId: string, now: Date): Promise<ApsPayment | undefined> {
  const id = await tx.get<string>('payreq', requestKey(clientId, requestId));
  return id === undefined ? undefined : paymentById(tx, clientId, id, now);
}

/** The payment a call names by paymentId or paymentRequestId (one of them is required). */
export async function namedPayment(tx: DocTx, clientId: string, body: Record<string, unknown>, now: Date): Promise<ApsPayment | undefined> {
  if (typeof body.paymentId === 'string' && body.paymentId !== '') return paymentById(tx, clientId, body.paymentId, now);
  if (typeof body.paymentRequestId === 'string' && body.paymentRequestId !== '')
    return paymentByRequestId(tx, clientId, body.paymentRequestId, now);
  return undefined;
}

export async function savePayment(tx: DocTx, p: ApsPayment, isNew: boolean): Promise<void> {
  await tx.put('payment', p.paymentId, p);
  if (isNew) await tx.put('payreq', requestKey(p.clientId, p.paymentRequestId), p.paymentId);
}

export async function refundByRequestId(
  tx: DocTx,
  clientId: string,
  refundRequestId: string,
): Promise<{ paymentId: string; refundId: string } | undefined> {
  return tx.get('refreq', requestKey(clientId, refundRequestId));
}

export async function saveRefundIndex(tx: DocTx, clientId: string, refundRequestId: string, v: { paymentId: string; refundId: string }) {
  await tx.put('refreq', requestKey(clientId, refundRequestId), v);
}

export function amountOf(p: ApsPayment, value: number = p.value): { currency: string; value: string } {
  return { currency: p.currency, value: String(value) };
}

/** The payment's result as inquiryPayment and notifyPayment give it. */
export function paymentResult(p: ApsPayment): ApsResult {
  switch (p.status) {
    case 'SUCCESS':
      return { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' };
    case 'PROCESSING':
      return { resultCode: 'PAYMENT_IN_PROCESS', resultStatus: 'U', resultMessage: 'the payment is waiting for the customer' };
    case 'CLOSED':
      return { resultCode: 'ORDER_IS_CLOSED', resultStatus: 'F', resultMessage: 'the payment was cancelled or timed out' };
    case 'FAIL':
      return { resultCode: p.failCode ?? 'PROCESS_FAIL', resultStatus: 'F', resultMessage: 'the wallet refused the payment' };
  }
}

/** The common fields describing a payment (inquiryPayment, notifyPayment). */
export function paymentFields(p: ApsPayment): Record<string, unknown> {
  const paid = p.status === 'SUCCESS' || p.refunds.length > 0;
  return {
    paymentRequestId: p.paymentRequestId,
    paymentId: p.paymentId,
    paymentAmount: amountOf(p),
    ...(p.paymentTime ? { paymentTime: p.paymentTime } : {}),
    ...(paid ? { pspId: 'SANDBOX_PSP', customerId: p.customerId } : {}),
    acquirerId: p.clientId,
    walletBrandName: WALLETS[p.walletType]?.name ?? p.walletType,
  };
}

/** inquiryPayment's transactions: the payment and each refund. */
export function transactions(p: ApsPayment): Array<Record<string, unknown>> {
  const status = { SUCCESS: 'SUCCESS', PROCESSING: 'PROCESSING', CLOSED: 'CANCELLED', FAIL: 'FAIL' }[p.status];
  return [
    {
      transactionType: 'PAYMENT',
      transactionId: p.paymentId,
      transactionRequestId: p.paymentRequestId,
      transactionStatus: status,
      transactionAmount: amountOf(p),
      transactionResult: paymentResult(p),
      ...(p.paymentTime ? { transactionTime: p.paymentTime } : {}),
    },
    ...p.refunds.map((r) => ({
      transactionType: 'REFUND',
      transactionId: r.refundId,
      transactionRequestId: r.refundRequestId,
      transactionStatus: 'SUCCESS',
      transactionAmount: amountOf(p, r.value),
      transactionResult: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
      transactionTime: r.time,
    })),
  ];
}
