/**
 * Adyen refunds by `lineItems` (docs/dialects/adyen.md, ADR 0019): a KakaoPay payment of two priced
 * line items, approved in the sandbox; a refund naming one of them at its value is received; more
 * units than are left, an id the payment does not have, an amount other than the items' value and
 * malformed line items are 422 in Adyen's envelope, and nothing is stored. On SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ADYEN } from '../../../src/dialects/adyen/demo.js';
import { startGateway, type Gateway } from '../../helpers/gateway-harness.js';
import { storeKinds } from '../../helpers/stores.js';
import { payment } from './bad-input-support.js';

for (const kind of storeKinds) {
  describe(`Adyen refunds by lineItems on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => gw.close());

    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${gw.base}/adyen${path}`, {
        method: 'POST',
        headers: { 'x-api-key': DEMO_ADYEN.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      // answers are walked by field name
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return { status: res.status, text, json: JSON.parse(text) as Record<string, any> };
    };

    it('a refund names the payment’s line items at their value; wrong line items are 422 and store nothing', async () => {
      const reference = `lines-${kind}-${Date.now()}`;
      const lineItems = [
        { id: 'tea-1', description: 'Green tea', quantity: 2, amountIncludingTax: 5000 },
        { id: 'cup-1', description: 'Cup', quantity: 1, amountIncludingTax: 5000 },
      ];
      const started = await call('/v72/payments', payment(reference, 'https://shop.example/return', { lineItems }));
      assert.equal(started.status, 200, started.text);
      const walked = await gw.customer(started.json.action.url, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      const redirectResult = new URL(String(walked.json.finalUrl)).searchParams.get('redirectResult');
      const details = await call('/v72/payments/details', { details: { redirectResult } });
      assert.equal(details.json.resultCode, 'Authorised', details.text);
      const psp = started.json.pspReference as string;
      const [row] = (await gw.services.store.payments.list('demo', { reference }, { index: 1, size: 1 })).items;
      const stored = () => gw.services.store.refunds.listByPayment('demo', row!.id);
      const refund = (value: number, items: unknown) =>
        call(`/v72/payments/${psp}/refunds`, {
          merchantAccount: DEMO_ADYEN.merchantAccount,
          amount: { currency: 'KRW', value },
          lineItems: items,
        });

      const one = await refund(5000, [{ id: 'tea-1', quantity: 1 }]);
      assert.equal(one.status, 201, one.text);
      assert.equal(one.json.status, 'received');
      assert.deepEqual(
        (await stored()).map((r) => [r.amount, r.articles]),
        [[5000, [{ merchantArticleId: 'tea-1', name: null, quantity: 1, price: null }]]],
      );

      const refused: [string, number, unknown, string, RegExp][] = [
        ['more units than are left', 10000, [{ id: 'tea-1', quantity: 2 }], '702', /Article tea-1 of payment \w+: 1 of 2 unit\(s\) left/],
        ['an id the payment does not have', 5000, [{ id: 'mug-1', quantity: 1 }], '702', /Article mug-1 is not an article of payment/],
        ["an amount other than the items' value", 4000, [{ id: 'cup-1', quantity: 1 }], '137', /worth 5000 KRW/],
        ['lineItems not a list', 5000, 'tea-1', '702', /lineItems/],
        ['a line item without id', 5000, [{ quantity: 1 }], '702', /Required field 'lineItems\[0\]\.id'/],
        ['an empty id', 5000, [{ id: '', quantity: 1 }], '702', /lineItems\[0\]\.id/],
        ['a line item without quantity', 5000, [{ id: 'tea-1' }], '702', /Required field 'lineItems\[0\]\.quantity'/],
        ['a zero quantity', 5000, [{ id: 'tea-1', quantity: 0 }], '702', /lineItems\[0\]\.quantity/],
        ['a huge quantity', 5000, [{ id: 'tea-1', quantity: 1e300 }], '702', /lineItems\[0\]\.quantity/],
        ['a negative amountIncludingTax', 5000, [{ id: 'tea-1', quantity: 1, amountIncludingTax: -1 }], '702', /amountIncludingTax/],
      ];
      for (const [what, value, items, code, message] of refused) {
        const res = await refund(value, items);
        assert.equal(res.status, 422, `${what}: ${res.text}`);
        assert.equal(res.json.errorCode, code, `${what}: ${res.text}`);
        assert.match(res.json.message, message, what);
      }
      assert.equal((await stored()).length, 1, 'nothing stored for a refusal');
    });
  });
}
