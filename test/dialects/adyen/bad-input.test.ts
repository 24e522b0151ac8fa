/**
 * Adyen dialect, bad input (1/2): credentials and transport on EVERY route, then the fields of
 * POST /payments, /payments/details and /paymentMethods, and paths walletgate does not serve.
 * Every answer is Adyen's error envelope with status = the HTTP status (4xx, never 500), and the
 * store holds afterwards exactly what it held before. On SQLite and PostgreSQL.
 * Refunds, cancels, tokens and another merchant: bad-input-modifications.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ADYEN } from '../../../src/dialects/adyen/demo.js';
import { DEMO_GLOBALPAY_KEYS } from '../../../src/dialects/globalpay/demo.js';
import { storeKinds } from '../../helpers/stores.js';
import { Checks, MERCHANT, OTHER_ACCOUNT, payment, startWorld, type Fixtures, type World } from './bad-input-support.js';

interface Route {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** false: the route names no merchantAccount (/payments/details) */
  namesAccount: boolean;
  /** a request that would succeed (and, for most, write) with the demo key; account undefined: merchantAccount left out */
  request(account: string | undefined): { path: string; body?: Record<string, unknown> };
}

function routes(fx: Fixtures, returnUrl: string): Route[] {
  const acct = (account: string | undefined) => (account === undefined ? {} : { merchantAccount: account });
  const query = (account: string | undefined) =>
    new URLSearchParams({ shopperReference: fx.shopper, ...(account === undefined ? {} : { merchantAccount: account }) }).toString();
  return [
    {
      name: 'POST /v72/paymentMethods',
      method: 'POST',
      namesAccount: true,
      request: (a) => ({
        path: '/v72/paymentMethods',
        body: { ...acct(a), countryCode: 'KR', amount: { currency: 'KRW', value: 1000 }, shopperReference: fx.shopper },
      }),
    },
    {
      name: 'POST /v72/payments',
      method: 'POST',
      namesAccount: true,
      request: (a) => ({ path: '/v72/payments', body: payment('auth-probe', returnUrl, { merchantAccount: a }) }),
    },
    {
      name: 'POST /v72/payments/details',
      method: 'POST',
      namesAccount: false,
      request: () => ({ path: '/v72/payments/details', body: { details: { redirectResult: fx.pending.redirectResult } } }),
    },
    {
      name: 'POST /v72/payments/{psp}/refunds',
      method: 'POST',
      namesAccount: true,
      request: (a) => ({ path: `/v72/payments/${fx.paid.psp}/refunds`, body: { ...acct(a), amount: { currency: 'KRW', value: 100 } } }),
    },
    {
      name: 'POST /v72/payments/{psp}/cancels',
      method: 'POST',
      namesAccount: true,
      request: (a) => ({ path: `/v72/payments/${fx.pending.psp}/cancels`, body: { ...acct(a), reference: 'cancel-probe' } }),
    },
    {
      name: 'POST /v72/cancels',
      method: 'POST',
      namesAccount: true,
      request: (a) => ({ path: '/v72/cancels', body: { ...acct(a), paymentReference: fx.pending.reference } }),
    },
    {
      name: 'GET /v72/storedPaymentMethods',
      method: 'GET',
      namesAccount: true,
      request: (a) => ({ path: `/v72/storedPaymentMethods?${query(a)}` }),
    },
    {
      name: 'DELETE /v72/storedPaymentMethods/{id}',
      method: 'DELETE',
      namesAccount: true,
      request: (a) => ({ path: `/v72/storedPaymentMethods/${fx.token}?${query(a)}` }),
    },
    {
      name: 'POST /pal/servlet/Recurring/v68/listRecurringDetails',
      method: 'POST',
      namesAccount: true,
      request: (a) => ({ path: '/pal/servlet/Recurring/v68/listRecurringDetails', body: { ...acct(a), shopperReference: fx.shopper } }),
    },
    {
      name: 'POST /pal/servlet/Recurring/v68/disable',
      method: 'POST',
      namesAccount: true,
      request: (a) => ({
        path: '/pal/servlet/Recurring/v68/disable',
        body: { ...acct(a), shopperReference: fx.shopper, recurringDetailReference: fx.token },
      }),
    },
  ];
}

