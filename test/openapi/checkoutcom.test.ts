/**
 * Keeps docs/openapi/checkoutcom.yaml true: its operations are exactly the routes walletgate serves
 * under /checkoutcom, and every answer of a real run over HTTP (KakaoPay payments approved, declined,
 * cancelled, expired and refused at once; recurring charges; refunds, one declined by the wallet; and
 * the error answers) matches the schema the description gives for its operation and status, as does
 * every webhook the merchant receives (all nine types). The validator is shown to bite: a real answer
 * with one thing changed fails. On SQLite and PostgreSQL.
 *
 * Two outcomes the KakaoPay sandbox cannot produce on demand are forced by wrapping the connector: a
 * checkout the wallet refuses to open (POST /payments → 201 Declined) and a refund the wallet declines
 * (payment_refund_declined). Everything else is the real sandbox.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ConnectorError, type Connector, type ConnectorRegistry } from '../../src/core/ports/connector.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import type { ReceivedNotification } from '../helpers/merchant-receiver.js';
import { loadOpenApi, type OpenApiCheck } from '../helpers/openapi-check.js';
import { storeKinds } from '../helpers/stores.js';

const SPEC = fileURLToPath(new URL('../../docs/openapi/checkoutcom.yaml', import.meta.url));
const KEY = DEMO_CHECKOUTCOM.secretKey;
const CHANNEL = DEMO_CHECKOUTCOM.processingChannelId;

/** In the item name: the wrapped connector refuses to open the checkout (→ 201 Declined). */
const REFUSE_CHECKOUT = '[refuse-checkout]';
/** A refund of exactly this amount is declined by the wrapped connector (→ payment_refund_declined). */
const DECLINED_REFUND_AMOUNT = 777;

const EVENT_TYPES = [
  'payment_pending',
  'payment_approved',
  'payment_captured',
  'payment_declined',
  'payment_expired',
  'payment_canceled',
  'payment_refund_pending',
  'payment_refunded',
  'payment_refund_declined',
];

// answers and webhooks are walked by field name
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

