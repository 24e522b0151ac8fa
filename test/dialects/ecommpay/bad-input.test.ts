/**
 * ecommpay Gate, bad input on every route: the transport (malformed, non-object, empty, oversize and
 * non-JSON bodies), authentication (project, signature), and each route's parameters. Every answer
 * is a 4xx in ecommpay's envelope `{status: "error", request_id, code, message, field?}` (echoing
 * project_id / payment_id when they could be read), never a 500, and the store holds afterwards
 * exactly what it held before. Workers are off, so nothing moves unless a request moves it. On
 * SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { storeKinds } from '../../helpers/stores.js';
import { startGateway, type Gateway } from '../../helpers/gateway-harness.js';
import { DEMO_MERCHANT_ID } from '../../../src/core/merchants/demo-merchant.js';
import { uniquePaymentKey } from '../../../src/dialects/ecommpay/extras.js';
import { PROJECT, customerDoes, gate, refundBody, saleBody, signedBody, unique, type Json } from '../../sdk/ecommpay-support.js';

interface Route {
  name: string;
  path: string;
  /** a request that would be accepted (unsigned) */
  body(): Json;
}

const SALE = '/v2/payment/wallet/kakaopay/sale';

/** Every row a request could write, for deepEqual against the baseline. */
async function snapshot(gw: Gateway, paidPaymentId: number, probeIds: string[]) {
  const s = gw.services.store;
  const payments = await s.payments.list(DEMO_MERCHANT_ID, {}, { index: 1, size: 500 });
  return {
    payments: payments.total,
    statuses: payments.items.map((p) => [p.id, p.status, p.refundedAmount, p.refundReservedAmount]),
    refunds: (await s.refunds.listByPayment(DEMO_MERCHANT_ID, paidPaymentId)).length,
    operations: (await s.operations.listByPayment(DEMO_MERCHANT_ID, paidPaymentId)).length,
    outbox: (await s.outbox.list({ limit: 10_000 })).length,
    claims: await Promise.all(probeIds.map((id) => s.idempotency.get(DEMO_MERCHANT_ID, 'ecommpay', `sale:${PROJECT}:${id}`))),
  };
}

function assertEnvelope(r: { status: number; json: Json; text: string }, status: number, code: string, field?: string): void {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json.status, 'error', r.text);
  assert.equal(typeof r.json.request_id, 'string', r.text);
  assert.equal(r.json.code, code, r.text);
  assert.equal(typeof r.json.message, 'string');
  assert.ok(r.json.message.length > 0);
  if (field !== undefined) assert.equal(r.json.field, field, r.text);
}

/** A copy with `path` (dotted) set to `value`, or removed when `value` is undefined. */
function withField(body: Json, path: string, value: unknown): Json {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let at: Json = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Json;
  if (value === undefined) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = value;
  return copy;
}

