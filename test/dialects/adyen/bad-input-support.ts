/**
 * Shared ground for the Adyen bad-input suites: a whole walletgate (startGateway, workers off, so
 * nothing moves unless a request moves it) over a test store with
 * - the demo merchant's paid payment that stored a token (paid / token / shopper),
 * - the demo merchant's payment still waiting on the shopper (pending),
 * - a second merchant "other-shop" with its own Adyen account and key,
 * plain fetch against /adyen, the Adyen error envelope check, and a snapshot of everything a request
 * could have written (payments, refunds, preapprovals, operations, outbox), compared after the
 * bad requests.
 */
import { CheckCollector } from '../../helpers/check-collector.js';
import { fetchReply, type Reply } from '../../helpers/http-reply.js';
import assert from 'node:assert/strict';
import { DEMO_ADYEN } from '../../../src/dialects/adyen/demo.js';
import { DEMO_MERCHANT_ID } from '../../../src/core/merchants/demo-merchant.js';
import { addCredential, createMerchant } from '../../../src/core/merchants/manage-merchants.js';
import { startGateway, type Gateway } from '../../helpers/gateway-harness.js';
import type { StoreKind } from '../../helpers/stores.js';

export const MERCHANT = DEMO_ADYEN.merchantAccount;
export const KEY = DEMO_ADYEN.apiKey;
export const OTHER_MERCHANT_ID = 'other-shop';
export const OTHER_ACCOUNT = 'OtherShopECOM';

export type { Reply };

export interface CallOptions {
  /** a JSON value to encode */
  body?: unknown;
  /** sent as it is (malformed JSON, oversize bodies) */
  raw?: string;
  /** X-API-Key; default the demo key, null: none */
  key?: string | null;
  headers?: Record<string, string>;
}

export interface Fixtures {
  /** the demo merchant's paid (Authorised) 15000 KRW payment, which stored `token` for `shopper` */
  paid: { id: number; psp: string; reference: string };
  token: string;
  shopper: string;
  /** the demo merchant's payment still waiting on the shopper */
  pending: { id: number; psp: string; reference: string; redirectResult: string };
  /** X-API-Key of OtherShopECOM (merchant other-shop) */
  otherKey: string;
}

export interface World {
  gw: Gateway;
  fx: Fixtures;
  /** /adyen{path} */
  call(method: string, path: string, opts?: CallOptions): Promise<Reply>;
  /** Everything a request could have written, for deepEqual against the baseline. */
  snapshot(): Promise<unknown>;
  /** Asserts the store holds exactly what it held after the fixtures were made. */
  assertNothingWritten(): Promise<void>;
  close(): Promise<void>;
}

const ERROR_KEYS = ['errorCode', 'errorType', 'message', 'pspReference', 'status'];
const ERROR_TYPES = ['validation', 'security', 'configuration', 'internal'];

