/**
 * Shared ground for the Checkout.com bad-input suites: a whole walletgate on a real loopback port
 * (gateway, KakaoPay sandbox; workers off, so nothing moves unless a request moves it) over a test
 * store with
 * - the demo merchant's paid (Captured) payment, made under a Cko-Idempotency-Key (paid / keyed),
 * - the demo merchant's approved Recurring payment and the source it stored (source),
 * - the demo merchant's payment still waiting on the customer (pending),
 * - a second merchant "other-shop" with its own processing channel and secret key,
 * plain fetch against /checkoutcom, the Checkout.com error envelope check, and a snapshot of every
 * table a request could write (row counts, and the state of each payment), compared after the bad
 * requests.
 *
 * The gateway is started here rather than with startGateway (whose parts and settings it repeats)
 * because the snapshot counts rows in customer_profiles and idempotency, which the Store interface
 * cannot list: it reads the test store's file / schema directly, so it needs to know where it is.
 */
import { CheckCollector } from '../../helpers/check-collector.js';
import { fetchReply, type Reply } from '../../helpers/http-reply.js';
import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { DEMO_CHECKOUTCOM } from '../../../src/dialects/checkoutcom/demo.js';
import { DEMO_MERCHANT_ID } from '../../../src/core/merchants/demo-merchant.js';
import { addCredential, createMerchant } from '../../../src/core/merchants/manage-merchants.js';
import { ckoId } from '../../../src/dialects/checkoutcom/ids.js';
import type { Services } from '../../../src/services.js';
import { startGateway } from '../../helpers/gateway-harness.js';
import { testPgUrl, type StoreKind } from '../../helpers/stores.js';

export const KEY = DEMO_CHECKOUTCOM.secretKey;
export const BEARER = `Bearer ${KEY}`;
export const CHANNEL = DEMO_CHECKOUTCOM.processingChannelId;
export const OTHER_MERCHANT_ID = 'other-shop';
export const OTHER_CHANNEL = 'pc_othershop2processing2channel';

export type { Reply };

