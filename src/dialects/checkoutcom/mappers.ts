/** Core records → Checkout.com response objects. Pure functions of their inputs. */
import type { CustomerLinks } from '../../core/ports/customer-links.js';
import type { Operation, Payment, Preapproval, Refund } from '../../core/model.js';
import { PAID_STATUSES } from '../../core/transitions.js';
import { ckoId } from './ids.js';
import { CKO_METHOD_TYPES, type CkoExtras } from './schemas.js';
import { APPROVED, PAYMENT_STATUS, RESPONSE } from './statuses.js';
import { redirectLink } from './redirect-link.js';

export const API_PREFIX = '/checkoutcom';

export function apiBase(links: CustomerLinks): string {
  return `${links.publicBase}${API_PREFIX}`;
}

export function extrasOf(p: Pick<Payment, 'extras'>): Partial<CkoExtras> {
  return p.extras as Partial<CkoExtras>;
}

export function sourceType(method: string): string {
  return Object.hasOwn(CKO_METHOD_TYPES, method) ? CKO_METHOD_TYPES[method]! : method;
}

/** The stored source behind a payment: the agreement it charged, or the one it stored. */
export function sourceOf(p: Payment, stored: Preapproval | undefined) {
  const id = p.preapprovalId ?? stored?.id;
  const type = sourceType(p.method);
  return id != null ? { id: ckoId('source', id), type } : { type };
}

export function customerOf(p: Payment) {
  if (p.customerProfileId === null) return undefined;
  return {
    id: ckoId('customer', p.customerProfileId),
    ...(p.customer?.email ? { email: p.customer.email } : {}),
    ...(p.customer?.name ? { name: p.customer.name } : {}),
  };
}

export function balancesOf(p: Payment) {
  const paid = PAID_STATUSES.has(p.status);
  const refundable = PAID_STATUSES.has(p.status) && p.status !== 'refunded';
  return {
    total_authorized: paid ? p.amount : 0,
    total_voided: 0,
    available_to_void: 0,
    total_captured: p.capturedAmount,
    available_to_capture: 0,
    total_refunded: p.refundedAmount,
    available_to_refund: refundable ? p.capturedAmount - p.refundedAmount - p.refundReservedAmount : 0,
  };
}

/** A payment's own URLs in this API: itself, its actions, its refunds. */
export function selfLinks(p: Pick<Payment, 'id'>, links: CustomerLinks) {
  const self = `${apiBase(links)}/payments/${ckoId('payment', p.id)}`;
  return { self, actions: `${self}/actions`, refunds: `${self}/refunds` };
}

/** The 202 (or 201 when already decided) answer to POST /payments. */
export function mapPaymentCreated(p: Payment, links: CustomerLinks, stored?: Preapproval) {
  const x = extrasOf(p);
  const href = selfLinks(p, links);
  const pending = PAYMENT_STATUS[p.status] === 'Pending';
  const redirect = pending && p.preapprovalId === null ? redirectLink(p, links) : null;
  const customer = customerOf(p);
  const approved = APPROVED[p.status];
  return {
    id: ckoId('payment', p.id),
    status: PAYMENT_STATUS[p.status],
    ...(approved === false
      ? { approved, response_code: RESPONSE.declined.code, response_summary: p.failureMessage ?? RESPONSE.declined.summary }
      : {}),
    reference: p.reference,
    ...(customer ? { customer } : {}),
    // a charge names the source it used; a Recurring payment the source it opened (as seed 002's 202)
    ...(p.preapprovalId !== null || stored ? { source: sourceOf(p, stored) } : {}),
    ...(x.processingChannelId ? { processing_channel_id: x.processingChannelId } : {}),
    _links: { self: { href: href.self }, ...(redirect ? { redirect: { href: redirect } } : {}) },
  };
}

