/**
 * A GlobalPay API on a real (SQLite) store with a fake wallet connector, driven through
 * app.inject. Merchant "gp-test" owns SiteID 30201 with both seed keys; merchant "gp-other"
 * owns SiteID 40404.
 */
import { createBackgroundWork } from '../../../src/core/background-work.js';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import type { CoreDeps, Logger } from '../../../src/core/deps.js';
import type { CustomerLinks } from '../../../src/core/ports/customer-links.js';
import type { CoreEvent } from '../../../src/core/events.js';
import { completeCustomerReturn } from '../../../src/core/payments/complete-customer-return.js';
import { hashSecret, sealSecret } from '../../../src/core/secrets.js';
import { globalpayPlugin } from '../../../src/dialects/globalpay/plugin.js';
import type { Store } from '../../../src/core/ports/store.js';
import { openTestStore } from '../../helpers/stores.js';
import { FakeConnector } from './fake-connector.js';

/** The seeds' Basic header (SiteID 30201, first key) and the second key from seed 004. */
export const SEED_AUTH = 'Basic MzAyMDE6aEo1Um9iWXg5cjdGZk53Q3ZIWTlMWEhxcXIrRkV6cmM3YUp2UVFrNEdhejFtZzdSeXk=';
export const SEED_AUTH_2 = 'Basic MzAyMDE6KzlLZUd6S0Y3VzhTLzc5YTVSMzNZSlVnN0U3V0ZOY1piakdmekxWM2JYU25GQ095RnQ=';
export const SITE_ID = '30201';
export const SEED_KEYS = [
  'hJ5RobYx9r7FfNwCvHY9LXHqqr+FEzrc7aJvQQk4Gaz1mg7Ryy',
  '+9KeGzKF7W8S/79a5R33YJUg7E7WFNcZbjGfzLV3bXSnFCOyFt',
] as const;
export const OTHER_AUTH = `Basic ${Buffer.from('40404:other-merchant-key').toString('base64')}`;
export const MERCHANT_ID = 'gp-test';
export const OTHER_MERCHANT_ID = 'gp-other';
const MASTER_KEY = 'globalpay-test-master-key';

export const links: CustomerLinks = {
  landing: (token) => `http://wg.test/pay/${token}`,
  walletReturn: (token, outcome) => `http://wg.test/pay/${token}/${outcome}`,
  publicBase: 'http://wg.test',
};

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} };

