/**
 * Adyen dialect, bad input (2/2): refunds and cancels on payments that are not ours or cannot take
 * them, stored payment methods and the classic Recurring API with bad or foreign tokens, and a
 * second merchant that must neither see nor touch the demo merchant's payments and tokens.
 * Every answer is Adyen's error envelope (status = HTTP status, 4xx), and the store holds
 * afterwards exactly what it held before. On SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { storeKinds } from '../../helpers/stores.js';
import { Checks, MERCHANT, OTHER_ACCOUNT, startWorld, type World } from './bad-input-support.js';

/** A pspReference of Adyen's own form (16 digits) that walletgate never issued. */
const ADYEN_PSP = '8835511210681234';

for (const kind of storeKinds) {
  describe(`Adyen bad input on ${kind}: refunds, cancels, tokens, another merchant`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(kind);
    });
    after(async () => w?.close());

    const refundBody = (over: Record<string, unknown> = {}) => ({
      merchantAccount: MERCHANT,
      amount: { currency: 'KRW', value: 100 },
      ...over,
    });
    const query = (params: Record<string, string>) => new URLSearchParams({ merchantAccount: MERCHANT, ...params }).toString();

    it('POST /payments/{psp}/refunds on a pspReference that is not a refundable payment of ours is 422 / 167', async () => {
      const { paid, pending, token } = w.fx;
      const c = new Checks();
      const targets: [string, string][] = [
        ['an Adyen pspReference walletgate never issued', ADYEN_PSP],
        ['no pspReference at all', 'not-a-psp-reference'],
        ['payment id 0', 'WP00000000000000'],
        ['a well-formed payment that does not exist', 'WP00000000099999'],
        ["the paid payment's id as a refund pspReference", `WR${paid.psp.slice(2)}`],
        ['a token', token],
        ['a payment still waiting on the shopper', pending.psp],
        ['the paid payment in lower case', paid.psp.toLowerCase()],
      ];
      for (const [label, psp] of targets) {
        c.error(label, await w.call('POST', `/v72/payments/${encodeURIComponent(psp)}/refunds`, { body: refundBody() }), 422, '167');
      }
      await c.finish(w);
    });

    it('POST /payments/{psp}/refunds with a bad amount, currency or reference gets its code and refunds nothing', async () => {
      const c = new Checks();
      const money = (value: unknown, currency: unknown = 'KRW') => ({ amount: { currency, value } });
      const cases: [string, Record<string, unknown>, string][] = [
        ['amount missing', { amount: undefined }, '100'],
        ['amount a number', { amount: 100 }, '100'],
        ['amount.value missing', { amount: { currency: 'KRW' } }, '137'],
        ['amount.value a string', money('100'), '137'],
        ['amount.value negative', money(-100), '137'],
        ['amount.value zero', money(0), '137'],
        ['amount.value fractional', money(100.5), '137'],
        ['amount.value 1e20', money(1e20), '137'],
        ['amount.value above what was paid (15000)', money(15001), '137'],
        ['amount.value above the method maximum', money(100_000_001), '137'],
        ['amount.currency missing', { amount: { value: 100 } }, '138'],
        ['amount.currency krw', money(100, 'krw'), '138'],
        ['amount.currency EUR, not the payment currency', money(100, 'EUR'), '138'],
        ['reference a number', { reference: 42 }, '130'],
        ['reference over 80 characters', { reference: 'r'.repeat(81) }, '130'],
        ['merchantAccount missing', { merchantAccount: undefined }, '901'],
      ];
      for (const [label, over, code] of cases) {
        const body = JSON.parse(JSON.stringify(refundBody(over)));
        c.error(label, await w.call('POST', `/v72/payments/${w.fx.paid.psp}/refunds`, { body }), 422, code);
      }
      await c.finish(w);
    });

    it('POST /payments/{psp}/cancels and POST /cancels on a payment that is not ours or is paid are 422 / 167; bad fields get their code', async () => {
      const { paid, pending } = w.fx;
      const c = new Checks();
      for (const [label, psp] of [
        ['an Adyen pspReference', ADYEN_PSP],
        ['junk', 'junk'],
        ['a well-formed payment that does not exist', 'WP00000000099999'],
        ['a refund pspReference', `WR${pending.psp.slice(2)}`],
        ['a cancel pspReference', `WC${pending.psp.slice(2)}`],
        ['the paid payment (refund it instead)', paid.psp],
      ] as const) {
        c.error(
          `cancels: ${label}`,
          await w.call('POST', `/v72/payments/${psp}/cancels`, { body: { merchantAccount: MERCHANT } }),
          422,
          '167',
        );
      }
      const onPending = `/v72/payments/${pending.psp}/cancels`;
      c.error(
        'cancels: reference a number',
        await w.call('POST', onPending, { body: { merchantAccount: MERCHANT, reference: 7 } }),
        422,
        '130',
      );
      c.error('cancels: merchantAccount a number', await w.call('POST', onPending, { body: { merchantAccount: 7 } }), 422, '901');

      const byRef: [string, Record<string, unknown>, string][] = [
        ['paymentReference missing', {}, '702'],
        ['paymentReference empty', { paymentReference: '' }, '702'],
        ['paymentReference a number', { paymentReference: 12 }, '702'],
        ['paymentReference over 80 characters', { paymentReference: 'p'.repeat(81) }, '702'],
        ['paymentReference unknown', { paymentReference: `no-such-order-${kind}` }, '167'],
        ['paymentReference of the paid payment', { paymentReference: paid.reference }, '167'],
        ['paymentReference a pspReference', { paymentReference: pending.psp }, '167'],
        ['reference a number', { paymentReference: pending.reference, reference: 7 }, '130'],
      ];
      for (const [label, over, code] of byRef) {
        c.error(`/cancels: ${label}`, await w.call('POST', '/v72/cancels', { body: { merchantAccount: MERCHANT, ...over } }), 422, code);
      }
      await c.finish(w);
    });

    it('a pspReference or token id with broken percent-encoding in the path is 400 in Adyen shape', async () => {
      const c = new Checks();
      const body = refundBody();
      for (const [method, path] of [
        ['POST', '/v72/payments/%E0%A4%A/refunds'],
        ['POST', '/v72/payments/%zz/cancels'],
        ['DELETE', `/v72/storedPaymentMethods/%E0%A4%A?${query({ shopperReference: w.fx.shopper })}`],
      ] as const) {
        c.error(`${method} ${path}`, await w.call(method, path, method === 'POST' ? { body } : {}), 400);
      }
      await c.finish(w);
    });

    it('GET and DELETE /storedPaymentMethods: no shopperReference is 422 / 157; an unknown or foreign token is 422 / 803', async () => {
      const { token, shopper, paid } = w.fx;
      const c = new Checks();
      const list = (q: string) => w.call('GET', `/v72/storedPaymentMethods?${q}`);
      c.error('GET without shopperReference', await list(query({})), 422, '157');
      c.error('GET with an empty shopperReference', await list(query({ shopperReference: '' })), 422, '157');
      c.error('GET without merchantAccount', await list(new URLSearchParams({ shopperReference: shopper }).toString()), 422, '901');
      // two shopperReferences: Fastify hands the route an array
      c.error(
        'GET with shopperReference twice',
        await list(`${query({ shopperReference: shopper })}&shopperReference=${shopper}-2`),
        422,
        '157',
      );

      const del = (id: string, q: string) => w.call('DELETE', `/v72/storedPaymentMethods/${encodeURIComponent(id)}?${q}`);
      c.error('DELETE without shopperReference', await del(token, query({})), 422, '157');
      c.error(
        'DELETE without merchantAccount',
        await del(token, new URLSearchParams({ shopperReference: shopper }).toString()),
        422,
        '901',
      );
      c.error(
        'DELETE with shopperReference twice',
        await del(token, `${query({ shopperReference: shopper })}&shopperReference=x`),
        422,
        '157',
      );
      const unknown: [string, string, string][] = [
        ['an id that is no token', 'not-a-token', shopper],
        ['a well-formed token that does not exist', 'WT00000000099999', shopper],
        ['token 0', 'WT00000000000000', shopper],
        ["a payment's pspReference", paid.psp, shopper],
        ['the token in lower case', token.toLowerCase(), shopper],
        ['the token under another shopperReference', token, `${shopper}-someone-else`],
      ];
      for (const [label, id, shopperReference] of unknown) {
        c.error(`DELETE ${label}`, await del(id, query({ shopperReference })), 422, '803');
      }
      await c.finish(w);
    });

    it('the classic Recurring API: no shopperReference is 422 / 157; an unknown or foreign recurringDetailReference is 422 / 803', async () => {
      const { token, shopper } = w.fx;
      const c = new Checks();
      const rec = (op: string, body: Record<string, unknown>) =>
        w.call('POST', `/pal/servlet/Recurring/v68/${op}`, { body: { merchantAccount: MERCHANT, ...body } });
      for (const op of ['listRecurringDetails', 'disable']) {
        c.error(`${op}: shopperReference missing`, await rec(op, {}), 422, '157');
        c.error(`${op}: shopperReference empty`, await rec(op, { shopperReference: '' }), 422, '157');
        c.error(`${op}: shopperReference a number`, await rec(op, { shopperReference: 42 }), 422, '157');
        c.error(`${op}: shopperReference over 256 characters`, await rec(op, { shopperReference: 's'.repeat(257) }), 422, '157');
      }
      const disable: [string, Record<string, unknown>, string][] = [
        ['recurringDetailReference a number', { shopperReference: shopper, recurringDetailReference: 7 }, '702'],
        ['recurringDetailReference that is no token', { shopperReference: shopper, recurringDetailReference: 'nope' }, '803'],
        ['a well-formed token that does not exist', { shopperReference: shopper, recurringDetailReference: 'WT00000000099999' }, '803'],
        ['the token under another shopperReference', { shopperReference: `${shopper}-x`, recurringDetailReference: token }, '803'],
        ['every token of a shopper who has none', { shopperReference: `nobody-${kind}` }, '803'],
      ];
      for (const [label, body, code] of disable) c.error(`disable: ${label}`, await rec('disable', body), 422, code);
      await c.finish(w);
    });

    it("another merchant can neither see nor touch the demo merchant's payments and tokens", async () => {
      const { paid, pending, token, shopper, otherKey } = w.fx;
      const c = new Checks();
      const as = (method: string, path: string, body?: Record<string, unknown>) =>
        w.call(method, path, { key: otherKey, ...(body ? { body: { merchantAccount: OTHER_ACCOUNT, ...body } } : {}) });
      const otherQuery = (params: Record<string, string>) => new URLSearchParams({ merchantAccount: OTHER_ACCOUNT, ...params }).toString();

      c.error(
        'refund the paid payment',
        await as('POST', `/v72/payments/${paid.psp}/refunds`, { amount: { currency: 'KRW', value: 100 } }),
        422,
        '167',
      );
      c.error('cancel the waiting payment', await as('POST', `/v72/payments/${pending.psp}/cancels`, {}), 422, '167');
      c.error('cancel it by reference', await as('POST', '/v72/cancels', { paymentReference: pending.reference }), 422, '167');
      const details = await w.call('POST', '/v72/payments/details', {
        key: otherKey,
        body: { details: { redirectResult: pending.redirectResult } },
      });
      c.error('details of the waiting payment', details, 422, '702');
      c.that('the details answer names nothing of the payment', () => {
        assert.ok(!details.text.includes(pending.psp) && !details.text.includes(pending.reference), details.text);
      });
      const charge = await as('POST', '/v72/payments', {
        reference: `steal-${kind}`,
        amount: { currency: 'KRW', value: 9900 },
        paymentMethod: { type: 'kakaopay', storedPaymentMethodId: token },
        shopperReference: shopper,
        shopperInteraction: 'ContAuth',
        recurringProcessingModel: 'Subscription',
      });
      c.error("a ContAuth charge on the demo merchant's token", charge, 422, '803');
      c.error(
        'DELETE the token',
        await w.call('DELETE', `/v72/storedPaymentMethods/${token}?${otherQuery({ shopperReference: shopper })}`, { key: otherKey }),
        422,
        '803',
      );
      c.error(
        'disable the token',
        await as('POST', '/pal/servlet/Recurring/v68/disable', { shopperReference: shopper, recurringDetailReference: token }),
        422,
        '803',
      );
      c.error(
        'disable every token of the shopper',
        await as('POST', '/pal/servlet/Recurring/v68/disable', { shopperReference: shopper }),
        422,
        '803',
      );

      // what it may ask about the demo merchant's shopper, it sees empty
      const stored = await w.call('GET', `/v72/storedPaymentMethods?${otherQuery({ shopperReference: shopper })}`, { key: otherKey });
      c.that('GET storedPaymentMethods lists nothing', () => {
        assert.equal(stored.status, 200, stored.text);
        assert.deepEqual(stored.json.storedPaymentMethods, [], stored.text);
        assert.equal(stored.json.merchantAccount, OTHER_ACCOUNT);
      });
      const methods = await as('POST', '/v72/paymentMethods', { shopperReference: shopper });
      c.that('paymentMethods lists no stored method', () => {
        assert.equal(methods.status, 200, methods.text);
        assert.deepEqual(methods.json.storedPaymentMethods, [], methods.text);
      });
      const listed = await as('POST', '/pal/servlet/Recurring/v68/listRecurringDetails', { shopperReference: shopper });
      c.that('listRecurringDetails lists nothing', () => {
        assert.equal(listed.status, 200, listed.text);
        assert.deepEqual(listed.json.details, [], listed.text);
        assert.ok(!listed.text.includes(token), listed.text);
      });
      // and the demo merchant still sees its token (the check above is not vacuous)
      const own = await w.call('GET', `/v72/storedPaymentMethods?${query({ shopperReference: shopper })}`);
      c.that('the demo merchant still lists its token', () => {
        assert.equal(own.status, 200, own.text);
        assert.deepEqual(
          own.json.storedPaymentMethods.map((m: { id: string }) => m.id),
          [token],
        );
      });
      await c.finish(w);
    });
  });
}