/** GET /payments/{id} */
export function mapPaymentDetails(p: Payment, ctx: { links: CustomerLinks; stored?: Preapproval | undefined }) {
  const x = extrasOf(p);
  const href = selfLinks(p, ctx.links);
  const status = PAYMENT_STATUS[p.status];
  const approved = APPROVED[p.status];
  const balances = balancesOf(p);
  const customer = customerOf(p);
  const redirect = status === 'Pending' && p.preapprovalId === null ? redirectLink(p, ctx.links) : null;
  return {
    id: ckoId('payment', p.id),
    requested_on: p.createdAt.toISOString(),
    source: sourceOf(p, ctx.stored),
    ...(x.items ? { items: x.items } : {}),
    amount: p.amount,
    currency: p.currency,
    payment_type: x.paymentType ?? 'Regular',
    reference: p.reference,
    ...(x.description ? { description: x.description } : {}),
    status,
    ...(approved !== null ? { approved } : {}),
    ...(status === 'Pending' && p.expiresAt ? { expires_on: p.expiresAt.toISOString() } : {}),
    balances,
    ...(customer ? { customer } : {}),
    ...(x.shipping ? { shipping: x.shipping } : {}),
    ...(x.metadata ? { metadata: x.metadata } : {}),
    processing: {
      ...(p.connectorState.customerRef ? { partner_customer_id: p.connectorState.customerRef } : {}),
      ...(x.terminalType ? { terminal_type: x.terminalType } : {}),
      ...(x.osType ? { os_type: x.osType } : {}),
    },
    ...(x.processingChannelId ? { processing_channel_id: x.processingChannelId } : {}),
    _links: {
      self: { href: href.self },
      actions: { href: href.actions },
      ...(balances.available_to_refund > 0 ? { refund: { href: href.refunds } } : {}),
      ...(redirect ? { redirect: { href: redirect } } : {}),
    },
  };
}

/** When the wallet approved the payment: the first successful approve / charge, else its last change. */
export function approvedAt(p: Payment, ops: readonly Operation[]): Date {
  return (
    ops.find((o) => (o.kind === 'approve' || o.kind === 'charge' || o.kind === 'sync') && o.status === 'ok' && o.code)?.createdAt ??
    p.updatedAt
  );
}

/** GET /payments/{id}/actions: newest first, as Checkout.com lists them. */
export function mapActions(p: Payment, refunds: readonly Refund[], ops: readonly Operation[]) {
  type Action = {
    id: string;
    type: 'Authorization' | 'Capture' | 'Refund';
    processed_on: string;
    amount: number;
    approved: boolean;
    response_code: string;
    response_summary: string;
    reference?: string;
  };
  const actions: Action[] = [];
  const at = approvedAt(p, ops).toISOString();
  const paid = PAID_STATUSES.has(p.status);
  const ok = RESPONSE.approved;
  if (paid) {
    actions.push({
      id: ckoId('authorization', p.id),
      type: 'Authorization',
      processed_on: at,
      amount: p.amount,
      approved: true,
      response_code: ok.code,
      response_summary: ok.summary,
      reference: p.reference,
    });
    if (p.capturedAmount > 0) {
      actions.push({
        id: ckoId('capture', p.id),
        type: 'Capture',
        processed_on: at,
        amount: p.capturedAmount,
        approved: true,
        response_code: ok.code,
        response_summary: ok.summary,
        reference: p.reference,
      });
    }
  } else if (p.status === 'failed') {
    const no = RESPONSE.declined;
    actions.push({
      id: ckoId('authorization', p.id),
      type: 'Authorization',
      processed_on: p.updatedAt.toISOString(),
      amount: p.amount,
      approved: false,
      response_code: no.code,
      response_summary: p.failureMessage ?? no.summary,
      reference: p.reference,
    });
  }
  for (const r of refunds) {
    if (r.status === 'pending') continue;
    const res = r.status === 'succeeded' ? ok : RESPONSE.declined;
    actions.push({
      id: ckoId('refund', r.id),
      type: 'Refund',
      processed_on: r.updatedAt.toISOString(),
      amount: r.amount,
      approved: r.status === 'succeeded',
      response_code: res.code,
      response_summary: r.status === 'succeeded' ? res.summary : (r.failureMessage ?? res.summary),
      ...(r.reference ? { reference: r.reference } : {}),
    });
  }
  return actions.sort((a, b) => b.processed_on.localeCompare(a.processed_on) || order(b.type) - order(a.type));
}

const order = (t: string) => (t === 'Authorization' ? 0 : t === 'Capture' ? 1 : 2);

/** 202 answer to POST /payments/{id}/refunds */
export function mapRefundAccepted(r: Refund, p: Payment, links: CustomerLinks) {
  return {
    action_id: ckoId('refund', r.id),
    ...(r.reference ? { reference: r.reference } : {}),
    _links: { payment: { href: selfLinks(p, links).self } },
  };
}