export interface Reply {
  status: number;
  headers: Record<string, unknown>;
  text: string;
  // response bodies are walked by field name in assertions
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface Counts {
  payments: number;
  preapprovals: number;
  refunds: number;
  operations: number;
}

export interface Harness {
  app: FastifyInstance;
  store: Store;
  deps: CoreDeps;
  wallet: FakeConnector;
  events: CoreEvent[];
  /** Calls /globalpay{path}; body objects are JSON-encoded, strings sent as they are. */
  gp(method: string, path: string, body?: unknown, opts?: { auth?: string | null; headers?: Record<string, string> }): Promise<Reply>;
  counts(): Promise<Counts>;
  /** The customer approves (or cancels) in the wallet: what the /pay return handler does. */
  customerReturns(kind: 'payment' | 'preapproval', id: number, outcome?: 'approve' | 'cancel' | 'fail'): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(opts: { logLines?: string[] } = {}): Promise<Harness> {
  const { store, cleanup } = await openTestStore('sqlite');
  await store.merchants.insert({ id: MERCHANT_ID, name: 'GlobalPay test merchant', notifyUrl: 'http://merchant.test/notify' });
  await store.merchants.insert({ id: OTHER_MERCHANT_ID, name: 'Another merchant', notifyUrl: null });
  const keys: [string, string, string][] = [
    [MERCHANT_ID, SITE_ID, SEED_KEYS[0]],
    [MERCHANT_ID, SITE_ID, SEED_KEYS[1]],
    [OTHER_MERCHANT_ID, '40404', 'other-merchant-key'],
  ];
  for (const [merchantId, keyId, secret] of keys) {
    await store.credentials.insert({
      merchantId,
      dialect: 'globalpay',
      keyId,
      secretHash: hashSecret(secret),
      secretSealed: sealSecret(secret, MASTER_KEY),
      label: null,
    });
  }
  const wallet = new FakeConnector();
  const events: CoreEvent[] = [];
  const deps: CoreDeps = {
    store,
    // no method routes to Alipay+ yet: the fake stands in for it only to fill the registry
    connectors: { kakaopay: wallet, alipayplus: wallet },
    notify: async (_tx, event) => {
      events.push(event);
    },
    links,
    clock: () => new Date(),
    log: silent,
    background: createBackgroundWork(silent),
    inFlightGraceMs: 60_000,
    masterKey: MASTER_KEY,
    rates: null,
  };
  const lines = opts.logLines;
  const app = lines
    ? Fastify({ logger: { level: 'trace', stream: { write: (s: string) => void lines.push(s) } } })
    : Fastify({ logger: false });
  await app.register(globalpayPlugin, { prefix: '/globalpay', deps });
  await app.ready();

  const allIds = async (): Promise<number[]> => {
    const ids: number[] = [];
    for (const m of [MERCHANT_ID, OTHER_MERCHANT_ID]) {
      const { items } = await store.payments.list(m, {}, { index: 1, size: 10_000 });
      ids.push(...items.map((p) => p.id));
    }
    return ids;
  };

  return {
    app,
    store,
    deps,
    wallet,
    events,
    async gp(method, path, body, opts = {}) {
      const auth = opts.auth === undefined ? SEED_AUTH : opts.auth;
      const headers: Record<string, string> = {
        ...(body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        ...(auth !== null ? { authorization: auth } : {}),
        ...opts.headers,
      };
      const res = await app.inject({
        method: method as 'GET',
        url: `/globalpay${path}`,
        headers,
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      let json: unknown;
      try {
        json = JSON.parse(res.body);
      } catch {
        // not JSON: the assertions on `json` say so
      }
      return { status: res.statusCode, headers: res.headers, text: res.body, json };
    },
    async counts() {
      const ids = await allIds();
      let payments = 0;
      let preapprovals = 0;
      let refunds = 0;
      let operations = 0;
      for (const m of [MERCHANT_ID, OTHER_MERCHANT_ID]) {
        payments += (await store.payments.list(m, {}, { index: 1, size: 1 })).total;
        const pres = await store.preapprovals.list(m, {}, { index: 1, size: 10_000 });
        preapprovals += pres.total;
        for (const p of pres.items) operations += (await store.operations.listByPreapproval(m, p.id)).length;
      }
      for (const id of ids) {
        const p = (await store.payments.getById(id))!;
        refunds += (await store.refunds.listByPayment(p.merchantId, id)).length;
        operations += (await store.operations.listByPayment(p.merchantId, id)).length;
      }
      return { payments, preapprovals, refunds, operations };
    },
    async customerReturns(kind, id, outcome = 'approve') {
      const rec = kind === 'payment' ? await store.payments.getById(id) : await store.preapprovals.getById(id);
      if (!rec) throw new Error(`${kind} ${id} not found`);
      await completeCustomerReturn(deps, rec.customerToken, outcome, { pg_token: 'test-pg-token' });
    },
    async close() {
      await app.close();
      await cleanup();
    },
  };
}

/** The GlobalPay error envelope: status, root key, Status {ID: null, Info: null, Reasons: [{Code, Info}]}. */
export function assertGpError(res: Reply, http: number, root: 'Payment' | 'Preapproval' | 'Refund', code: string, info?: RegExp): void {
  assert.equal(res.status, http, `expected HTTP ${http}, got ${res.status}: ${res.text}`);
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  assert.ok(res.json && typeof res.json === 'object', `not JSON: ${res.text}`);
  assert.deepEqual(Object.keys(res.json), [root], res.text);
  const status = res.json[root].Status;
  // seed 004 answers a payment's unreadable billing country as a failed payment
  const failed = root === 'Payment' && code === '147';
  assert.equal(status.ID, failed ? 4 : null);
  assert.equal(status.Info, failed ? 'Failed' : null);
  assert.equal(status.Reasons.length, 1);
  assert.equal(status.Reasons[0].Code, code, `expected code ${code}: ${res.text}`);
  if (info) assert.match(status.Reasons[0].Info, info);
  assert.equal(res.json[root].ID, null);
}

/** A KakaoPay one-time payment in the shape of the seed's Alipay example. */
export function kakaoPayment(reference: string, over: Record<string, unknown> = {}): { Payment: Record<string, unknown> } {
  return {
    Payment: {
      MerchantTransactionID: reference,
      Amount: '100',
      Currency: 'KRW',
      MethodID: 1135,
      ReturnURL: 'http://demo.smart2pay.com/redirect.php',
      TokenLifetime: 10,
      BillingAddress: { Country: 'KR' },
      Articles: [{ Name: 'TEST', Quantity: 1 }],
      ...over,
    },
  };
}

export function kakaoPreapproval(reference: string, over: Record<string, unknown> = {}): { Preapproval: Record<string, unknown> } {
  return {
    Preapproval: {
      MerchantPreapprovalID: reference,
      Currency: 'KRW',
      Description: '1 year subscription',
      ReturnURL: 'http://demo.smart2pay.com/redirect.php',
      MethodID: 1135,
      Customer: { FirstName: 'John', LastName: 'Doe', Email: 'jdoe@gmail.com' },
      BillingAddress: { Country: 'KR' },
      ...over,
    },
  };
}
