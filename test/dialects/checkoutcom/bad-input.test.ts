/**
 * Checkout.com dialect, bad input (1/2): credentials on EVERY route, Cko-Request-Id on every answer,
 * the transport of the POST routes (malformed, non-object, oversize, non-JSON bodies), the fields of
 * POST /payments, and Cko-Idempotency-Key. Every error is Checkout.com's envelope
 * {request_id, error_type, error_codes} (4xx, never 500, request_id = the Cko-Request-Id header), and
 * the store holds afterwards exactly what it held before. On SQLite and PostgreSQL.
 * Lookups, lists, refunds, another merchant and malformed URLs: bad-input-lookups.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ADYEN } from '../../../src/dialects/adyen/demo.js';
import { DEMO_CHECKOUTCOM } from '../../../src/dialects/checkoutcom/demo.js';
import { DEMO_GLOBALPAY_KEYS, DEMO_SITE_ID } from '../../../src/dialects/globalpay/demo.js';
import { ckoId } from '../../../src/dialects/checkoutcom/ids.js';
import { storeKinds } from '../../helpers/stores.js';
import {
  assertRequestIdHeader,
  BEARER,
  Checks,
  KEY,
  kakaoPay,
  OTHER_CHANNEL,
  startWorld,
  type Fixtures,
  type World,
} from './bad-input-support.js';

interface Route {
  name: string;
  method: 'GET' | 'POST';
  /** a request that would succeed (and, for the POSTs, write) with the demo key */
  request(): { path: string; body?: Record<string, unknown> };
}