/** Adyen's error envelope {status, errorCode, message, errorType, pspReference}, status = the HTTP status, 4xx. */
export function assertAdyenError(res: Reply, status: number, errorCode?: string, errorType?: string): void {
  const what = `${res.status} ${res.text.slice(0, 400)}`;
  assert.equal(res.status, status, `expected HTTP ${status}, got ${what}`);
  assert.ok(res.status >= 400 && res.status < 500, `a 4xx, got ${what}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `JSON content type: ${what}`);
  assert.ok(res.json && typeof res.json === 'object' && !Array.isArray(res.json), `a JSON object: ${what}`);
  assert.deepEqual(Object.keys(res.json).sort(), ERROR_KEYS, `exactly the Adyen error fields: ${what}`);
  assert.equal(res.json.status, res.status, `body status = HTTP status: ${what}`);
  assert.equal(typeof res.json.errorCode, 'string', what);
  assert.ok(typeof res.json.message === 'string' && res.json.message.length > 0, `a message: ${what}`);
  assert.ok(ERROR_TYPES.includes(res.json.errorType), `an Adyen errorType: ${what}`);
  assert.ok(typeof res.json.pspReference === 'string' && res.json.pspReference.length > 0, `a pspReference: ${what}`);
  if (errorCode !== undefined) assert.equal(res.json.errorCode, errorCode, `errorCode ${errorCode}: ${what}`);
  if (errorType !== undefined) assert.equal(res.json.errorType, errorType, `errorType ${errorType}: ${what}`);
}

/** A KakaoPay redirect payment as a merchant would send it; `over` replaces top-level fields (undefined: removes). */
export function payment(reference: string, returnUrl: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    merchantAccount: MERCHANT,
    reference,
    amount: { currency: 'KRW', value: 15000 },
    paymentMethod: { type: 'kakaopay' },
    returnUrl,
    ...over,
  };
  for (const k of Object.keys(base)) if (base[k] === undefined) delete base[k];
  return base;
}

export async function startWorld(kind: StoreKind): Promise<World> {
  const gw = await startGateway(kind, { workers: false });
  const store = gw.services.store;
  const returnUrl = `${new URL(gw.receiver.url).origin}/return`;

  const call: World['call'] = async (method, path, opts = {}) => {
    const key = opts.key === undefined ? KEY : opts.key;
    const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    return fetchReply(`${gw.base}/adyen${path}`, method, { ...(key !== null ? { 'x-api-key': key } : {}), ...opts.headers }, payload);
  };

  try {
    // A paid payment that stored a token (the story every refund and token case below aims at).
    const shopper = `shopper-${kind}`;
    const paidRef = `paid-${kind}`;
    const started = await call('POST', '/v72/payments', {
      body: payment(paidRef, returnUrl, { storePaymentMethod: true, shopperReference: shopper, recurringProcessingModel: 'Subscription' }),
    });
    assert.equal(started.status, 200, started.text);
    assert.equal(started.json.resultCode, 'RedirectShopper', started.text);
    const walked = await gw.customer(started.json.action.url, 'approve');
    assert.equal(walked.status, 200, JSON.stringify(walked.json));
    const redirectResult = new URL(String(walked.json.finalUrl)).searchParams.get('redirectResult');
    assert.ok(redirectResult, `a redirectResult on ${walked.json.finalUrl}`);
    const details = await call('POST', '/v72/payments/details', { body: { details: { redirectResult } } });
    assert.equal(details.status, 200, details.text);
    assert.equal(details.json.resultCode, 'Authorised', details.text);
    const token = details.json.additionalData?.['recurring.recurringDetailReference'];
    assert.ok(typeof token === 'string' && token.length === 16, details.text);
    const paidPsp: string = started.json.pspReference;

    // A payment still waiting on the shopper.
    const pendingRef = `pending-${kind}`;
    const waiting = await call('POST', '/v72/payments', { body: payment(pendingRef, returnUrl) });
    assert.equal(waiting.status, 200, waiting.text);
    assert.equal(waiting.json.resultCode, 'RedirectShopper', waiting.text);

    const byRef = async (reference: string) => {
      const { items } = await store.payments.list(DEMO_MERCHANT_ID, { reference }, { index: 1, size: 10 });
      assert.equal(items.length, 1, `one payment ${reference}`);
      return items[0]!;
    };
    const paidRow = await byRef(paidRef);
    const pendingRow = await byRef(pendingRef);
    assert.equal(paidRow.status, 'succeeded');
    assert.equal(pendingRow.status, 'pending_customer');

    // Another merchant with its own Adyen account and key.
    await createMerchant(store, { id: OTHER_MERCHANT_ID, name: 'Other Shop', notifyUrl: gw.receiver.url });
    const { secret: otherKey } = await addCredential(store, gw.services.config.masterKey, {
      merchantId: OTHER_MERCHANT_ID,
      dialect: 'adyen',
      keyId: OTHER_ACCOUNT,
    });

    const fx: Fixtures = {
      paid: { id: paidRow.id, psp: paidPsp, reference: paidRef },
      token,
      shopper,
      pending: { id: pendingRow.id, psp: waiting.json.pspReference, reference: pendingRef, redirectResult: pendingRow.customerToken },
      otherKey,
    };

    const snapshot = async () => {
      const merchants: Record<string, unknown> = {};
      for (const m of [DEMO_MERCHANT_ID, OTHER_MERCHANT_ID]) {
        const payments = await store.payments.list(m, {}, { index: 1, size: 1000 });
        const preapprovals = await store.preapprovals.list(m, {}, { index: 1, size: 1000 });
        merchants[m] = {
          paymentsTotal: payments.total,
          payments: await Promise.all(
            payments.items.map(async (p) => ({
              id: p.id,
              status: p.status,
              amount: p.amount,
              capturedAmount: p.capturedAmount,
              refundedAmount: p.refundedAmount,
              refundReservedAmount: p.refundReservedAmount,
              updatedAt: p.updatedAt.getTime(),
              refunds: (await store.refunds.listByPayment(m, p.id)).map((r) => ({ id: r.id, status: r.status, amount: r.amount })),
              operations: (await store.operations.listByPayment(m, p.id)).length,
            })),
          ),
          preapprovalsTotal: preapprovals.total,
          preapprovals: await Promise.all(
            preapprovals.items.map(async (p) => ({
              id: p.id,
              status: p.status,
              customerRef: p.customerRef,
              updatedAt: p.updatedAt.getTime(),
              operations: (await store.operations.listByPreapproval(m, p.id)).length,
            })),
          ),
          outbox: (await store.outbox.list({ merchantId: m, limit: 1000 })).map((n) => n.id).sort((a, b) => a - b),
        };
      }
      return merchants;
    };
    const baseline = await snapshot();
    // the ground the cases stand on
    const demo = baseline[DEMO_MERCHANT_ID] as { paymentsTotal: number; preapprovalsTotal: number; outbox: number[] };
    assert.equal(demo.paymentsTotal, 2);
    assert.equal(demo.preapprovalsTotal, 1);
    assert.ok(demo.outbox.length > 0, 'the approval queued webhooks');

    return {
      gw,
      fx,
      call,
      snapshot,
      async assertNothingWritten() {
        assert.deepEqual(await snapshot(), baseline, 'the bad requests wrote nothing');
      },
      close: () => gw.close(),
    };
  } catch (e) {
    await gw.close();
    throw e;
  }
}

/**
 * Collects failed expectations so one run lists every case that failed (not just the first), then
 * checks the store and throws with all of them.
 */
export class Checks extends CheckCollector<Reply, [status: number, errorCode?: string, errorType?: string]> {
  constructor() {
    super(assertAdyenError);
  }
}
