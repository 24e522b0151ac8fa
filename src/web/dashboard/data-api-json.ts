/** The Data API's JSON (ADR 0023, docs/openapi/dashboard-data-api.yaml): a payment, its refunds and operations, and the error shape. */
import type { Operation, Payment, Refund } from '../../core/model.js';

export function paymentJson(p: Payment): Record<string, unknown> {
  return {
    id: p.id,
    merchantId: p.merchantId,
    api: p.dialect,
    method: p.method,
    reference: p.reference,
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    capturedAmount: p.capturedAmount,
    refundedAmount: p.refundedAmount,
    description: p.description,
    customer: p.customer
      ? {
          email: p.customer.email ?? null,
          name: p.customer.name ?? ([p.customer.firstName, p.customer.lastName].filter((x) => x).join(' ') || null),
        }
      : null,
    preapprovalId: p.preapprovalId,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function refundJson(r: Refund): Record<string, unknown> {
  return {
    id: r.id,
    reference: r.reference,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    failureCode: r.failureCode,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function operationJson(o: Operation): Record<string, unknown> {
  return {
    id: o.id,
    kind: o.kind,
    status: o.status,
    refundId: o.refundId,
    amount: o.amount,
    currency: o.currency,
    code: o.code,
    message: o.message,
    createdAt: o.createdAt.toISOString(),
  };
}

export function errorJson(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
