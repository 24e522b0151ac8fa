/**
 * Shared steps of the ecommpay Gate suite: bodies signed with the official `ecommpay` package's
 * `signer` (as a merchant's code signs them), seed 003's sale request, the customer's trip through
 * the sandbox wallet from the QR code's text, and callbacks awaited and verified with the package's
 * `Callback` class (every callback the suite receives, at the end).
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startGateway, type Gateway, type GatewayOptions, type StoreKind } from '../helpers/gateway-harness.js';
import type { ReceivedNotification } from '../helpers/merchant-receiver.js';
import { DEMO_ECOMMPAY } from '../../src/dialects/ecommpay/demo.js';

import { ecommpay } from '../helpers/ecommpay-package.js';
export { ecommpay };

export const kinds = ['sqlite', 'postgres'] as const;
export const PROJECT = DEMO_ECOMMPAY.projectId;
export const SECRET = DEMO_ECOMMPAY.secretKey;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

let counter = 0;
/** A payment_id no other test (or earlier run on the same PostgreSQL) has used. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${process.pid}-${counter}`;
}

/** The merchant's pages: on the receiver's origin, so the sandbox customer stops there. */
export function shopUrls(gw: Gateway, order: string) {
  const origin = new URL(gw.receiver.url).origin;
  return {
    decline: `${origin}/decline?order=${encodeURIComponent(order)}`,
    success: `${origin}/success?order=${encodeURIComponent(order)}`,
    return: `${origin}/return?order=${encodeURIComponent(order)}`,
  };
}

/** Seed 003's Gate sale request (unsigned), for this payment_id. */
export function saleBody(gw: Gateway, paymentId: string, extra: Json = {}): Json {
  return {
    general: { project_id: PROJECT, payment_id: paymentId },
    payment: { amount: 1000, currency: 'KRW' },
    customer: { id: 'customer123', ip_address: '192.0.2.0' },
    return_url: shopUrls(gw, paymentId),
    ...extra,
  };
}

/** Seed 003's refund request (unsigned); without `amount`, a full refund. */
export function refundBody(paymentId: string, amount?: number): Json {
  return {
    general: { project_id: PROJECT, payment_id: paymentId },
    payment: { description: 'test refund', ...(amount !== undefined ? { amount, currency: 'KRW' } : {}) },
    customer: { ip_address: '192.0.2.0' },
  };
}

/** The body with `general.signature`, made by the package's signer as a merchant's code does. */
export function signedBody(body: Json, secret: string = SECRET): Json {
  const copy = structuredClone(body);
  copy.general = { ...copy.general, signature: ecommpay.signer(copy, secret) };
  return copy;
}

