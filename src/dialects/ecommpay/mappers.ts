/**
 * walletgate's records in ecommpay's shapes: the `payment`, `customer` and `operation` objects that
 * callbacks and the status answer share (seed 003's callback examples), and signing them. Pure: no
 * I/O, and never a null value (the `ecommpay` package's Callback cannot verify a body holding one).
 */
import type { Operation, Payment, Refund } from '../../core/model.js';
import { extrasOf, refundExtrasOf } from './extras.js';
import { refundOperationId, saleOperationId } from './ids.js';
import { methodOfCore } from './methods.js';
import { sign } from './signature.js';
import { OPERATION_RESULT, PAYMENT_STATUS, REFUND_STATUS, SALE_STATUS, type EcpOperationStatus } from './statuses.js';

/** ecommpay's time format: `2020-12-10T10:44:49+0000`. */
export function ecpDate(d: Date): string {
  // an ISO string ends in `.sssZ`: its last five characters (a slice, not a regular expression: several a callback)
  return `${d.toISOString().slice(0, -5)}+0000`;
}

const sum = (amount: number, currency: string) => ({ amount, currency });

/** `payment`: the purchase as it stands; `sum` is what is left of it after refunds (0 once refunded in full). */
export function paymentObject(p: Payment) {
  const x = extrasOf(p);
  return {
    id: x.paymentId,
    type: 'purchase',
    status: PAYMENT_STATUS[p.status],
    date: ecpDate(p.updatedAt),
    method: methodOfCore(p.method)?.gate ?? p.method,
    sum: sum(p.amount - p.refundedAmount, p.currency),
    description: p.description ?? '',
  };
}

export function customerObject(p: Payment) {
  return { id: extrasOf(p).customerId };
}

function provider(p: Payment, paymentRef: string) {
  return { id: methodOfCore(p.method)?.providerId ?? 0, payment_id: paymentRef, auth_code: '' };
}

function operationObject(
  o: { id: number; type: 'sale' | 'refund'; status: EcpOperationStatus; at: Date; createdAt: Date; requestId: string; amount: number },
  p: Payment,
  providerRef: string,
) {
  const result = OPERATION_RESULT[o.status];
  return {
    id: o.id,
    type: o.type,
    status: o.status,
    date: ecpDate(o.at),
    created_date: ecpDate(o.createdAt),
    request_id: o.requestId,
    sum_initial: sum(o.amount, p.currency),
    sum_converted: sum(o.amount, p.currency),
    code: result.code,
    message: result.message,
    provider: provider(p, providerRef),
  };
}

/** The payment's `sale` operation; `at` is when it last changed (the payment's update time if not given). */
export function saleOperation(p: Payment, at: Date = p.updatedAt) {
  const status = SALE_STATUS[p.status];
  return operationObject(
    {
      id: saleOperationId(p.id),
      type: 'sale',
      status,
      at,
      createdAt: p.createdAt,
      requestId: extrasOf(p).requestId,
      amount: p.amount,
    },
    p,
    status === 'success' ? (p.connectorState.ref ?? '') : '',
  );
}

export function refundOperation(r: Refund, p: Payment) {
  return operationObject(
    {
      id: refundOperationId(r.id),
      type: 'refund',
      status: REFUND_STATUS[r.status],
      at: r.updatedAt,
      createdAt: r.createdAt,
      requestId: refundExtrasOf(r).requestId,
      amount: r.amount,
    },
    p,
    r.connectorRef ?? '',
  );
}

/** When the sale last changed: its latest operation that is not about a refund, else the payment's creation. */
export function saleChangedAt(p: Payment, operations: readonly Operation[]): Date {
  const own = operations.filter((o) => o.refundId === null && o.kind !== 'notification');
  return own.at(-1)?.createdAt ?? p.createdAt;
}

/** The object with its `signature` (made with the project's secret key) added last. */
export function signed<T extends object>(body: T, secret: string): T & { signature: string } {
  return Object.assign({}, body, { signature: sign(body, secret) });
}
