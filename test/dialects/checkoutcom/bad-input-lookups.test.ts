/**
 * Checkout.com dialect, bad input (2/2): payment ids that are not the demo merchant's payments (on
 * GET /payments/{id}, its actions and its refunds), GET /payments without a usable reference or page,
 * refunds with bad amounts or on payments that cannot take them, a second merchant that must neither
 * see nor touch the demo merchant's payments, customers and sources, paths walletgate does not serve
 * and URLs that do not decode. Every answer is Checkout.com's envelope (4xx, never 500), and the store
 * holds afterwards exactly what it held before. On SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ckoId } from '../../../src/dialects/checkoutcom/ids.js';
import { storeKinds } from '../../helpers/stores.js';
import { assertCkoError, assertRequestIdHeader, Checks, kakaoPay, OTHER_CHANNEL, startWorld, type World } from './bad-input-support.js';

const NOT_FOUND = ['payment_not_found'];

for (const kind of storeKinds) {
  describe(`Checkout.com bad input on ${kind}: lookups, lists, refunds, another merchant, URLs`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(kind);
    });
    after(async () => w?.close());

    /** Ids that name no payment of the demo merchant's. */
    const notPayments = (): [string, string][] => {
      const { paid, source } = w.fx;
      return [
        ['pay_x', 'pay_x'],
        ['pay_ and 26 a', `pay_${'a'.repeat(26)}`],
        ['a well-formed pay_ id that was never issued', ckoId('payment', 999999999)],
        ['pay_ id 0', ckoId('payment', 0)],
        ['the largest pay_ id', ckoId('payment', Number.MAX_SAFE_INTEGER)],
        ["the paid payment's authorization action (act_)", ckoId('authorization', paid.id)],
        ["the paid payment's capture action (act_)", ckoId('capture', paid.id)],
        ["the paid payment's number as a refund (act_)", ckoId('refund', paid.id)],
        ['a source id (src_)', source],
        ["the paid payment's customer (cus_)", paid.customerId],
        ['the paid payment id in upper case', paid.payId.toUpperCase()],
        ['the paid payment id with a trailing character', `${paid.payId}a`],
        ['the paid payment id cut short', paid.payId.slice(0, -1)],
        ['the paid payment id with another last character', paid.payId.slice(0, -1) + (paid.payId.endsWith('a') ? 'b' : 'a')],
        ['the core id itself', String(paid.id)],
        ['an id with a space', encodeURIComponent(`${paid.payId} `)],
        ['an empty id', ''],
      ];
    };

    it('GET /payments/{id}, GET /payments/{id}/actions, POST /payments/{id}/refunds: an id that is no payment of ours is 404 payment_not_found', async () => {
      const c = new Checks();
      for (const [label, id] of notPayments()) {
        c.error(`GET ${label}`, await w.call('GET', `/payments/${id}`), 404, NOT_FOUND, 'resource_not_found');
        c.error(`GET actions of ${label}`, await w.call('GET', `/payments/${id}/actions`), 404, NOT_FOUND, 'resource_not_found');
        const refund = await w.call('POST', `/payments/${id}/refunds`, { body: { amount: 100 }, idempotencyKey: `refund-${label}` });
        c.error(`refund ${label}`, refund, 404, NOT_FOUND, 'resource_not_found');
        c.error(`full refund of ${label}`, await w.call('POST', `/payments/${id}/refunds`), 404, NOT_FOUND, 'resource_not_found');
      }
      await c.finish(w);
    });

    it('GET /payments: no usable reference is 422 reference_invalid; a bad limit or skip is 422 limit_invalid / skip_invalid', async () => {
      const c = new Checks();
      const list = (query: string) => w.call('GET', `/payments${query}`);
      const ref = `reference=${w.fx.paid.reference}`;
      const cases: [string, string, string][] = [
        ['no query', '', 'reference_invalid'],
        ['no reference', '?limit=10', 'reference_invalid'],
        ['an empty reference', '?reference=', 'reference_invalid'],
        ['a reference over 80 characters', `?reference=${'r'.repeat(81)}`, 'reference_invalid'],
        ['the reference twice', `?${ref}&reference=other`, 'reference_invalid'],
        ['limit=0', `?${ref}&limit=0`, 'limit_invalid'],
        ['limit=abc', `?${ref}&limit=abc`, 'limit_invalid'],
        ['limit=-1', `?${ref}&limit=-1`, 'limit_invalid'],
        ['limit=1.5', `?${ref}&limit=1.5`, 'limit_invalid'],
        ['limit=101', `?${ref}&limit=101`, 'limit_invalid'],
        ['limit empty', `?${ref}&limit=`, 'limit_invalid'],
        ['limit twice', `?${ref}&limit=1&limit=2`, 'limit_invalid'],
        ['skip=-1', `?${ref}&skip=-1`, 'skip_invalid'],
        ['skip=abc', `?${ref}&skip=abc`, 'skip_invalid'],
        ['skip=1e3', `?${ref}&skip=1e3`, 'skip_invalid'],
      ];
      for (const [label, query, code] of cases) c.error(label, await list(query), 422, [code], 'request_invalid');
      await c.finish(w);
    });

    it('POST /payments/{id}/refunds: a bad amount or field is 422; more than is left is 422; a payment that is not paid is 403', async () => {
      const { paid, pending } = w.fx;
      const c = new Checks();
      const refund = (id: string, body: Record<string, unknown> | undefined, key: string) =>
        w.call('POST', `/payments/${id}/refunds`, { ...(body !== undefined ? { body } : {}), idempotencyKey: `${key}-${kind}` });
      const cases: [string, Record<string, unknown>, string][] = [
        ['amount 0', { amount: 0 }, 'amount_invalid'],
        ['amount "5"', { amount: '5' }, 'amount_invalid'],
        ['amount -5', { amount: -5 }, 'amount_invalid'],
        ['amount 1.5', { amount: 1.5 }, 'amount_invalid'],
        ['amount true', { amount: true }, 'amount_invalid'],
        ['amount 1e20', { amount: 1e20 }, 'amount_invalid'],
        ['reference over 80 characters', { amount: 100, reference: 'r'.repeat(81) }, 'reference_invalid'],
        ['reference a number', { amount: 100, reference: 7 }, 'reference_invalid'],
        ['metadata a string', { amount: 100, metadata: 'x' }, 'metadata_invalid'],
      ];
      for (const [label, body, code] of cases) {
        c.error(label, await refund(paid.payId, body, `bad-refund-${label}`), 422, [code], 'request_invalid');
      }
      c.error('more than was paid', await refund(paid.payId, { amount: 15001 }, 'too-much'), 422, ['refund_amount_exceeds_balance']);
      c.error('body not JSON', await w.call('POST', `/payments/${paid.payId}/refunds`, { raw: '{"amount": 5' }), 422, [
        'request_body_malformed',
      ]);
      const notPaid = ['refund_not_allowed'];
      c.error('on the Pending payment', await refund(pending.payId, { amount: 100 }, 'pending'), 403, notPaid, 'action_not_allowed');
      c.error('in full on the Pending payment', await refund(pending.payId, undefined, 'pending-full'), 403, notPaid);
      c.error('in full on the Pending payment, {}', await refund(pending.payId, {}, 'pending-empty'), 403, notPaid);
      await c.finish(w);
    });

    it("another merchant can neither see nor touch the demo merchant's payments, customers and sources", async () => {
      const { paid, pending, recurring, source, otherKey, keyed } = w.fx;
      const c = new Checks();
      const auth = `Bearer ${otherKey}`;
      let n = 0;
      const as = (method: string, path: string, body?: unknown) =>
        w.call(method, path, { auth, ...(body !== undefined ? { body } : {}), idempotencyKey: `other-${kind}-${(n += 1)}` });
      for (const [label, p] of [
        ['the paid payment', paid],
        ['the Pending payment', pending],
        ['the Recurring payment', recurring],
      ] as const) {
        c.error(`GET ${label}`, await as('GET', `/payments/${p.payId}`), 404, NOT_FOUND, 'resource_not_found');
        c.error(`GET the actions of ${label}`, await as('GET', `/payments/${p.payId}/actions`), 404, NOT_FOUND);
        c.error(`refund ${label}`, await as('POST', `/payments/${p.payId}/refunds`, { amount: 100 }), 404, NOT_FOUND);
        c.error(`refund ${label} in full`, await w.call('POST', `/payments/${p.payId}/refunds`, { auth }), 404, NOT_FOUND);
      }
      const listed = await as('GET', `/payments?reference=${paid.reference}`);
      c.that('GET /payments?reference= of the paid payment lists nothing', () => {
        assert.equal(listed.status, 200, listed.text);
        assertRequestIdHeader(listed);
        assert.equal(listed.json.total_count, 0, listed.text);
        assert.deepEqual(listed.json.data, [], listed.text);
      });
      const pay = (over: Record<string, unknown>) =>
        kakaoPay(`steal-${kind}`, w.returnUrl, { processing_channel_id: OTHER_CHANNEL, ...over });
      c.error(
        "a payment for the demo merchant's customer",
        await as('POST', '/payments', pay({ customer: { id: paid.customerId } })),
        422,
        ['customer_not_found'],
      );
      c.error("a charge on the demo merchant's source", await as('POST', '/payments', pay({ source: { type: 'id', id: source } })), 422, [
        'source_id_invalid',
      ]);
      c.error(
        "a payment naming the demo merchant's processing channel",
        await as('POST', '/payments', pay({ processing_channel_id: keyed.body.processing_channel_id })),
        422,
        ['processing_channel_id_invalid'],
      );
      // and the demo merchant still sees its payment (the 404s above are not vacuous)
      const own = await w.call('GET', `/payments/${paid.payId}`);
      c.that('the demo merchant still reads its payment', () => {
        assert.equal(own.status, 200, own.text);
        assert.equal(own.json.id, paid.payId);
        assert.equal(own.json.customer?.id, paid.customerId);
      });
      await c.finish(w);
    });

    it('paths and methods walletgate does not serve are 404 endpoint_not_found; without a key, 401 first', async () => {
      const { paid } = w.fx;
      const cases: [string, string][] = [
        ['GET', '/'],
        ['GET', '/customers'],
        ['PUT', '/payments'],
        ['DELETE', `/payments/${paid.payId}`],
        ['POST', `/payments/${paid.payId}`],
        ['POST', `/payments/${paid.payId}/captures`],
        ['POST', `/payments/${paid.payId}/voids`],
        ['GET', `/payments/${paid.payId}/refunds`],
        ['POST', `/payments/${paid.payId}/refunds/extra`],
        ['POST', '/tokens'],
        ['POST', '/payment-sessions'],
      ];
      const c = new Checks();
      const body = kakaoPay('unknown-path', w.returnUrl);
      for (const [method, path] of cases) {
        const opts = method === 'GET' || method === 'DELETE' ? {} : { body };
        c.error(`${method} ${path}`, await w.call(method, path, opts), 404, ['endpoint_not_found'], 'resource_not_found');
        c.error(`${method} ${path} without a key`, await w.call(method, path, { ...opts, auth: null }), 401, ['api_key_required']);
      }
      await c.finish(w);
    });

    /** Requests Fastify refuses before routing: a path that does not decode, a path parameter over its 100 characters. */
    const unroutable: [string, string][] = [
      ['GET', '/payments/%E0%A4%A'],
      ['GET', '/payments/%E0%A4%A/actions'],
      ['POST', '/payments/%E0%A4%A/refunds'],
      ['GET', '/payments/%zz'],
      ['POST', '/payments/%/refunds'],
      ['GET', `/payments/${'p'.repeat(600)}`],
      ['POST', `/payments/${'p'.repeat(101)}/refunds`],
    ];
    const callUnroutable = (method: string, path: string, auth: null | undefined) =>
      w.call(method, path, { ...(method === 'POST' ? { body: { amount: 100 } } : {}), ...(auth === null ? { auth } : {}) });

    it('a URL that does not decode, or an over-long id, gets a Checkout.com error naming the request, not a 500', async () => {
      const c = new Checks();
      for (const [method, path] of unroutable) {
        for (const auth of [undefined, null]) {
          const res = await callUnroutable(method, path, auth);
          const label = `${method} ${path.slice(0, 60)}${auth === null ? ' without a key' : ''}`;
          c.that(label, () => assertCkoError(res, 422, ['request_url_invalid'], 'request_invalid'));
        }
      }
      await c.finish(w);
    });

    it('a URL that does not decode, or an over-long id, answers with Cko-Request-Id like every other answer', async () => {
      const c = new Checks();
      for (const [method, path] of unroutable) {
        const res = await callUnroutable(method, path, undefined);
        c.error(`${method} ${path.slice(0, 60)}`, res, 422, ['request_url_invalid'], 'request_invalid');
      }
      await c.finish(w);
    });
  });
}
