/**
 * Shared steps of the Checkout.com conformance suite: checkout-sdk-node pointed at walletgate by its
 * `host` option only, a KakaoPay payment request as seed 002 writes it, the customer's trip through
 * the sandbox wallet, and webhooks awaited and checked (Cko-Signature recomputed from the raw body
 * with the merchant's signature key, for every webhook the suite receives).
 */
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, before } from 'node:test';
import { Checkout } from 'checkout-sdk-node';
import { startGateway, type Gateway, type StoreKind } from '../helpers/gateway-harness.js';
import type { ReceivedNotification } from '../helpers/merchant-receiver.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';

export const kinds = ['sqlite', 'postgres'] as const;
export const CHANNEL = DEMO_CHECKOUTCOM.processingChannelId;

// The SDK reads these before its arguments (OAuth / another key): a developer's shell must not change the suite.
delete process.env.CKO_SECRET;
delete process.env.CKO_SECRET_KEY;

let counter = 0;
/** A reference no other test (or earlier run on the same PostgreSQL) has used. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${process.pid}-${counter}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** The SDK as a merchant builds it, with only the host changed. */
export function ckoClient(gw: Gateway, key: string = DEMO_CHECKOUTCOM.secretKey): Checkout {
  return new Checkout(key, { host: `${gw.base}/checkoutcom` });
}

/** The merchant's pages: on the receiver's origin, so the sandbox customer stops there. */
export function shopUrls(gw: Gateway, order: string) {
  const origin = new URL(gw.receiver.url).origin;
  return {
    success_url: `${origin}/success?order=${encodeURIComponent(order)}`,
    failure_url: `${origin}/failure?order=${encodeURIComponent(order)}`,
  };
}

/** Seed 002's request, in KRW. */
export function kakaoPayRequest(gw: Gateway, reference: string, extra: Json = {}): Json {
  return {
    amount: 1100,
    currency: 'KRW',
    source: { type: 'kakaopay' },
    processing: { terminal_type: 'APP', os_type: 'IOS' },
    ...shopUrls(gw, reference),
    payment_type: 'Regular',
    reference,
    capture: true,
    customer: { email: `${reference}@shop.example` },
    shipping: { address: { country: 'GB' } },
    items: [{ reference: '1st item reference', name: '1st item name', unit_price: 10 }],
    processing_channel_id: CHANNEL,
    ...extra,
  };
}

/** POST /payments for a wallet payment: asserts the seed's 202 Pending answer with a redirect. */
export async function startPayment(cko: Checkout, body: Json, idempotencyKey?: string): Promise<Json> {
  const p: Json = await cko.payments.request(body, idempotencyKey);
  assert.match(p.id, /^pay_[a-z2-7]{26}$/, JSON.stringify(p));
  assert.equal(p.status, 'Pending', JSON.stringify(p));
  assert.equal(p.reference, body.reference);
  assert.match(p.customer?.id ?? '', /^cus_[a-z2-7]{26}$/, JSON.stringify(p));
  assert.equal(p.requiresRedirect, true, 'the SDK sees a redirect');
  assert.equal(p.redirectLink, p._links.redirect.href);
  assert.equal(p._links.self.href.endsWith(`/checkoutcom/payments/${p.id}`), true, p._links.self.href);
  return p;
}

/** The customer follows the redirect link through the sandbox wallet; answers where the browser ends. */
export async function customerDoes(gw: Gateway, url: string, action: 'approve' | 'cancel' | 'fail' | 'abandon'): Promise<string> {
  const walked = await gw.customer(url, action);
  assert.equal(walked.status, 200, JSON.stringify(walked.json));
  return String(walked.json.finalUrl);
}

// ---------------------------------------------------------------------------------------------
// Webhooks

export function signatureIsValid(n: ReceivedNotification, key: string = DEMO_CHECKOUTCOM.webhookSignatureKey): boolean {
  const header = n.headers['cko-signature'];
  if (typeof header !== 'string' || !/^[0-9a-f]{64}$/.test(header)) return false;
  const expected = createHmac('sha256', key).update(n.body, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(header, 'hex'));
}

/** Shape and signature of one webhook. */
export function checkWebhook(n: ReceivedNotification): Json {
  const json = n.json as Json;
  assert.ok(signatureIsValid(n), `Cko-Signature is the HMAC-SHA256 of the body: ${n.body}`);
  assert.match(json.id ?? '', /^evt_[a-z2-7]{26}$/, n.body);
  assert.match(json.type ?? '', /^payment_[a-z_]+$/, n.body);
  assert.match(json.data?.id ?? '', /^pay_[a-z2-7]{26}$/, n.body);
  assert.ok(json.data.balances, `data.balances: ${n.body}`);
  return json;
}

/** Awaits the webhook of this type for this payment; checks it. */
export async function webhook(gw: Gateway, type: string, paymentId: string, timeoutMs?: number): Promise<Json> {
  const n = await gw.receiver.waitFor((r) => (r.json as Json).type === type && (r.json as Json).data?.id === paymentId, timeoutMs);
  return checkWebhook(n);
}

/** The webhook types received so far for one payment, in arrival order. */
export function webhookTypes(gw: Gateway, paymentId: string): string[] {
  return gw.receiver.received.filter((r) => (r.json as Json).data?.id === paymentId).map((r) => String((r.json as Json).type));
}

/** The call fails with the SDK's own error class, with Checkout.com's body. */
export async function rejectsWith(call: Promise<unknown>, name: string, status: number, code?: string): Promise<Json> {
  try {
    await call;
  } catch (e) {
    const err = e as { name: string; http_code: number; body: Json };
    assert.equal(err.name, name, `${err.name} ${JSON.stringify(err.body)}`);
    assert.equal(err.http_code, status);
    if (code !== undefined) {
      assert.match(err.body.request_id ?? '', /\S/, JSON.stringify(err.body));
      assert.ok(Array.isArray(err.body.error_codes) && err.body.error_codes.includes(code), JSON.stringify(err.body));
    }
    return err.body;
  }
  assert.fail(`expected ${name}`);
}

/**
 * For one describe block: a walletgate on `kind` (with `env` over the harness's settings), the SDK
 * pointed at it, every webhook checked at the end.
 */
export function ckoGatewayFor(kind: StoreKind, env: Record<string, string> = {}): { readonly gw: Gateway; readonly cko: Checkout } {
  const t = {} as { gw: Gateway; cko: Checkout };
  before(async () => {
    t.gw = await startGateway(kind, { env });
    t.cko = ckoClient(t.gw);
  });
  after(async () => {
    try {
      assert.ok(t.gw.receiver.received.length > 0, 'the suite received webhooks');
      for (const n of t.gw.receiver.received) checkWebhook(n);
    } finally {
      await t.gw.close();
    }
  });
  return t;
}