for (const kind of storeKinds) {
  describe(`ecommpay Gate bad input on ${kind}`, () => {
    let gw: Gateway;
    let paidId: string;
    let paidCoreId: number;
    const probe = unique(`probe-${kind}`);
    let baseline: Awaited<ReturnType<typeof snapshot>>;

    const routes = (): Route[] => [
      { name: 'sale', path: SALE, body: () => saleBody(gw, probe) },
      { name: 'refund', path: '/v2/payment/wallet/kakaopay/refund', body: () => refundBody(paidId, 100) },
      { name: 'refund without wallet/', path: '/v2/payment/kakaopay/refund', body: () => refundBody(paidId, 100) },
      { name: 'status', path: '/v2/payment/status', body: () => ({ general: { project_id: PROJECT, payment_id: paidId } }) },
    ];

    before(async () => {
      gw = await startGateway(kind, { workers: false });
      paidId = unique(`paid-${kind}`);
      const accepted = await gate(gw, SALE, saleBody(gw, paidId));
      assert.equal(accepted.status, 200, accepted.text);
      const p = await gw.services.store.payments.getByUniqueReference(DEMO_MERCHANT_ID, uniquePaymentKey(PROJECT, paidId));
      await customerDoes(gw, gw.services.deps.links.landing(p!.customerToken), 'approve');
      paidCoreId = p!.id;
      baseline = await snapshot(gw, paidCoreId, [probe]);
      assert.equal((await gw.services.store.payments.get(DEMO_MERCHANT_ID, paidCoreId))!.status, 'succeeded');
    });

    after(async () => {
      try {
        assert.deepEqual(await snapshot(gw, paidCoreId, [probe]), baseline, 'no bad request wrote anything');
      } finally {
        await gw.close();
      }
    });

    it('transport, on every route: malformed, non-object, empty, oversize and non-JSON bodies', async () => {
      for (const r of routes()) {
        for (const raw of ['{"general":', '[]', '"text"', '42', 'null', '']) {
          const res = await gate(gw, r.path, raw);
          assertEnvelope(res, 400, '1001');
          assert.equal(res.json.project_id, undefined);
        }
        const huge = JSON.stringify({ ...r.body(), pad: 'x'.repeat(300 * 1024) });
        assertEnvelope(await gate(gw, r.path, huge), 413, '1013');
        const text = await fetch(`${gw.base}/ecommpay${r.path}`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: 'hello',
        });
        assertEnvelope({ status: text.status, text: '', json: (await text.json()) as Json }, 415, '1014');
      }
    });

    it('authentication, on every route: project and signature', async () => {
      for (const r of routes()) {
        const body = r.body();
        assertEnvelope(await gate(gw, r.path, withField(body, 'general', undefined), { sign: false }), 400, '1002', 'general');
        assertEnvelope(await gate(gw, r.path, withField(body, 'general', 'x'), { sign: false }), 400, '1003', 'general');
        assertEnvelope(await gate(gw, r.path, withField(body, 'general.project_id', undefined)), 400, '1002', 'general.project_id');
        for (const bad of ['210', 0, -1, 2.5, 2 ** 40])
          assertEnvelope(await gate(gw, r.path, withField(body, 'general.project_id', bad)), 400, '1003', 'general.project_id');
        const unknown = await gate(gw, r.path, withField(body, 'general.project_id', 999_999));
        assertEnvelope(unknown, 403, '1005', 'general.project_id');
        assert.equal(unknown.json.project_id, 999_999, 'echoed');
        assertEnvelope(await gate(gw, r.path, body, { sign: false }), 400, '1002', 'general.signature');
        const wrongSecret = await gate(gw, r.path, body, { secret: 'not-the-project-secret' });
        assertEnvelope(wrongSecret, 403, '1004', 'general.signature');
        assert.equal(wrongSecret.json.project_id, PROJECT);
        // signed, then changed: the signature covers every parameter
        const tampered = signedBody(body);
        tampered.general.payment_id = `${String(tampered.general.payment_id)}-changed`;
        assertEnvelope(await gate(gw, r.path, tampered, { sign: false }), 403, '1004');
        assertEnvelope(await gate(gw, r.path, withField(signedBody(body), 'general.signature', 42), { sign: false }), 403, '1004');
      }
    });

    it('the sale’s parameters', async () => {
      const cases: [path: string, value: unknown, status: number, code: string, field: string][] = [
        ['general.payment_id', undefined, 400, '1002', 'general.payment_id'],
        ['general.payment_id', 12, 400, '1003', 'general.payment_id'],
        ['general.payment_id', '', 400, '1002', 'general.payment_id'],
        ['general.payment_id', 'x'.repeat(256), 400, '1003', 'general.payment_id'],
        ['general.merchant_callback_url', 'ftp://shop.example/cb', 400, '1003', 'general.merchant_callback_url'],
        ['general.merchant_callback_url', 'not a url', 400, '1003', 'general.merchant_callback_url'],
        ['payment', undefined, 400, '1002', 'payment'],
        ['payment', [1000], 400, '1003', 'payment'],
        ['payment.amount', undefined, 400, '1002', 'payment.amount'],
        ['payment.amount', 0, 400, '1008', 'payment.amount'],
        ['payment.amount', -1000, 400, '1008', 'payment.amount'],
        ['payment.amount', 10.5, 400, '1008', 'payment.amount'],
        ['payment.amount', '1000', 400, '1008', 'payment.amount'],
        ['payment.amount', 10 ** 13, 400, '1008', 'payment.amount'],
        ['payment.currency', undefined, 400, '1002', 'payment.currency'],
        ['payment.currency', 'krw', 400, '1003', 'payment.currency'],
        ['payment.currency', 'USD', 400, '1007', 'payment.currency'],
        ['payment.currency', 'EUR', 400, '1007', 'payment.currency'],
        ['payment.description', 7, 400, '1003', 'payment.description'],
        ['customer', undefined, 400, '1002', 'customer'],
        ['customer.id', undefined, 400, '1002', 'customer.id'],
        ['customer.ip_address', undefined, 400, '1002', 'customer.ip_address'],
        ['customer.ip_address', '300.1.1.1', 400, '1003', 'customer.ip_address'],
        ['return_url', 'http://shop.example', 400, '1003', 'return_url'],
        ['return_url.success', 'javascript:alert(1)', 400, '1003', 'return_url.success'],
        ['return_url.decline', 5, 400, '1003', 'return_url.decline'],
      ];
      for (const [path, value, status, code, field] of cases) {
        const res = await gate(gw, SALE, withField(saleBody(gw, probe), path, value));
        assertEnvelope(res, status, code, field);
        if (path !== 'general.payment_id') assert.equal(res.json.payment_id, probe, 'echoed');
      }
      assertEnvelope(await gate(gw, '/v2/payment/wallet/paypal/sale', saleBody(gw, probe)), 400, '1006', 'payment_method');
      // a payment_id already used in the project, with another body
      assertEnvelope(
        await gate(gw, SALE, saleBody(gw, paidId, { payment: { amount: 5, currency: 'KRW' } })),
        409,
        '1009',
        'general.payment_id',
      );
    });

    it('the refund’s parameters', async () => {
      const refund = '/v2/payment/wallet/kakaopay/refund';
      const cases: [path: string, value: unknown, status: number, code: string, field: string][] = [
        ['general.payment_id', undefined, 400, '1002', 'general.payment_id'],
        ['general.payment_id', unique('unknown'), 404, '1010', 'general.payment_id'],
        ['payment', undefined, 400, '1002', 'payment'],
        ['payment.description', undefined, 400, '1002', 'payment.description'],
        ['payment.currency', undefined, 400, '1002', 'payment.currency'],
        ['payment.currency', 'EUR', 400, '1007', 'payment.currency'],
        ['payment.amount', 0, 400, '1008', 'payment.amount'],
        ['payment.amount', 1.5, 400, '1008', 'payment.amount'],
      ];
      for (const [path, value, status, code, field] of cases)
        assertEnvelope(await gate(gw, refund, withField(refundBody(paidId, 100), path, value)), status, code, field);
      assertEnvelope(await gate(gw, '/v2/payment/wallet/gcash/refund', refundBody(paidId, 100)), 400, '1006', 'payment_method');
      assertEnvelope(await gate(gw, '/v2/payment/wallet/nothing/refund', refundBody(paidId, 100)), 400, '1006', 'payment_method');
    });

    it('the status request’s parameters, and an unknown endpoint', async () => {
      const body = { general: { project_id: PROJECT, payment_id: paidId } };
      assertEnvelope(
        await gate(gw, '/v2/payment/status', withField(body, 'general.payment_id', undefined)),
        400,
        '1002',
        'general.payment_id',
      );
      assertEnvelope(await gate(gw, '/v2/payment/status', withField(body, 'general.payment_id', unique('no'))), 404, '1010');
      assertEnvelope(await gate(gw, '/v2/payment/wallet/kakaopay/capture', refundBody(paidId)), 404, '1015');
      const get = await fetch(`${gw.base}/ecommpay/v2/payment/status`);
      assertEnvelope({ status: get.status, text: '', json: (await get.json()) as Json }, 404, '1015');
    });
  });
}