function routes(fx: Fixtures, returnUrl: string): Route[] {
  return [
    { name: 'POST /payments', method: 'POST', request: () => ({ path: '/payments', body: kakaoPay('auth-probe', returnUrl) }) },
    { name: 'GET /payments?reference=', method: 'GET', request: () => ({ path: `/payments?reference=${fx.paid.reference}` }) },
    { name: 'GET /payments/{id}', method: 'GET', request: () => ({ path: `/payments/${fx.paid.payId}` }) },
    { name: 'GET /payments/{id}/actions', method: 'GET', request: () => ({ path: `/payments/${fx.paid.payId}/actions` }) },
    {
      name: 'POST /payments/{id}/refunds',
      method: 'POST',
      request: () => ({ path: `/payments/${fx.paid.payId}/refunds`, body: { amount: 100, reference: 'refund-probe' } }),
    },
    { name: 'GET an unknown path', method: 'GET', request: () => ({ path: '/customers' }) },
  ];
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Authorization headers that must not open the Checkout.com API; the code when it is certain which. */
const BAD_AUTH: [label: string, auth: string | null, code?: string][] = [
  ['no Authorization', null, 'api_key_required'],
  ['an empty Authorization', '', 'api_key_required'],
  ['"Bearer" alone', 'Bearer'],
  ['"Bearer " and spaces', 'Bearer    '],
  ['a key walletgate never issued', 'sk_sbox_wrongwrongwrongwrongwrongwro2', 'api_key_invalid'],
  ['Bearer and a key walletgate never issued', 'Bearer sk_sbox_wrongwrongwrongwrongwrongwro2', 'api_key_invalid'],
  ['the demo key in upper case', `Bearer ${KEY.toUpperCase()}`, 'api_key_invalid'],
  ['the demo key with a trailing character', `Bearer ${KEY}x`, 'api_key_invalid'],
  ['the demo key cut short', `Bearer ${KEY.slice(0, -1)}`, 'api_key_invalid'],
  ['the demo key and another word', `${BEARER} extra`],
  ['the demo key as Basic credentials', basic(KEY, '')],
  ['a 600-character key', `Bearer ${'k'.repeat(600)}`],
  ['the processing channel id as the key', `Bearer ${DEMO_CHECKOUTCOM.processingChannelId}`, 'api_key_invalid'],
  ['the webhook signature key (a signing key, not an API key)', DEMO_CHECKOUTCOM.webhookSignatureKey, 'api_key_invalid'],
  ["the demo merchant's Adyen API key", DEMO_ADYEN.apiKey, 'api_key_invalid'],
  ["Bearer and the demo merchant's Adyen API key", `Bearer ${DEMO_ADYEN.apiKey}`, 'api_key_invalid'],
  ["the demo merchant's GlobalPay key", DEMO_GLOBALPAY_KEYS[0], 'api_key_invalid'],
  ["the demo merchant's GlobalPay Basic credentials", basic(DEMO_SITE_ID, DEMO_GLOBALPAY_KEYS[0])],
];

for (const kind of storeKinds) {
  describe(`Checkout.com bad input on ${kind}: credentials, request ids, transport, POST /payments`, () => {
    let w: World;
    let all: Route[];
    before(async () => {
      w = await startWorld(kind);
      all = routes(w.fx, w.returnUrl);
    });
    after(async () => w?.close());

    const send = (route: Route, opts: { auth?: string | null; headers?: Record<string, string> } = {}) => {
      const { path, body } = route.request();
      return w.call(route.method, path, { ...(body !== undefined ? { body } : {}), ...opts });
    };

    it('every route: a missing or wrong key, or a key of another API, is 401 unauthorized', async () => {
      const c = new Checks();
      for (const route of all) {
        for (const [label, auth, code] of BAD_AUTH) {
          c.error(`${route.name} with ${label}`, await send(route, { auth }), 401, code ? [code] : undefined, 'unauthorized');
        }
      }
      await c.finish(w);
    });

    it('every answer carries Cko-Request-Id, successes too, one per request', async () => {
      const c = new Checks();
      const ids: string[] = [];
      const ok = async (label: string, status: number, path: string) => {
        const res = await w.call('GET', path);
        c.that(label, () => {
          assert.equal(res.status, status, res.text);
          assertRequestIdHeader(res);
        });
        ids.push(res.headers.get('cko-request-id') ?? '');
      };
      await ok('GET /payments/{id}', 200, `/payments/${w.fx.paid.payId}`);
      await ok('GET /payments/{id}/actions', 200, `/payments/${w.fx.paid.payId}/actions`);
      await ok('GET /payments?reference=', 200, `/payments?reference=${w.fx.paid.reference}`);
      await ok('GET /payments?reference= of nothing', 200, '/payments?reference=nothing-here');
      // a replay under the key that made the paid payment: an answer of POST /payments that writes nothing
      const replay = await w.call('POST', '/payments', { body: w.fx.keyed.body, idempotencyKey: w.fx.keyed.key });
      c.that('POST /payments replayed', () => {
        assert.equal(replay.status, 202, replay.text);
        assert.equal(replay.json.id, w.fx.paid.payId);
        assert.equal(replay.headers.get('cko-idempotency-replayed'), 'true');
        assertRequestIdHeader(replay);
      });
      ids.push(replay.headers.get('cko-request-id') ?? '');
      for (const route of all) {
        const res = await send(route, { auth: null });
        c.that(`${route.name} without a key`, () => assertRequestIdHeader(res));
        ids.push(res.headers.get('cko-request-id') ?? '');
      }
      c.that('no two answers share a request id', () => assert.equal(new Set(ids).size, ids.length, ids.join(' ')));
      await c.finish(w);
    });

    it('every POST route: a body that is not JSON is 422 request_body_malformed; one that is not an object is 422 request_body_invalid', async () => {
      const c = new Checks();
      for (const route of all.filter((r) => r.method === 'POST')) {
        const { path } = route.request();
        for (const raw of ['{"amount":', "{'amount': 100}", '{"a":1} trailing', '\u0000', 'amount=100']) {
          c.error(
            `${route.name} ${JSON.stringify(raw)}`,
            await w.call('POST', path, { raw }),
            422,
            ['request_body_malformed'],
            'request_invalid',
          );
        }
        for (const raw of ['[]', '[{"amount":100}]', '"text"', '42', 'true', 'null']) {
          c.error(`${route.name} ${raw}`, await w.call('POST', path, { raw }), 422, ['request_body_invalid'], 'request_invalid');
        }
      }
      // POST /payments with no body at all (a full refund takes none: that one is no bad input)
      c.error('POST /payments, empty body', await w.call('POST', '/payments', { raw: '' }), 422, ['request_body_invalid']);
      c.error('POST /payments, no body, no content type', await w.call('POST', '/payments'), 422, ['request_body_invalid']);
      await c.finish(w);
    });

    it('every POST route: a body over 256 KiB is 413, and a body that is not application/json is 415', async () => {
      const c = new Checks();
      for (const route of all.filter((r) => r.method === 'POST')) {
        const { path, body } = route.request();
        const big = JSON.stringify({ ...body, metadata: { pad: 'x'.repeat(300 * 1024) } });
        c.error(`${route.name} 300 KiB`, await w.call('POST', path, { raw: big }), 413, ['request_body_too_large'], 'request_invalid');
        const huge = JSON.stringify({ ...body, metadata: { pad: 'x'.repeat(2 * 1024 * 1024) } });
        c.error(`${route.name} 2 MiB`, await w.call('POST', path, { raw: huge }), 413, ['request_body_too_large']);
        for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
          const res = await w.call('POST', path, { raw: JSON.stringify(body), headers: { 'content-type': type } });
          c.error(`${route.name} ${type}`, res, 415, ['content_type_invalid']);
        }
      }
      await c.finish(w);
    });

    it('POST /payments: each bad or missing field gets its Checkout.com code and stores nothing', async () => {
      const { returnUrl } = w;
      const unknownCustomer = ckoId('customer', 999999999);
      const unknownSource = ckoId('source', 999999999);
      const cases: [label: string, over: Record<string, unknown>, code: string | string[]][] = [
        ['source missing', { source: undefined }, 'source_required'],
        ['source a string', { source: 'kakaopay' }, 'source_invalid'],
        ['source without a type', { source: {} }, 'source_type_required'],
        ['source.type card', { source: { type: 'card' } }, 'payment_source_type_invalid'],
        // Alipay+'s own wallet chooser: the merchant names the wallet by its own source.type
        [
          'source.type alipay_plus',
          { source: { type: 'alipay_plus' } },
          ['payment_source_type_invalid', 'alipay_plus_wallet_type_required'],
        ],
        // each Alipay+ wallet takes its own currency only (this request is in won)
        ['source.type alipay_hk in KRW', { source: { type: 'alipay_hk' } }, 'currency_not_supported'],
        ['source.type gcash in KRW', { source: { type: 'gcash' } }, 'currency_not_supported'],
        ['source.type tng in HKD', { source: { type: 'tng' }, currency: 'HKD' }, 'currency_not_supported'],
        ['source.type alipay_cn in USD', { source: { type: 'alipay_cn' }, currency: 'USD' }, 'currency_not_supported'],
        ['source.type ALIPAY_HK', { source: { type: 'ALIPAY_HK' } }, 'payment_source_type_invalid'],
        ["source.type touchngo (Adyen's name)", { source: { type: 'touchngo' } }, 'payment_source_type_invalid'],
        ['source.type KAKAOPAY', { source: { type: 'KAKAOPAY' } }, 'payment_source_type_invalid'],
        ['source.type a number', { source: { type: 7 } }, 'source_type_invalid'],
        ['source.type __proto__', { source: { type: '__proto__' } }, 'payment_source_type_invalid'],
        ['source.type constructor', { source: { type: 'constructor' } }, 'payment_source_type_invalid'],
        ['source.type toString', { source: { type: 'toString' } }, 'payment_source_type_invalid'],
        ['amount missing', { amount: undefined }, 'amount_required'],
        ['amount 0', { amount: 0 }, 'amount_invalid'],
        ['amount -1', { amount: -1 }, 'amount_invalid'],
        ['amount 1.5', { amount: 1.5 }, 'amount_invalid'],
        ['amount "100"', { amount: '100' }, 'amount_invalid'],
        ['amount true', { amount: true }, 'amount_invalid'],
        ['amount 1e20', { amount: 1e20 }, 'amount_invalid'],
        ['amount above the KakaoPay maximum', { amount: 100_000_001 }, 'amount_invalid'],
        ['currency missing', { currency: undefined }, 'currency_required'],
        ['currency krw', { currency: 'krw' }, 'currency_invalid'],
        ['currency a number', { currency: 410 }, 'currency_invalid'],
        ['currency of four letters', { currency: 'KRWX' }, 'currency_invalid'],
        ['currency USD, which no KakaoPay carrier takes', { currency: 'USD' }, 'currency_not_supported'],
        ['currency JPY, which no KakaoPay carrier takes', { currency: 'JPY' }, 'currency_not_supported'],
        ['currency XXX, no real currency', { currency: 'XXX' }, 'currency_not_supported'],
        ['payment_type Weekly', { payment_type: 'Weekly' }, 'payment_type_invalid'],
        ['payment_type a number', { payment_type: 1 }, 'payment_type_invalid'],
        ['processing a string', { processing: 'WEB' }, 'processing_invalid'],
        ['processing.terminal_type TV', { processing: { terminal_type: 'TV' } }, 'processing_terminal_type_invalid'],
        ['processing.os_type WINDOWS', { processing: { terminal_type: 'APP', os_type: 'WINDOWS' } }, 'processing_os_type_invalid'],
        ['capture false', { capture: false }, 'capture_not_supported'],
        ['capture "false"', { capture: 'false' }, 'capture_not_supported'],
        ['capture "no"', { capture: 'no' }, 'capture_invalid'],
        ['success_url not a url', { success_url: 'not a url' }, 'success_url_invalid'],
        ['success_url ftp:', { success_url: 'ftp://x' }, 'success_url_invalid'],
        ['success_url javascript:', { success_url: 'javascript:alert(1)' }, 'success_url_invalid'],
        ['success_url relative', { success_url: '/checkout/done' }, 'success_url_invalid'],
        ['success_url a number', { success_url: 42 }, 'success_url_invalid'],
        ['success_url over 1024 characters', { success_url: `https://shop.example/${'p'.repeat(1024)}` }, 'success_url_invalid'],
        ['failure_url not a url', { failure_url: 'nope' }, 'failure_url_invalid'],
        ['customer a string', { customer: 'Kim Minji' }, 'customer_invalid'],
        ['customer.email nope', { customer: { email: 'nope' } }, 'customer_email_invalid'],
        ['customer.email a number', { customer: { email: 42 } }, 'customer_email_invalid'],
        ['customer.name a number', { customer: { name: 42 } }, 'customer_name_invalid'],
        ['customer.phone a string', { customer: { phone: '+82 10 1234 5678' } }, 'customer_phone_invalid'],
        ['customer.phone.number a number', { customer: { phone: { number: 1012345678 } } }, 'customer_phone_number_invalid'],
        ['customer.id cus_notreal', { customer: { id: 'cus_notreal' } }, 'customer_id_invalid'],
        ["customer.id a payment's id", { customer: { id: w.fx.paid.payId } }, 'customer_id_invalid'],
        ['customer.id in upper case', { customer: { id: w.fx.paid.customerId.toUpperCase() } }, 'customer_id_invalid'],
        ['customer.id well-formed, unknown', { customer: { id: unknownCustomer } }, 'customer_not_found'],
        [
          'customer.id well-formed, unknown, with an e-mail',
          { customer: { id: unknownCustomer, email: 'new@shop.example' } },
          'customer_not_found',
        ],
        ['processing_channel_id of nobody', { processing_channel_id: 'pc_someoneelseschannel2222222' }, 'processing_channel_id_invalid'],
        ["processing_channel_id of other-shop's channel", { processing_channel_id: OTHER_CHANNEL }, 'processing_channel_id_invalid'],
        [
          'processing_channel_id in upper case',
          { processing_channel_id: 'PC_WALLETGATEDEMO2PROCESSING2' },
          'processing_channel_id_invalid',
        ],
        ['processing_channel_id a number', { processing_channel_id: 42 }, 'processing_channel_id_invalid'],
        ['source.id src_bogus', { source: { type: 'id', id: 'src_bogus' } }, 'source_id_invalid'],
        ['source.id well-formed, unknown', { source: { type: 'id', id: unknownSource } }, 'source_id_invalid'],
        ['source.id well-formed, unknown, no type', { source: { id: unknownSource } }, 'source_id_invalid'],
        ["source.id a payment's id", { source: { type: 'id', id: w.fx.paid.payId } }, 'source_id_invalid'],
        ["source.id a customer's id", { source: { type: 'id', id: w.fx.paid.customerId } }, 'source_id_invalid'],
        ['source.id a number', { source: { type: 'id', id: 42 } }, 'source_id_invalid'],
        ['source type id without an id', { source: { type: 'id' } }, 'source_id_required'],
        // the source's own currency is told first, before whether the method takes EUR at all
        ['source.id in EUR', { source: { type: 'id', id: w.fx.source }, currency: 'EUR' }, 'currency_invalid'],
        ['source.id of zero', { source: { type: 'id', id: w.fx.source }, amount: 0 }, 'amount_invalid'],
        [
          'source.id for an unknown customer',
          { source: { type: 'id', id: w.fx.source }, customer: { id: unknownCustomer } },
          'customer_not_found',
        ],
        ['reference over 80 characters', { reference: 'r'.repeat(81) }, 'reference_invalid'],
        ['reference a number', { reference: 42 }, 'reference_invalid'],
        ['description over 100 characters', { description: 'd'.repeat(101) }, 'description_invalid'],
        ['metadata a string', { metadata: 'order=1' }, 'metadata_invalid'],
        ['items not an array', { items: { name: 'x' } }, 'items_invalid'],
        ['items with a string', { items: ['x'] }, 'items_invalid'],
        ['shipping a string', { shipping: 'Seoul' }, 'shipping_invalid'],
        ['items with a fractional quantity', { items: [{ name: 'x', quantity: 1.5 }] }, 'items_quantity_invalid'],
        ['items with a numeric name', { items: [{ name: 7 }] }, 'items_name_invalid'],
        ['shipping.address a string', { shipping: { address: 'Seoul' } }, 'shipping_address_invalid'],
        ['shipping.address.city a number', { shipping: { address: { city: 7 } } }, 'shipping_address_city_invalid'],
        ['shipping.address.country kr', { shipping: { address: { country: 'kr' } } }, 'shipping_address_country_invalid'],
      ];
      const c = new Checks();
      let n = 0;
      for (const [label, over, code] of cases) {
        n += 1;
        // under a key of its own: a refused request must not keep its key either
        const res = await w.call('POST', '/payments', {
          body: kakaoPay(`bad-${kind}-${n}`, returnUrl, over),
          idempotencyKey: `bad-field-${kind}-${n}`,
        });
        c.error(label, res, 422, Array.isArray(code) ? code : [code], 'request_invalid');
      }
      await c.finish(w);
    });

    it('Cko-Idempotency-Key: the same key with another request is 409; an empty or over-long key is 422', async () => {
      const { keyed, pending, paid } = w.fx;
      const c = new Checks();
      const conflict = ['idempotency_key_used_with_different_request'];
      const post = (body: unknown, key: string) => w.call('POST', '/payments', { body, idempotencyKey: key });
      c.error('another amount', await post({ ...keyed.body, amount: 2200 }, keyed.key), 409, conflict, 'idempotency_key_conflict');
      c.error('another reference', await post({ ...keyed.body, reference: 'other' }, keyed.key), 409, conflict, 'idempotency_key_conflict');
      c.error('one field less', await post({ ...keyed.body, customer: undefined }, keyed.key), 409, conflict);
      const refund = await w.call('POST', `/payments/${pending.payId}/refunds`, { body: keyed.body, idempotencyKey: keyed.key });
      c.error('the same body on the refunds route', refund, 409, conflict, 'idempotency_key_conflict');
      for (const key of ['', 'k'.repeat(256)]) {
        c.error(`POST /payments, key of ${key.length}`, await post(kakaoPay(`idem-${key.length}`, w.returnUrl), key), 422, [
          'idempotency_key_invalid',
        ]);
        const res = await w.call('POST', `/payments/${paid.payId}/refunds`, { body: { amount: 100 }, idempotencyKey: key });
        c.error(`POST /payments/{id}/refunds, key of ${key.length}`, res, 422, ['idempotency_key_invalid']);
      }
      await c.finish(w);
    });
  });
}
