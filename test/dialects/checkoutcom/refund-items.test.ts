/**
 * Checkout.com refunds by `items` (docs/dialects/checkoutcom.md, ADR 0019): a KakaoPay payment of two
 * priced items, approved in the sandbox; a refund naming one item without an amount refunds its
 * value; more units than are left, an item the payment does not have, an amount other than the items'
 * value and malformed items are 422 in Checkout.com's envelope, and nothing is stored. On SQLite and
 * PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CHECKOUTCOM } from '../../../src/dialects/checkoutcom/demo.js';
import { parseId } from '../../../src/dialects/checkoutcom/ids.js';
import { startGateway, type Gateway } from '../../helpers/gateway-harness.js';
import { storeKinds } from '../../helpers/stores.js';
import { kakaoPay } from './bad-input-support.js';

for (const kind of storeKinds) {
  describe(`Checkout.com refunds by items on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => gw.close());

    let n = 0;
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${gw.base}/checkoutcom${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${DEMO_CHECKOUTCOM.secretKey}`,
          'content-type': 'application/json',
          'cko-idempotency-key': `items-${kind}-${(n += 1)}`,
        },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      // answers are walked by field name
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return { status: res.status, text, json: JSON.parse(text) as Record<string, any> };
    };

    it('a refund names the payment’s items; its amount is theirs; wrong items are 422 and store nothing', async () => {
      const reference = `items-${kind}-${Date.now()}`;
      const items = [
        { reference: 'tea-1', name: 'Green tea', quantity: 2, unit_price: 5000 },
        { reference: 'cup-1', name: 'Cup', quantity: 1, unit_price: 5000 },
      ];
      const created = await call('/payments', kakaoPay(reference, 'https://shop.example/return', { items }));
      assert.equal(created.status, 202, created.text);
      const walked = await gw.customer(created.json._links.redirect.href, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      const payId = created.json.id as string;
      const paymentId = parseId('payment', payId)!;
      const stored = () => gw.services.store.refunds.listByPayment('demo', paymentId);

      const one = await call(`/payments/${payId}/refunds`, { reference: 'one-tea', items: [{ reference: 'tea-1', quantity: 1 }] });
      assert.equal(one.status, 202, one.text);
      const [first] = await stored();
      assert.equal(first!.amount, 5000, "no amount: the item's value");
      assert.deepEqual(first!.articles, [{ merchantArticleId: 'tea-1', quantity: 1, name: null, price: null }]);

      const refused: [string, unknown, string][] = [
        ['more units than are left', { items: [{ reference: 'tea-1', quantity: 2 }] }, 'item_quantity_exceeds_balance'],
        ['an item the payment does not have', { items: [{ reference: 'mug-1', quantity: 1 }] }, 'item_reference_invalid'],
        [
          "an amount other than the items' value",
          { amount: 4000, items: [{ reference: 'cup-1', quantity: 1 }] },
          'amount_does_not_match_items',
        ],
        ['items that are not a list', { items: 'tea-1' }, 'items_invalid'],
        ['an item that is not an object', { items: [1] }, 'items_invalid'],
        ['an item without reference', { items: [{ quantity: 1 }] }, 'items_reference_required'],
        ['an empty reference', { items: [{ reference: '', quantity: 1 }] }, 'items_reference_invalid'],
        ['an item without quantity', { items: [{ reference: 'tea-1' }] }, 'items_quantity_required'],
        ['a zero quantity', { items: [{ reference: 'tea-1', quantity: 0 }] }, 'items_quantity_invalid'],
        ['a fractional quantity', { items: [{ reference: 'tea-1', quantity: 1.5 }] }, 'items_quantity_invalid'],
        ['a huge quantity', { items: [{ reference: 'tea-1', quantity: 1e300 }] }, 'items_quantity_invalid'],
      ];
      for (const [what, body, code] of refused) {
        const res = await call(`/payments/${payId}/refunds`, body);
        assert.equal(res.status, 422, `${what}: ${res.text}`);
        assert.deepEqual([res.json.error_type, res.json.error_codes], ['request_invalid', [code]], what);
      }
      assert.equal((await stored()).length, 1, 'nothing stored for a refusal');

      const rest = await call(`/payments/${payId}/refunds`, {
        amount: 10000,
        items: [
          { reference: 'tea-1', quantity: 1 },
          { reference: 'cup-1', quantity: 1 },
        ],
      });
      assert.equal(rest.status, 202, rest.text);
      const payment = await gw.services.store.payments.getById(paymentId);
      assert.equal(payment!.status, 'refunded');
    });
  });
}