/** POSTs a Gate request (signed unless `raw`); answers status and JSON. */
export async function gate(
  gw: Gateway,
  path: string,
  body: Json | string,
  opts: { sign?: boolean; secret?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: Json; text: string }> {
  const payload = typeof body === 'string' ? body : JSON.stringify(opts.sign === false ? body : signedBody(body, opts.secret));
  const res = await fetch(`${gw.base}/ecommpay${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: payload,
  });
  const text = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    // asserted by the caller
  }
  return { status: res.status, json, text };
}

/** A sale, asserted accepted as ecommpay answers: `{status: "success", request_id, project_id, payment_id}`. */
export async function sale(gw: Gateway, paymentId: string, extra: Json = {}, method = 'kakaopay'): Promise<Json> {
  const r = await gate(gw, `/v2/payment/wallet/${method}/sale`, saleBody(gw, paymentId, extra));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json).sort(), ['payment_id', 'project_id', 'request_id', 'status']);
  assert.equal(r.json.status, 'success');
  assert.equal(r.json.project_id, PROJECT);
  assert.equal(r.json.payment_id, paymentId);
  assert.match(r.json.request_id, /^[0-9a-f]{40}-[0-9a-f]{8}0001$/);
  return r.json;
}

function hasNull(v: unknown): boolean {
  if (v === null) return true;
  return typeof v === 'object' && Object.values(v as object).some(hasNull);
}

/** One callback verified as a merchant verifies it: the package's Callback, which also needs no null anywhere. */
export function verified(n: ReceivedNotification, secret: string = SECRET): Json {
  assert.ok(!hasNull(n.json), `a callback carries no null: ${n.body}`);
  const cb = new ecommpay.Callback(secret, n.body);
  assert.equal(cb.getPaymentId(), (n.json as Json).payment.id);
  assert.match(String(n.headers['content-type']), /^application\/json/);
  return n.json as Json;
}

/** Awaits the callback of this payment whose operation is of `type` and in `status`; verifies it. */
export async function callbackOf(gw: Gateway, paymentId: string, type: string, status: string, timeoutMs?: number): Promise<Json> {
  const n = await gw.receiver.waitFor(
    (r) =>
      (r.json as Json).payment?.id === paymentId &&
      (r.json as Json).operation?.type === type &&
      (r.json as Json).operation?.status === status,
    timeoutMs,
  );
  return verified(n);
}

/** The (operation type, operation status, payment status) of every callback received for one payment, in arrival order. */
export function callbacksOf(gw: Gateway, paymentId: string): string[] {
  return gw.receiver.received
    .filter((r) => (r.json as Json).payment?.id === paymentId)
    .map((r) => {
      const j = r.json as Json;
      return `${j.operation.type}:${j.operation.status}:${j.payment.status}`;
    });
}

/** The customer opens the QR code's text (walletgate's landing page) and acts in the sandbox wallet; answers where the browser ends. */
export async function customerDoes(gw: Gateway, qrData: string, action: 'approve' | 'cancel' | 'fail' | 'abandon'): Promise<string> {
  const walked = await gw.customer(qrData, action);
  assert.equal(walked.status, 200, JSON.stringify(walked.json));
  return String(walked.json.finalUrl);
}

/** Sale → intermediate callback → the customer approves → the final success callback; answers both callbacks. */
export async function paidSale(gw: Gateway, paymentId: string, extra: Json = {}): Promise<{ accepted: Json; waiting: Json; paid: Json }> {
  const accepted = await sale(gw, paymentId, extra);
  const waiting = await callbackOf(gw, paymentId, 'sale', 'awaiting customer');
  await customerDoes(gw, waiting.display_data[0].data, 'approve');
  const paid = await callbackOf(gw, paymentId, 'sale', 'success');
  return { accepted, waiting, paid };
}

/** A signed status request for one payment. */
export async function status(gw: Gateway, paymentId: string): Promise<Json> {
  const r = await gate(gw, '/v2/payment/status', { general: { project_id: PROJECT, payment_id: paymentId }, destination: 'merchant' });
  assert.equal(r.status, 200, r.text);
  const checked = new ecommpay.Callback(SECRET, r.text);
  assert.equal(checked.getPaymentId(), paymentId);
  return r.json;
}

/** For one describe block: a walletgate on `kind` whose merchant answers callbacks with 200, every callback verified at the end. */
export function ecpGatewayFor(
  kind: StoreKind,
  env: Record<string, string> = {},
  opts: Omit<GatewayOptions, 'env'> = {},
): { readonly gw: Gateway } {
  const t = {} as { gw: Gateway };
  before(async () => {
    t.gw = await startGateway(kind, { ...opts, env });
    t.gw.receiver.answerWith(200);
  });
  after(async () => {
    try {
      assert.ok(t.gw.receiver.received.length > 0, 'the suite received callbacks');
      // every callback of the demo project verifies with its secret (a test's own project checks its own)
      for (const n of t.gw.receiver.received) if ((n.json as Json).project_id === PROJECT) verified(n);
    } finally {
      await t.gw.close();
    }
  });
  return t;
}