export interface CallOptions {
  /** a JSON value to encode */
  body?: unknown;
  /** sent as it is (malformed JSON, oversize bodies) */
  raw?: string;
  /** the Authorization header; default `Bearer <demo key>`, null: none */
  auth?: string | null;
  /** Cko-Idempotency-Key */
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

interface Made {
  /** core id */
  id: number;
  /** pay_… */
  payId: string;
  reference: string;
}

export interface Fixtures {
  /** the demo merchant's Captured 15000 KRW payment, with a customer profile (customerId, cus_…) */
  paid: Made & { customerId: string };
  /** the Cko-Idempotency-Key and body that created `paid` */
  keyed: { key: string; body: Record<string, unknown> };
  /** the demo merchant's approved Recurring payment and the source it stored (src_…) */
  recurring: Made;
  source: string;
  /** the demo merchant's payment still waiting on the customer */
  pending: Made;
  /** the secret key of other-shop's processing channel */
  otherKey: string;
}

export interface World {
  base: string;
  services: Services;
  fx: Fixtures;
  /** where the customer is sent back (the merchant receiver's origin) */
  returnUrl: string;
  /** /checkoutcom{path} */
  call(method: string, path: string, opts?: CallOptions): Promise<Reply>;
  /** Every row a request could have written, for deepEqual against the baseline. */
  snapshot(): Promise<unknown>;
  /** Asserts the store holds exactly what it held after the fixtures were made. */
  assertNothingWritten(): Promise<void>;
  close(): Promise<void>;
}

const ERROR_KEYS = ['error_codes', 'error_type', 'request_id'];
const ERROR_TYPES = [
  'request_invalid',
  'unauthorized',
  'action_not_allowed',
  'resource_not_found',
  'idempotency_key_conflict',
  'request_timeout',
  'bad_gateway',
  'internal_error',
];

/** Every answer of the dialect, success or not, names its request in Cko-Request-Id. */
export function assertRequestIdHeader(res: Reply): void {
  const id = res.headers.get('cko-request-id');
  assert.ok(id !== null && id.trim().length > 0, `a Cko-Request-Id header: ${res.status} ${res.text.slice(0, 200)}`);
}

/**
 * Checkout.com's error envelope {request_id, error_type, error_codes: […]}, a 4xx, request_id equal to
 * the Cko-Request-Id header (requestIdHeader null: not compared); with `codes`, exactly those error codes.
 */
export function assertCkoError(
  res: Reply,
  status: number,
  codes?: string[],
  errorType?: string,
  requestIdHeader: 'cko-request-id' | null = 'cko-request-id',
): void {
  const what = `${res.status} ${res.text.slice(0, 400)}`;
  assert.equal(res.status, status, `expected HTTP ${status}, got ${what}`);
  assert.ok(res.status >= 400 && res.status < 500, `a 4xx, got ${what}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `JSON content type: ${what}`);
  assert.ok(res.json && typeof res.json === 'object' && !Array.isArray(res.json), `a JSON object: ${what}`);
  assert.deepEqual(Object.keys(res.json).sort(), ERROR_KEYS, `exactly the Checkout.com error fields: ${what}`);
  assert.ok(typeof res.json.request_id === 'string' && res.json.request_id.length > 0, `a request_id: ${what}`);
  if (requestIdHeader !== null) {
    assert.equal(res.headers.get(requestIdHeader), res.json.request_id, `${requestIdHeader} header = request_id: ${what}`);
  }
  assert.ok(ERROR_TYPES.includes(res.json.error_type), `a Checkout.com error_type: ${what}`);
  assert.ok(
    Array.isArray(res.json.error_codes) &&
      res.json.error_codes.length > 0 &&
      res.json.error_codes.every((c: unknown) => typeof c === 'string' && /^[a-z0-9_]+$/.test(c)),
    `error_codes, snake_case strings: ${what}`,
  );
  if (codes !== undefined) assert.deepEqual(res.json.error_codes, codes, `error_codes ${JSON.stringify(codes)}: ${what}`);
  if (errorType !== undefined) assert.equal(res.json.error_type, errorType, `error_type ${errorType}: ${what}`);
}

/**
 * A KakaoPay payment request as seed 002 writes it; `over` replaces top-level fields (undefined:
 * removes them).
 */
export function kakaoPay(reference: string, returnUrl: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    source: { type: 'kakaopay' },
    amount: 15000,
    currency: 'KRW',
    reference,
    payment_type: 'Regular',
    capture: true,
    processing: { terminal_type: 'WEB' },
    processing_channel_id: CHANNEL,
    success_url: `${returnUrl}/success`,
    failure_url: `${returnUrl}/failure`,
    customer: { email: `${reference}@shop.example`, name: 'Kim Minji' },
    ...over,
  };
  for (const k of Object.keys(base)) if (base[k] === undefined) delete base[k];
  return base;
}

type Row = Record<string, unknown>;

/** Read-only SQL on the test store's own file / schema, beside the gateway's connections. */
async function openReader(kind: StoreKind, location: string): Promise<{ rows(sql: string): Promise<Row[]>; close(): Promise<void> }> {
  if (kind === 'sqlite') {
    const db = new BetterSqlite3(location, { readonly: true, fileMustExist: true });
    return { rows: async (sql) => db.prepare(sql).all() as Row[], close: async () => void db.close() };
  }
  const client = new pg.Client({ connectionString: testPgUrl });
  await client.connect();
  await client.query(`set search_path to "${location}"`);
  return { rows: async (sql) => (await client.query(sql)).rows as Row[], close: () => client.end() };
}

/** The tables a request could write; merchants and credentials are the fixtures' own. */
const TABLES = ['payments', 'refunds', 'preapprovals', 'operations', 'outbox', 'customer_profiles', 'idempotency'] as const;

export async function startWorld(kind: StoreKind): Promise<World> {
  const gw = await startGateway(kind, { workers: false });
  const { services, receiver, base } = gw;
  const { store, config } = services;
  const cleanups: (() => Promise<unknown>)[] = [() => gw.close()];
  const closeAll = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const reader = await openReader(kind, gw.storeLocation);
    cleanups.push(() => reader.close());
    const returnUrl = `${new URL(receiver.url).origin}/return`;

    const call: World['call'] = async (method, path, opts = {}) => {
      const auth = opts.auth === undefined ? BEARER : opts.auth;
      const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
      const headers = {
        ...(auth !== null ? { authorization: auth } : {}),
        ...(opts.idempotencyKey !== undefined ? { 'cko-idempotency-key': opts.idempotencyKey } : {}),
        ...opts.headers,
      };
      return fetchReply(`${base}/checkoutcom${path}`, method, headers, payload);
    };

    /** POST /payments, then the customer approves (or not) in the sandbox wallet. */
    const pay = async (
      body: Record<string, unknown>,
      approve: boolean,
      idempotencyKey?: string,
    ): Promise<Made & { customerId: string }> => {
      const started = await call('POST', '/payments', { body, ...(idempotencyKey ? { idempotencyKey } : {}) });
      assert.equal(started.status, 202, started.text);
      assert.equal(started.json.status, 'Pending', started.text);
      assertRequestIdHeader(started);
      const redirect = started.json._links?.redirect?.href;
      assert.ok(typeof redirect === 'string', started.text);
      if (approve) {
        const walked = await fetch(`${base}/sandbox/customer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ url: redirect, action: 'approve' }),
        });
        assert.equal(walked.status, 200, await walked.text());
      }
      const [row] = (await store.payments.list(DEMO_MERCHANT_ID, { reference: String(body.reference) }, { index: 1, size: 10 })).items;
      assert.ok(row, `payment ${String(body.reference)}`);
      assert.equal(ckoId('payment', row.id), started.json.id);
      assert.equal(row.status, approve ? 'succeeded' : 'pending_customer', `payment ${row.reference}`);
      return { id: row.id, payId: started.json.id, reference: row.reference, customerId: started.json.customer?.id };
    };

    const keyed = { key: `fixture-paid-${kind}`, body: kakaoPay(`paid-${kind}`, returnUrl) };
    const paid = await pay(keyed.body, true, keyed.key);
    assert.match(paid.customerId, /^cus_[a-z2-7]{26}$/);
    const recurring = await pay(kakaoPay(`recurring-${kind}`, returnUrl, { payment_type: 'Recurring' }), true);
    const { items: agreements } = await store.preapprovals.list(DEMO_MERCHANT_ID, {}, { index: 1, size: 10 });
    assert.equal(agreements.length, 1, 'the Recurring payment stored its source');
    assert.equal(agreements[0]!.status, 'active');
    const pending = await pay(kakaoPay(`pending-${kind}`, returnUrl), false);

    // Another merchant with its own processing channel and key.
    await createMerchant(store, { id: OTHER_MERCHANT_ID, name: 'Other Shop', notifyUrl: receiver.url });
    const { secret: otherKey } = await addCredential(store, config.masterKey, {
      merchantId: OTHER_MERCHANT_ID,
      dialect: 'checkoutcom',
      keyId: OTHER_CHANNEL,
    });
    await services.deps.background.drain();

    const fx: Fixtures = { paid, keyed, recurring, source: ckoId('source', agreements[0]!.id), pending, otherKey };

    const snapshot = async () => {
      const counts: Record<string, number> = {};
      for (const table of TABLES) {
        const [row] = await reader.rows(`select cast(count(*) as integer) as n from ${table}`);
        counts[table] = Number(row?.n);
      }
      const payments = (
        await reader.rows(
          'select id, merchant_id, status, amount, captured_amount, refunded_amount, refund_reserved_amount, customer_profile_id, updated_at from payments order by id',
        )
      ).map((r) => ({ ...r, id: Number(r.id), updated_at: Number(r.updated_at) }));
      const idempotency = await reader.rows('select merchant_id, key, response_status from idempotency order by merchant_id, key');
      return { counts, payments, idempotency };
    };
    const baseline = await snapshot();
    // the ground the cases stand on
    assert.deepEqual(
      { payments: baseline.counts.payments, refunds: baseline.counts.refunds, preapprovals: baseline.counts.preapprovals },
      { payments: 3, refunds: 0, preapprovals: 1 },
    );
    assert.equal(baseline.counts.customer_profiles, 3, 'one customer profile per payment (three e-mails)');
    assert.equal(baseline.counts.idempotency, 1, "the paid payment's key");
    assert.ok((baseline.counts.outbox ?? 0) > 0, 'the payments queued webhooks');

    return {
      base,
      services,
      fx,
      returnUrl,
      call,
      snapshot,
      async assertNothingWritten() {
        await services.deps.background.drain();
        assert.deepEqual(await snapshot(), baseline, 'the bad requests wrote nothing');
      },
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

/**
 * Collects failed expectations so one run lists every case that failed (not just the first), then
 * checks the store and throws with all of them.
 */
export class Checks extends CheckCollector<Reply, [status: number, codes?: string[], errorType?: string]> {
  constructor() {
    super(assertCkoError);
  }
}