/** Keys that must not open the Adyen API. */
const BAD_KEYS: [string, string | null][] = [
  ['no X-API-Key', null],
  ['an empty X-API-Key', ''],
  ['a key walletgate never issued', 'AQEwrong0key0that0walletgate0never0issued0for0anyone0at0all'],
  ['the demo key in upper case', DEMO_ADYEN.apiKey.toUpperCase()],
  ['the demo key with a trailing character', `${DEMO_ADYEN.apiKey}x`],
  ['a 600-character key', 'k'.repeat(600)],
  ["the demo merchant's GlobalPay key", DEMO_GLOBALPAY_KEYS[0]],
  ["the demo merchant's Adyen HMAC key (a signing key, not an API key)", DEMO_ADYEN.hmacKey],
];

for (const kind of storeKinds) {
  describe(`Adyen bad input on ${kind}: credentials, transport, payments`, () => {
    let w: World;
    let all: Route[];
    let returnUrl: string;
    before(async () => {
      w = await startWorld(kind);
      returnUrl = `${new URL(w.gw.receiver.url).origin}/return`;
      all = routes(w.fx, returnUrl);
    });
    after(async () => w?.close());

    const send = (route: Route, account: string | undefined, opts: { key?: string | null; headers?: Record<string, string> } = {}) => {
      const { path, body } = route.request(account);
      return w.call(route.method, path, { ...(body !== undefined ? { body } : {}), ...opts });
    };

    it('every route: a missing or wrong X-API-Key is 401 / 000 / security', async () => {
      const c = new Checks();
      for (const route of all) {
        for (const [label, key] of BAD_KEYS)
          c.error(`${route.name} with ${label}`, await send(route, MERCHANT, { key }), 401, '000', 'security');
      }
      await c.finish(w);
    });

    it("every route naming a merchantAccount: another account than the key's is 403 / 901 / security", async () => {
      const c = new Checks();
      for (const route of all.filter((r) => r.namesAccount)) {
        for (const account of ['SomeoneElseECOM', OTHER_ACCOUNT, `${MERCHANT} `, MERCHANT.toLowerCase()]) {
          c.error(`${route.name} naming ${account}`, await send(route, account), 403, '901', 'security');
        }
        // the other merchant's own key naming the demo account
        c.error(`${route.name} with the other key`, await send(route, MERCHANT, { key: w.fx.otherKey }), 403, '901', 'security');
      }
      await c.finish(w);
    });

    it('every route naming a merchantAccount: leaving it out is 422 / 901 / validation', async () => {
      const c = new Checks();
      for (const route of all.filter((r) => r.namesAccount)) c.error(route.name, await send(route, undefined), 422, '901', 'validation');
      await c.finish(w);
    });

    it('every POST route: malformed JSON is 400 / 702', async () => {
      const c = new Checks();
      for (const route of all.filter((r) => r.method === 'POST')) {
        const { path } = route.request(MERCHANT);
        for (const raw of ['{"merchantAccount":', "{'merchantAccount': 'x'}", '{"a":1} trailing', '\u0000']) {
          c.error(`${route.name} ${JSON.stringify(raw)}`, await w.call('POST', path, { raw }), 400, '702', 'validation');
        }
      }
      await c.finish(w);
    });

    it('every POST route: a body that is not a JSON object is 422 / 702; null and an empty body are 422 too', async () => {
      const c = new Checks();
      for (const route of all.filter((r) => r.method === 'POST')) {
        const { path } = route.request(MERCHANT);
        for (const raw of ['[]', `[{"merchantAccount":"${MERCHANT}"}]`, '"text"', '42', 'true']) {
          c.error(`${route.name} ${raw}`, await w.call('POST', path, { raw }), 422, '702', 'validation');
        }
        // /paymentMethods reads null / no body as {} and then misses merchantAccount (901): any 422 will do
        c.error(`${route.name} null`, await w.call('POST', path, { raw: 'null' }), 422);
        c.error(`${route.name} empty body`, await w.call('POST', path, { raw: '' }), 422);
      }
      await c.finish(w);
    });

    it('every POST route: a body over 256 KiB is 413 / 702, and a body that is not application/json is 415 / 702', async () => {
      const c = new Checks();
      for (const route of all.filter((r) => r.method === 'POST')) {
        const { path, body } = route.request(MERCHANT);
        const big = JSON.stringify({ ...body, metadata: { pad: 'x'.repeat(300 * 1024) } });
        c.error(`${route.name} 300 KiB`, await w.call('POST', path, { raw: big }), 413, '702');
        const huge = JSON.stringify({ ...body, metadata: { pad: 'x'.repeat(2 * 1024 * 1024) } });
        c.error(`${route.name} 2 MiB`, await w.call('POST', path, { raw: huge }), 413, '702');
        const asText = await w.call('POST', path, { raw: JSON.stringify(body), headers: { 'content-type': 'text/plain' } });
        c.error(`${route.name} text/plain`, asText, 415, '702');
      }
      await c.finish(w);
    });

    it('every idempotent POST route: an Idempotency-Key that is empty or over 64 characters is 422 / 702 before anything happens', async () => {
      const c = new Checks();
      const idempotent = all.filter((r) => /\/(payments|refunds|cancels)$/.test(r.request(MERCHANT).path));
      c.that('four idempotent routes', () => assert.equal(idempotent.length, 4));
      for (const route of idempotent) {
        for (const key of ['', 'k'.repeat(65)]) {
          const res = await send(route, MERCHANT, { headers: { 'idempotency-key': key } });
          c.error(`${route.name} key of ${key.length}`, res, 422, '702', 'validation');
        }
      }
      await c.finish(w);
    });

    it('POST /payments: each bad or missing field gets its Adyen code and creates no payment', async () => {
      const { token, shopper } = w.fx;
      const contAuth = (over: Record<string, unknown>) => ({
        paymentMethod: { type: 'kakaopay', storedPaymentMethodId: token },
        shopperReference: shopper,
        shopperInteraction: 'ContAuth',
        recurringProcessingModel: 'Subscription',
        ...over,
      });
      const money = (value: unknown, currency: unknown = 'KRW') => ({ amount: { currency, value } });
      const cases: [string, Record<string, unknown>, number, string, string?][] = [
        ['merchantAccount missing', { merchantAccount: undefined }, 422, '901'],
        ['merchantAccount a number', { merchantAccount: 42 }, 422, '901'],
        ['reference missing', { reference: undefined }, 422, '130'],
        ['reference a number', { reference: 12345 }, 422, '130'],
        ['reference empty', { reference: '' }, 422, '130'],
        ['reference blank', { reference: '   ' }, 422, '130'],
        ['reference over 80 characters', { reference: 'r'.repeat(81) }, 422, '130'],
        ['amount missing', { amount: undefined }, 422, '100'],
        ['amount a string', { amount: '15000' }, 422, '100'],
        ['amount an array', { amount: [15000, 'KRW'] }, 422, '100'],
        ['amount.value missing', { amount: { currency: 'KRW' } }, 422, '137'],
        ['amount.value a string', money('15000'), 422, '137'],
        ['amount.value negative', money(-15000), 422, '137'],
        ['amount.value zero', money(0), 422, '137'],
        ['amount.value fractional', money(15000.5), 422, '137'],
        ['amount.value 1e20', money(1e20), 422, '137'],
        ['amount.value above the KakaoPay maximum 100000000', money(100_000_001), 422, '137'],
        ['amount.value a boolean', money(true), 422, '137'],
        ['amount.currency missing', { amount: { value: 15000 } }, 422, '138'],
        ['amount.currency lower case krw', money(15000, 'krw'), 422, '138'],
        ['amount.currency a number', money(15000, 410), 422, '138'],
        ['amount.currency four letters', money(15000, 'KRWX'), 422, '138'],
        ['amount.currency USD, which no KakaoPay carrier takes', money(15000, 'USD'), 422, '905_1', 'configuration'],
        ['amount.currency XXX, no real currency', money(15000, 'XXX'), 422, '905_1', 'configuration'],
        ['paymentMethod missing', { paymentMethod: undefined }, 422, '702'],
        ['paymentMethod a string', { paymentMethod: 'kakaopay' }, 422, '702'],
        ['paymentMethod.type missing', { paymentMethod: {} }, 422, '702'],
        ['paymentMethod.type a number', { paymentMethod: { type: 1135 } }, 422, '702'],
        ['paymentMethod.type scheme (unknown here)', { paymentMethod: { type: 'scheme' } }, 422, '905_1', 'configuration'],
        ['paymentMethod.type KakaoPay (wrong case)', { paymentMethod: { type: 'KakaoPay' } }, 422, '905_1', 'configuration'],
        ['paymentMethod.type __proto__', { paymentMethod: { type: '__proto__' } }, 422, '905_1', 'configuration'],
        ['paymentMethod.type constructor', { paymentMethod: { type: 'constructor' } }, 422, '905_1', 'configuration'],
        ['countryCode US, where KakaoPay is not offered', { countryCode: 'US' }, 422, '905_1', 'configuration'],
        ['countryCode a number', { countryCode: 82 }, 422, '702'],
        ['returnUrl missing', { returnUrl: undefined }, 422, '702'],
        ['returnUrl relative', { returnUrl: '/checkout/done' }, 422, '702'],
        ['returnUrl not a URL', { returnUrl: 'not a url' }, 422, '702'],
        ['returnUrl ftp:', { returnUrl: 'ftp://shop.example/return' }, 422, '702'],
        ['returnUrl javascript:', { returnUrl: 'javascript:alert(1)' }, 422, '702'],
        ['returnUrl a number', { returnUrl: 42 }, 422, '702'],
        ['returnUrl over 2048 characters', { returnUrl: `https://shop.example/${'p'.repeat(2048)}` }, 422, '702'],
        ['storePaymentMethod "yes"', { storePaymentMethod: 'yes', shopperReference: 'shopper-x' }, 422, '702'],
        ['storePaymentMethod true without shopperReference', { storePaymentMethod: true }, 422, '157'],
        ['shopperReference a number', { shopperReference: 1234 }, 422, '157'],
        ['storePaymentMethod true with an empty shopperReference', { storePaymentMethod: true, shopperReference: '' }, 422, '157'],
        ['shopperReference blank', { shopperReference: '   ' }, 422, '157'],
        ['shopperInteraction unknown', { shopperInteraction: 'Telepathy' }, 422, '702'],
        ['recurringProcessingModel unknown', { recurringProcessingModel: 'Sometimes' }, 422, '702'],
        ['ContAuth without a stored payment method', { shopperInteraction: 'ContAuth', shopperReference: shopper }, 422, '702'],
        ['lineItems not an array', { lineItems: { id: 'x' } }, 422, '702'],
        ['lineItems with a fractional quantity', { lineItems: [{ id: 'a', quantity: 1.5 }] }, 422, '702'],
        ['metadata not an object', { metadata: 'order=1' }, 422, '702'],
        ['shopperEmail over 320 characters', { shopperEmail: `${'e'.repeat(320)}@x.kr` }, 422, '702'],
        ['a stored method without shopperReference', contAuth({ shopperReference: undefined }), 422, '157'],
        ['a stored method id that is a number', contAuth({ paymentMethod: { type: 'kakaopay', storedPaymentMethodId: 7 } }), 422, '702'],
        [
          'a stored method id that is no token',
          contAuth({ paymentMethod: { type: 'kakaopay', storedPaymentMethodId: 'nope' } }),
          422,
          '803',
        ],
        [
          'a well-formed stored method id that does not exist',
          contAuth({ paymentMethod: { type: 'kakaopay', storedPaymentMethodId: 'WT00000000099999' } }),
          422,
          '803',
        ],
        ['a stored method of another shopperReference', contAuth({ shopperReference: `${shopper}-someone-else` }), 422, '803'],
        // the stored method's own currency is told first (138), before whether the method takes EUR at all
        ['a charge on the stored method in EUR', contAuth(money(9900, 'EUR')), 422, '138', 'validation'],
        ['a charge on the stored method above the maximum', contAuth(money(100_000_001)), 422, '137'],
        ['a charge on the stored method of zero', contAuth(money(0)), 422, '137'],
      ];
      const c = new Checks();
      for (const [label, over, status, code, type] of cases) {
        const res = await w.call('POST', '/v72/payments', { body: payment(`bad-${label}`.slice(0, 80), returnUrl, over) });
        c.error(label, res, status, code, type);
      }
      await c.finish(w);
    });

    it('POST /payments/details: a missing, malformed or unknown redirectResult is 422 / 702', async () => {
      const cases: [string, unknown][] = [
        ['no details', {}],
        ['details a string', { details: 'redirectResult=x' }],
        ['details empty', { details: {} }],
        ['redirectResult a number', { details: { redirectResult: 42 } }],
        ['redirectResult empty', { details: { redirectResult: '' } }],
        ['redirectResult over 512 characters', { details: { redirectResult: 'r'.repeat(513) } }],
        ['an unknown redirectResult', { details: { redirectResult: 'X2Fub3RoZXItcmVkaXJlY3QtcmVzdWx0' } }],
        ['a redirectResult that is a pspReference', { details: { redirectResult: w.fx.paid.psp } }],
        ['a redirectResult with broken percent-encoding', { details: { redirectResult: '%E0%A4%A' } }],
        ['a payload with broken percent-encoding', { details: { payload: 'abc%' } }],
      ];
      const c = new Checks();
      for (const [label, body] of cases) c.error(label, await w.call('POST', '/v72/payments/details', { body }), 422, '702', 'validation');
      await c.finish(w);
    });

    it('POST /paymentMethods: a bad amount, currency, country or shopperReference gets its code', async () => {
      const cases: [string, Record<string, unknown>, string][] = [
        ['amount a string', { amount: '1000' }, '100'],
        ['amount.value missing', { amount: { currency: 'KRW' } }, '137'],
        ['amount.value a string', { amount: { currency: 'KRW', value: '1000' } }, '137'],
        ['amount.value negative', { amount: { currency: 'KRW', value: -1 } }, '137'],
        ['amount.value fractional', { amount: { currency: 'KRW', value: 15000.5 } }, '137'],
        ['amount.value 1e20', { amount: { currency: 'KRW', value: 1e20 } }, '137'],
        ['amount.currency krw', { amount: { currency: 'krw', value: 1000 } }, '138'],
        ['amount.currency missing', { amount: { value: 1000 } }, '138'],
        ['countryCode a number', { countryCode: 82 }, '702'],
        ['countryCode of three letters', { countryCode: 'KOR' }, '702'],
        ['shopperReference a number', { shopperReference: 42 }, '157'],
        ['merchantAccount a number', { merchantAccount: 42 }, '901'],
      ];
      const c = new Checks();
      for (const [label, over, code] of cases) {
        c.error(label, await w.call('POST', '/v72/paymentMethods', { body: { merchantAccount: MERCHANT, ...over } }), 422, code);
      }
      await c.finish(w);
    });

    it('paths and versions walletgate does not serve are 404 in Adyen shape', async () => {
      const body = payment('unknown-path', returnUrl);
      const cases: [string, string][] = [
        ['POST', '/vX/payments'],
        ['POST', '/v/payments'],
        ['POST', '/72/payments'],
        ['POST', '/v72x/payments'],
        ['POST', '/v72/paymentz'],
        ['GET', '/v72/payments'],
        ['PUT', '/v72/payments'],
        ['POST', `/v72/payments/${w.fx.paid.psp}/captures`],
        ['POST', `/v72/payments/${w.fx.paid.psp}/refunds/extra`],
        ['POST', '/v72/sessions'],
        ['POST', '/pal/servlet/Recurring/vX/disable'],
        ['POST', '/pal/servlet/Payment/v68/authorise'],
        ['GET', '/'],
      ];
      const c = new Checks();
      for (const [method, path] of cases) c.error(`${method} ${path}`, await w.call(method, path, method === 'GET' ? {} : { body }), 404);
      // without a key, an unknown path is still an Adyen answer (401 before anything else)
      c.error('no key, unknown version', await w.call('POST', '/vX/payments', { body, key: null }), 401, '000', 'security');
      await c.finish(w);
    });
  });
}