interface CallOptions {
  /** a JSON value to send */
  body?: unknown;
  /** sent as it is */
  raw?: string;
  contentType?: string;
  /** the whole Authorization header; default `Bearer <demo key>`; null: none */
  auth?: string | null;
  idempotencyKey?: string;
}

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${process.pid}-${counter}`;
}

/** The real KakaoPay connector, except for the two marked refusals. */
function refusingConnectors(real: ConnectorRegistry): ConnectorRegistry {
  const k = real.kakaopay!;
  const wrapped = Object.create(k) as Connector;
  Object.assign(wrapped, {
    startPayment: async (input: Parameters<Connector['startPayment']>[0]) => {
      if (input.itemName.includes(REFUSE_CHECKOUT)) {
        throw new ConnectorError('invalid', 'KakaoPay error -401: invalid secret key', { providerCode: '-401', httpStatus: 401 });
      }
      return k.startPayment(input);
    },
    refund: async (input: Parameters<Connector['refund']>[0], wallet: Parameters<Connector['refund']>[1]) => {
      if (input.amount === DECLINED_REFUND_AMOUNT) {
        throw new ConnectorError('declined', 'KakaoPay error -721: the refund was refused', { providerCode: '-721', httpStatus: 400 });
      }
      return k.refund(input, wallet);
    },
  });
  return { ...real, kakaopay: wrapped };
}

for (const kind of storeKinds) {
  describe(`OpenAPI description of the Checkout.com API (docs/openapi/checkoutcom.yaml) on ${kind}`, () => {
    let gw: Gateway;
    let api: OpenApiCheck;
    /** Real answers kept for the negative checks. */
    const seen: { captured?: Json; accepted?: Json; refund?: Json } = {};

    before(async () => {
      api = loadOpenApi(SPEC);
      gw = await startGateway(kind, { wrapConnectors: refusingConnectors });
    });
    after(async () => {
      await gw?.close();
    });

    async function call(method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
      const auth = opts.auth === undefined ? `Bearer ${KEY}` : opts.auth;
      const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
      const res = await fetch(`${gw.base}/checkoutcom${path}`, {
        method,
        headers: {
          ...(payload !== undefined ? { 'content-type': opts.contentType ?? 'application/json' } : {}),
          ...(auth !== null ? { authorization: auth } : {}),
          ...(opts.idempotencyKey !== undefined ? { 'cko-idempotency-key': opts.idempotencyKey } : {}),
        },
        ...(payload !== undefined ? { body: payload } : {}),
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      return { status: res.status, headers: res.headers, text, body };
    }

    /**
     * The answer has the expected status and matches the description for `method template` and that
     * status; it names its request in Cko-Request-Id (which an error body repeats as request_id).
     */
    function answer(res: Reply, method: string, template: string, status: number, codes?: string[]): Json {
      assert.equal(res.status, status, `${method} ${template}: expected ${status}, got ${res.status} ${res.text.slice(0, 500)}`);
      api.assertResponse(method, template, res.status, res.body);
      const requestId = res.headers.get('cko-request-id');
      assert.match(requestId ?? '', /^req_[0-9a-f]{20}$/, 'Cko-Request-Id');
      const body = res.body as Json;
      if (status >= 400) {
        assert.equal(body.request_id, requestId, 'request_id is the Cko-Request-Id header');
        if (codes) assert.deepEqual(body.error_codes, codes, res.text);
      } else {
        assert.equal(res.headers.get('cko-version'), '1.0.0');
      }
      return body;
    }

    const shop = () => new URL(gw.receiver.url).origin;

    /** A KakaoPay payment request with every field walletgate reads. */
    function fullRequest(reference: string, over: Json = {}): Json {
      return {
        source: { type: 'kakaopay' },
        amount: 15000,
        currency: 'KRW',
        reference,
        payment_type: 'Regular',
        capture: 'true',
        processing: { terminal_type: 'APP', os_type: 'IOS' },
        success_url: `${shop()}/success?order=${reference}`,
        failure_url: `${shop()}/failure?order=${reference}`,
        customer: { email: `${reference}@shop.example`, name: 'Kim Jiwoo', phone: { country_code: '+82', number: '010-1234-5678' } },
        description: 'Green tea',
        items: [{ reference: 'sku-1', name: 'Green tea', quantity: 1, unit_price: 15000 }],
        shipping: { address: { address_line1: '1 Sejong-daero', city: 'Seoul', zip: '04524', country: 'KR' } },
        metadata: { order_id: 42, channel: 'web' },
        processing_channel_id: CHANNEL,
        ...over,
      };
    }

    /** The webhook of this type for this payment (and action), awaited. */
    async function webhook(type: string, paymentId: string, actionId?: string): Promise<Json> {
      const n = await gw.receiver.waitFor((r) => {
        const j = r.json as Json;
        return j.type === type && j.data?.id === paymentId && (actionId === undefined || j.data?.action_id === actionId);
      });
      return n.json as Json;
    }

    async function getPayment(id: string): Promise<Json> {
      return answer(await call('GET', `/payments/${id}`), 'GET', '/payments/{id}', 200);
    }

    async function getActions(id: string): Promise<Json[]> {
      return answer(await call('GET', `/payments/${id}/actions`), 'GET', '/payments/{id}/actions', 200) as unknown as Json[];
    }

    /** POST /payments for a KakaoPay payment: 202 Pending with a redirect. */
    async function startPayment(body: Json, idempotencyKey?: string): Promise<Json> {
      const p = answer(await call('POST', '/payments', { body, ...(idempotencyKey ? { idempotencyKey } : {}) }), 'POST', '/payments', 202);
      assert.equal(p.status, 'Pending');
      assert.equal(typeof p._links.redirect?.href, 'string');
      return p;
    }

    async function customerDoes(p: Json, action: 'approve' | 'cancel' | 'fail' | 'abandon'): Promise<void> {
      const walked = await gw.customer(p._links.redirect.href, action);
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
    }

    /** A KakaoPay payment the customer approved, once its payment_captured is in. */
    async function paidPayment(over: Json = {}): Promise<Json> {
      const p = await startPayment(fullRequest(unique(`paid-${kind}`), over));
      await customerDoes(p, 'approve');
      await webhook('payment_captured', p.id);
      return p;
    }

    it('describes exactly the routes served under /checkoutcom', () => {
      api.assertRoutesMatch(gw.routes, '/checkoutcom');
    });

    it('a KakaoPay payment: 202 → approved → Captured, actions, list, partial and full refunds (202), then 403', async () => {
      const reference = unique(`flow-${kind}`);
      const body = fullRequest(reference);
      const key = unique('idem');
      const p = await startPayment(body, key);
      assert.equal(p.processing_channel_id, CHANNEL);
      assert.equal(p.customer.email, body.customer.email);
      seen.accepted = p;

      // the same key and body: the first answer again
      const replay = await call('POST', '/payments', { body, idempotencyKey: key });
      assert.deepEqual(answer(replay, 'POST', '/payments', 202), p);
      assert.equal(replay.headers.get('cko-idempotency-replayed'), 'true');
      // the same key, another body: 409
      answer(await call('POST', '/payments', { body: { ...body, amount: 16000 }, idempotencyKey: key }), 'POST', '/payments', 409, [
        'idempotency_key_used_with_different_request',
      ]);

      const pending = await getPayment(p.id);
      assert.equal(pending.status, 'Pending');
      assert.equal(pending._links.redirect.href, p._links.redirect.href);
      assert.deepEqual(pending.processing, { partner_customer_id: body.customer.email, terminal_type: 'APP', os_type: 'IOS' });
      assert.deepEqual(await getActions(p.id), []);
      await webhook('payment_pending', p.id);

      await customerDoes(p, 'approve');
      await webhook('payment_approved', p.id);
      await webhook('payment_captured', p.id);
      const got = await getPayment(p.id);
      assert.equal(got.status, 'Captured');
      assert.equal(got.approved, true);
      assert.deepEqual(got.items, body.items);
      assert.deepEqual(got.shipping, body.shipping);
      assert.deepEqual(got.metadata, body.metadata);
      assert.equal(got.balances.available_to_refund, 15000);
      seen.captured = got;

      const actions = await getActions(p.id);
      assert.deepEqual(
        actions.map((a) => a.type),
        ['Capture', 'Authorization'],
      );

      // the bare key (previous-platform form) is the other security scheme
      const listed = answer(await call('GET', `/payments?reference=${reference}&limit=5&skip=0`, { auth: KEY }), 'GET', '/payments', 200);
      assert.equal(listed.total_count, 1);
      assert.equal(listed.data[0].id, p.id);
      const skipped = answer(await call('GET', `/payments?reference=${reference}&skip=1`), 'GET', '/payments', 200);
      assert.deepEqual(skipped.data, []);

      const refundKey = unique('refund');
      const r1 = answer(
        await call('POST', `/payments/${p.id}/refunds`, {
          body: { amount: 4000, reference: `${reference}-r1`, metadata: { reason: 'one cup' } },
          idempotencyKey: refundKey,
        }),
        'POST',
        '/payments/{id}/refunds',
        202,
      );
      assert.equal(r1.reference, `${reference}-r1`);
      seen.refund = r1;
      answer(
        await call('POST', `/payments/${p.id}/refunds`, { body: { amount: 5000 }, idempotencyKey: refundKey }),
        'POST',
        '/payments/{id}/refunds',
        409,
        ['idempotency_key_used_with_different_request'],
      );
      await webhook('payment_refund_pending', p.id, r1.action_id);
      await webhook('payment_refunded', p.id, r1.action_id);
      const partly = await getPayment(p.id);
      assert.equal(partly.status, 'Partially Refunded');
      assert.equal(partly.balances.available_to_refund, 11000);
      const after1 = await getActions(p.id);
      assert.deepEqual(
        after1.map((a) => [a.type, a.amount]),
        [
          ['Refund', 4000],
          ['Capture', 15000],
          ['Authorization', 15000],
        ],
      );

      // the SDK's payments.refund(id) sends no body: everything left
      const r2 = answer(await call('POST', `/payments/${p.id}/refunds`), 'POST', '/payments/{id}/refunds', 202);
      assert.equal(r2.reference, undefined);
      await webhook('payment_refunded', p.id, r2.action_id);
      const refunded = await getPayment(p.id);
      assert.equal(refunded.status, 'Refunded');
      assert.equal(refunded.balances.total_refunded, 15000);
      assert.equal(refunded._links.refund, undefined);
      answer(await call('POST', `/payments/${p.id}/refunds`, { body: { amount: 1 } }), 'POST', '/payments/{id}/refunds', 403, [
        'refund_not_allowed',
      ]);
    });

    it('declined, canceled and expired in the wallet: GET, actions and the refusal to refund', async () => {
      const outcomes = [
        ['fail', 'Declined', 'payment_declined'],
        ['cancel', 'Canceled', 'payment_canceled'],
        ['abandon', 'Expired', 'payment_expired'],
      ] as const;
      for (const [action, status, event] of outcomes) {
        const p = await startPayment(fullRequest(unique(`${action}-${kind}`), { processing: { terminal_type: 'WEB' } }));
        await customerDoes(p, action);
        await webhook(event, p.id);
        const got = await getPayment(p.id);
        assert.equal(got.status, status);
        assert.equal(got.approved, false);
        const actions = await getActions(p.id);
        assert.deepEqual(
          actions.map((a) => [a.type, a.approved, a.response_code]),
          status === 'Declined' ? [['Authorization', false, '20005']] : [],
        );
        answer(await call('POST', `/payments/${p.id}/refunds`, { body: { amount: 100 } }), 'POST', '/payments/{id}/refunds', 403, [
          'refund_not_allowed',
        ]);
      }
    });

    it('a checkout KakaoPay will not open: 201 Declined with no redirect, then payment_declined', async () => {
      const res = await call('POST', '/payments', {
        body: fullRequest(unique(`refused-${kind}`), { description: `Tea ${REFUSE_CHECKOUT}` }),
      });
      const p = answer(res, 'POST', '/payments', 201);
      assert.equal(p.status, 'Declined');
      assert.equal(p.approved, false);
      assert.equal(p.response_code, '20005');
      assert.match(p.response_summary, /invalid secret key/);
      await webhook('payment_declined', p.id);
      const got = await getPayment(p.id);
      assert.equal(got.status, 'Declined');
      assert.equal(got._links.redirect, undefined);
    });

    it('recurring: the src_ id on GET once agreed; charges on it answer 202 Pending and settle Captured or Declined', async () => {
      const email = `${unique('subscriber')}@shop.example`;
      const first = await startPayment(
        fullRequest(unique(`sub-${kind}`), { payment_type: 'Recurring', customer: { email }, processing: { terminal_type: 'WEB' } }),
      );
      assert.match(first.source?.id ?? '', /^src_[a-z2-7]{26}$/, 'the 202 names the src_ the payment opens, as seed 002');
      await customerDoes(first, 'approve');
      const captured = await webhook('payment_captured', first.id);
      assert.match(captured.data.source.id ?? '', /^src_[a-z2-7]{26}$/, 'the first payment’s payment_captured names the src_ it stored');
      const agreed = await getPayment(first.id);
      assert.match(agreed.source.id ?? '', /^src_[a-z2-7]{26}$/);

      const charge = answer(
        await call('POST', '/payments', {
          body: {
            source: { type: 'id', id: agreed.source.id },
            amount: 4400,
            currency: 'KRW',
            reference: unique('charge'),
            payment_type: 'Recurring',
          },
          idempotencyKey: unique('mit'),
        }),
        'POST',
        '/payments',
        202,
      );
      assert.deepEqual(charge.source, { id: agreed.source.id, type: 'kakaopay' });
      assert.equal(charge.customer.id, first.customer.id);
      assert.equal(charge._links.redirect, undefined);
      const chargeCaptured = await webhook('payment_captured', charge.id);
      assert.equal(chargeCaptured.data.source.id, agreed.source.id);
      const charged = await getPayment(charge.id);
      assert.equal(charged.status, 'Captured');
      assert.equal(charged.source.id, agreed.source.id);
      await getActions(charge.id);

      // only the id: the SDK fills in type "id", walletgate does too; the sandbox declines "[decline]"
      const declined = answer(
        await call('POST', '/payments', {
          body: {
            source: { id: agreed.source.id },
            amount: 3000,
            currency: 'KRW',
            reference: unique('decl'),
            description: 'Box [decline]',
          },
        }),
        'POST',
        '/payments',
        202,
      );
      await webhook('payment_declined', declined.id);
      const got = await getPayment(declined.id);
      assert.equal(got.status, 'Declined');
      assert.deepEqual(
        (await getActions(declined.id)).map((a) => [a.type, a.approved]),
        [['Authorization', false]],
      );
      const list = answer(await call('GET', `/payments?reference=${agreed.reference}`), 'GET', '/payments', 200);
      assert.equal(list.data[0].source.id, undefined, 'a first payment listed carries no src_');
    });

    it('a refund the wallet declines: 202, payment_refund_pending then payment_refund_declined; nothing refunded', async () => {
      const p = await paidPayment();
      const r = answer(
        await call('POST', `/payments/${p.id}/refunds`, { body: { amount: DECLINED_REFUND_AMOUNT, reference: 'declined-refund' } }),
        'POST',
        '/payments/{id}/refunds',
        202,
      );
      await webhook('payment_refund_pending', p.id, r.action_id);
      const declined = await webhook('payment_refund_declined', p.id, r.action_id);
      assert.equal(declined.data.response_code, '20005');
      const got = await getPayment(p.id);
      assert.equal(got.status, 'Captured');
      assert.equal(got.balances.available_to_refund, 15000);
      const refundAction = (await getActions(p.id)).find((a) => a.id === r.action_id);
      assert.equal(refundAction?.approved, false);
    });

    it('error answers: 401, 404, 409, 413, 415, 422 and 403, each in the shape described for its operation', async () => {
      const paid = await paidPayment();
      const pending = await startPayment(fullRequest(unique(`pending-${kind}`)));
      const madeUp = 'pay_sxzrgliy2w3e5gpnby3chlswwq'; // Checkout.com's own example id: not one walletgate made
      const wrongKey = 'Bearer sk_sbox_wrongwrongwrongwrongwrongwro2';
      const good = fullRequest(unique(`errors-${kind}`));

      // 401
      answer(await call('POST', '/payments', { body: good, auth: null }), 'POST', '/payments', 401, ['api_key_required']);
      answer(await call('POST', '/payments', { body: good, auth: wrongKey }), 'POST', '/payments', 401, ['api_key_invalid']);
      answer(await call('GET', '/payments?reference=x', { auth: null }), 'GET', '/payments', 401, ['api_key_required']);
      answer(await call('GET', `/payments/${paid.id}`, { auth: wrongKey }), 'GET', '/payments/{id}', 401, ['api_key_invalid']);
      answer(await call('GET', `/payments/${paid.id}/actions`, { auth: null }), 'GET', '/payments/{id}/actions', 401, ['api_key_required']);
      answer(await call('POST', `/payments/${paid.id}/refunds`, { auth: wrongKey }), 'POST', '/payments/{id}/refunds', 401, [
        'api_key_invalid',
      ]);

      // 404
      answer(await call('GET', `/payments/${madeUp}`), 'GET', '/payments/{id}', 404, ['payment_not_found']);
      answer(await call('GET', `/payments/${madeUp}/actions`), 'GET', '/payments/{id}/actions', 404, ['payment_not_found']);
      answer(await call('POST', `/payments/${madeUp}/refunds`, { body: { amount: 1 } }), 'POST', '/payments/{id}/refunds', 404, [
        'payment_not_found',
      ]);
      answer(
        await call('GET', `/payments/${paid.id.replace('pay_', 'act_')}`), // another kind of id
        'GET',
        '/payments/{id}',
        404,
        ['payment_not_found'],
      );

      // 413, 415
      const big = JSON.stringify({ ...good, metadata: { pad: 'x'.repeat(300 * 1024) } });
      answer(await call('POST', '/payments', { raw: big }), 'POST', '/payments', 413, ['request_body_too_large']);
      answer(await call('POST', `/payments/${paid.id}/refunds`, { raw: big }), 'POST', '/payments/{id}/refunds', 413, [
        'request_body_too_large',
      ]);
      answer(await call('POST', '/payments', { raw: JSON.stringify(good), contentType: 'text/plain' }), 'POST', '/payments', 415, [
        'content_type_invalid',
      ]);
      answer(
        await call('POST', `/payments/${paid.id}/refunds`, { raw: '{"amount":1}', contentType: 'application/x-www-form-urlencoded' }),
        'POST',
        '/payments/{id}/refunds',
        415,
        ['content_type_invalid'],
      );

      // 422 on POST /payments
      const { amount: _amount, ...noAmount } = good;
      const bad: [string, unknown, string][] = [
        ['no amount', noAmount, 'amount_required'],
        ['a fractional amount', { ...good, amount: 100.5 }, 'amount_invalid'],
        ['above KakaoPay’s limit', { ...good, amount: 100_000_001 }, 'amount_invalid'],
        ['a lower-case currency', { ...good, currency: 'krw' }, 'currency_invalid'],
        ['USD', { ...good, currency: 'USD' }, 'currency_not_supported'],
        ['capture false', { ...good, capture: false }, 'capture_not_supported'],
        ['a card source', { ...good, source: { type: 'card' } }, 'payment_source_type_invalid'],
        ['no source', { ...good, source: undefined }, 'source_required'],
        ['a reference of 81 characters', { ...good, reference: 'r'.repeat(81) }, 'reference_invalid'],
        ['an unknown terminal type', { ...good, processing: { terminal_type: 'KIOSK' } }, 'processing_terminal_type_invalid'],
        ['an unknown payment type', { ...good, payment_type: 'Sometimes' }, 'payment_type_invalid'],
        ['a malformed customer id', { ...good, customer: { id: 'cus_aaaaaaaaaaaaaaaaaaaaaaaaaa' } }, 'customer_id_invalid'],
        ['a malformed e-mail', { ...good, customer: { email: 'not-an-email' } }, 'customer_email_invalid'],
        ['another processing channel', { ...good, processing_channel_id: 'pc_someoneelse' }, 'processing_channel_id_invalid'],
        ['a success_url that is no URL', { ...good, success_url: 'shop/success' }, 'success_url_invalid'],
        ['a made-up src_', { ...good, source: { type: 'id', id: 'src_aaaaaaaaaaaaaaaaaaaaaaaaaa' } }, 'source_id_invalid'],
        ['an array', [good], 'request_body_invalid'],
      ];
      for (const [, body, code] of bad) answer(await call('POST', '/payments', { body }), 'POST', '/payments', 422, [code]);
      answer(await call('POST', '/payments', { raw: '{"amount":' }), 'POST', '/payments', 422, ['request_body_malformed']);
      answer(await call('POST', '/payments', { body: good, idempotencyKey: 'k'.repeat(256) }), 'POST', '/payments', 422, [
        'idempotency_key_invalid',
      ]);

      // 422 on the other routes
      answer(await call('GET', '/payments'), 'GET', '/payments', 422, ['reference_invalid']);
      answer(await call('GET', '/payments?reference=x&limit=0'), 'GET', '/payments', 422, ['limit_invalid']);
      answer(await call('GET', '/payments?reference=x&skip=-1'), 'GET', '/payments', 422, ['skip_invalid']);
      answer(await call('GET', '/payments/%zz'), 'GET', '/payments/{id}', 422, ['request_url_invalid']);
      answer(await call('GET', '/payments/%zz/actions'), 'GET', '/payments/{id}/actions', 422, ['request_url_invalid']);
      answer(await call('POST', `/payments/${paid.id}/refunds`, { body: { amount: 15001 } }), 'POST', '/payments/{id}/refunds', 422, [
        'refund_amount_exceeds_balance',
      ]);
      answer(await call('POST', `/payments/${paid.id}/refunds`, { body: { amount: 0 } }), 'POST', '/payments/{id}/refunds', 422, [
        'amount_invalid',
      ]);

      // 403: nothing to refund yet
      answer(await call('POST', `/payments/${pending.id}/refunds`, { body: { amount: 100 } }), 'POST', '/payments/{id}/refunds', 403, [
        'refund_not_allowed',
      ]);
    });

    it('the validator bites: a real answer with one thing changed does not match', async () => {
      const { captured, accepted, refund } = seen;
      assert.ok(captured && accepted && refund, 'the payment flow ran first');
      const [hook] = gw.receiver.received.filter((n) => (n.json as Json).type === 'payment_captured');
      assert.ok(hook);
      const event = hook.json as Json;
      const copy = <T>(x: T): T => structuredClone(x);
      const fails = (fn: () => void, what: string) => assert.throws(fn, assert.AssertionError, what);

      // the originals pass
      api.assertResponse('GET', '/payments/{id}', 200, captured);
      api.assertResponse('POST', '/payments', 202, accepted);
      api.assertWebhook('payment_captured', event);

      const details = (change: (b: Json) => void, what: string) => {
        const b = copy(captured);
        change(b);
        fails(() => api.assertResponse('GET', '/payments/{id}', 200, b), what);
      };
      details((b) => (b.status = 'Bogus'), 'an unknown status');
      details((b) => (b.surprise = true), 'a field the description does not have');
      details((b) => (b.balances.total_voided = 5), 'a void balance KakaoPay never has');
      details((b) => delete b.balances.available_to_refund, 'a balance missing');
      details((b) => (b.approved = false), 'Captured yet not approved');
      details((b) => (b.id = 'pay_123'), 'a malformed payment id');
      details((b) => (b.source = { type: 'card' }), 'another source type');
      details((b) => (b._links.redirect = { href: 'http://x.example/pay' }), 'a redirect on a paid payment');
      details((b) => (b.amount = '15000'), 'an amount as a string');

      const created = (change: (b: Json) => void, what: string) => {
        const b = copy(accepted);
        change(b);
        fails(() => api.assertResponse('POST', '/payments', 202, b), what);
      };
      created((b) => delete b._links.redirect, 'a KakaoPay 202 without its redirect');
      created((b) => (b.status = 'Captured'), 'a 202 that is not Pending');
      created((b) => (b.approved = true), 'approved on a 202');
      created((b) => delete b.customer, 'a 202 without its customer');
      fails(() => api.assertResponse('POST', '/payments', 201, accepted), 'a Pending payment answered 201');
      fails(() => api.assertResponse('GET', '/payments/{id}', 201, captured), 'a status the operation does not describe');
      fails(
        () => api.assertResponse('POST', '/payments/{id}/refunds', 202, { ...refund, status: 'Pending' }),
        'an extra field on a refund',
      );

      const error = { request_id: 'req_0123456789abcdef0123', error_type: 'unauthorized', error_codes: ['api_key_invalid'] };
      api.assertResponse('GET', '/payments/{id}', 401, error);
      fails(() => api.assertResponse('GET', '/payments/{id}', 401, { ...error, message: 'Unauthorized' }), 'a message field');
      fails(() => api.assertResponse('GET', '/payments/{id}', 401, { ...error, error_codes: [] }), 'no error code');
      fails(() => api.assertResponse('GET', '/payments/{id}', 401, { ...error, error_type: 'request_invalid' }), 'another error type');
      fails(() => api.assertResponse('GET', '/payments/{id}', 404, { ...error, error_type: 'nope' }), 'an unknown error type');

      const hooked = (name: string, change: (b: Json) => void, what: string) => {
        const b = copy(event);
        change(b);
        fails(() => api.assertWebhook(name, b), what);
      };
      hooked('payment_pending', () => undefined, 'a payment_captured body as payment_pending');
      hooked('payment_captured', (b) => (b.data.card = '4242'), 'a field the event data does not have');
      hooked('payment_captured', (b) => delete b.data.action_id, 'a capture without its action');
      hooked('payment_captured', (b) => (b.data.response_code = '20005'), 'a captured event with a decline code');
      hooked('payment_captured', (b) => (b.id = 'evt_1'), 'a malformed event id');
    });

    it('every webhook received is signed and matches the description; all nine types were sent', async () => {
      const signedOk = (n: ReceivedNotification) => {
        const header = n.headers['cko-signature'];
        if (typeof header !== 'string' || !/^[0-9a-f]{64}$/.test(header)) return false;
        const expected = createHmac('sha256', DEMO_CHECKOUTCOM.webhookSignatureKey).update(n.body, 'utf8').digest();
        return timingSafeEqual(expected, Buffer.from(header, 'hex'));
      };
      assert.ok(gw.receiver.received.length > 0);
      for (const n of gw.receiver.received) {
        const json = n.json as Json;
        assert.ok(signedOk(n), `Cko-Signature is the HMAC-SHA256 of the body: ${n.body.slice(0, 200)}`);
        assert.match(String(n.headers['x-walletgate-notification-id']), /^[0-9]+$/);
        api.assertWebhook(String(json.type), json);
      }
      const types = new Set(gw.receiver.received.map((n) => String((n.json as Json).type)));
      assert.deepEqual([...types].sort(), [...EVENT_TYPES].sort());
    });
  });
}
