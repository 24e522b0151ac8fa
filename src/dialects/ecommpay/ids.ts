/**
 * ecommpay's identifiers that walletgate makes up: the `request_id` of every accepted request, and
 * the integer `operation.id` of a payment's operations. A payment's sale and its refunds come from
 * two sequences (payments, refunds), so the operation id carries which: 10·id + 1 for the sale of
 * payment `id`, 10·id + 2 for refund `id`; unique across all of walletgate, stable across callbacks
 * and status requests.
 */
import { pooledRandomBytes } from '../../core/random-bytes.js';

/** A fresh request id, shaped like ecommpay's (hex, then a counter-like tail); one draw of random bytes for both parts. */
export function newRequestId(): string {
  const hex = pooledRandomBytes(24).toString('hex');
  return `${hex.slice(0, 40)}-${hex.slice(40)}0001`;
}

export function saleOperationId(paymentId: number): number {
  return paymentId * 10 + 1;
}

export function refundOperationId(refundId: number): number {
  return refundId * 10 + 2;
}
