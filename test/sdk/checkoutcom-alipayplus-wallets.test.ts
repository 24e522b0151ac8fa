/**
 * checkout-sdk-node → walletgate: the Alipay+ wallets' source types, each paid once in its own
 * currency (KakaoPay also in Hong Kong and Singapore dollars, through Alipay+), approved in the
 * sandbox wallet and captured; a wallet in a currency it does not take is Checkout.com's
 * `currency_not_supported`, and `alipay_plus` (Alipay+'s wallet chooser) asks for the wallet's own
 * type. On SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHANNEL,
  ckoGatewayFor,
  customerDoes,
  kinds,
  rejectsWith,
  shopUrls,
  startPayment,
  unique,
  webhook,
  webhookTypes,
  type Json,
} from './checkoutcom-support.js';
import { parseId } from '../../src/dialects/checkoutcom/ids.js';

/** source.type, its currency, an amount in that currency's minor units. */
const WALLETS: readonly [type: string, currency: string, amount: number][] = [
  ['kakaopay', 'HKD', 1550],
  ['kakaopay', 'SGD', 990],
  ['alipay_hk', 'HKD', 12_800],
  ['dana', 'IDR', 150_000],
  ['gcash', 'PHP', 49_900],
  ['truemoney', 'THB', 35_000],
  ['tng', 'MYR', 2590],
  ['alipay_cn', 'CNY', 8800],
];

/** A one-time payment, as seed 002 writes one, for this source type. */
function walletRequest(
  urls: { success_url: string; failure_url: string },
  reference: string,
  type: string,
  currency: string,
  amount: number,
) {
  return {
    amount,
    currency,
    source: { type },
    processing: { terminal_type: 'WEB' },
    ...urls,
    payment_type: 'Regular',
    reference,
    capture: true,
    customer: { email: `${reference}@shop.example` },
    items: [{ reference: 'item-1', name: 'Tea set', unit_price: amount, quantity: 1 }],
    processing_channel_id: CHANNEL,
  };
}

for (const kind of kinds) {
  describe(`checkout-sdk-node → walletgate: the Alipay+ wallets on ${kind}`, () => {
    const t = ckoGatewayFor(kind);

    for (const [type, currency, amount] of WALLETS) {
      it(`${type} in ${currency}: 202 Pending → approved in the wallet → Captured, answered as source.type ${type}`, async () => {
        const reference = unique(`${type}-${currency}`);
        const body = walletRequest(shopUrls(t.gw, reference), reference, type, currency, amount);
        const p = await startPayment(t.cko, body);
        const stored = await t.gw.services.store.payments.getById(parseId('payment', p.id)!);
        assert.equal(stored!.connector, 'alipayplus', `${type} in ${currency} goes through Alipay+`);
        assert.equal(stored!.method, type, 'the source type is the method code');

        const finalUrl = await customerDoes(t.gw, p.redirectLink, 'approve');
        assert.equal(finalUrl, `${body.success_url}&cko-payment-id=${p.id}`);
        const captured = await webhook(t.gw, 'payment_captured', p.id);
        assert.equal(captured.data.amount, amount);
        assert.equal(captured.data.currency, currency);
        assert.deepEqual(captured.data.source, { type });
        assert.deepEqual(webhookTypes(t.gw, p.id), ['payment_pending', 'payment_approved', 'payment_captured']);

        const got: Json = await t.cko.payments.get(p.id);
        assert.equal(got.status, 'Captured');
        assert.equal(got.approved, true);
        assert.equal(got.amount, amount);
        assert.equal(got.currency, currency);
        assert.deepEqual(got.source, { type });
        assert.equal(got.balances.total_captured, amount);
        assert.equal(got.balances.available_to_refund, amount);
      });
    }

    it('a wallet in a currency it does not take: 422 currency_not_supported, as Checkout.com writes it', async () => {
      const urls = shopUrls(t.gw, 'x');
      for (const [type, currency] of [
        ['alipay_hk', 'PHP'],
        ['dana', 'USD'],
        ['gcash', 'HKD'],
        ['truemoney', 'IDR'],
        ['tng', 'THB'],
        ['alipay_cn', 'MYR'],
        ['kakaopay', 'USD'],
      ] as const) {
        const body = await rejectsWith(
          t.cko.payments.request(walletRequest(urls, unique('wrong'), type, currency, 1000)),
          'ValidationError',
          422,
          'currency_not_supported',
        );
        assert.deepEqual(Object.keys(body).sort(), ['error_codes', 'error_type', 'request_id'], JSON.stringify(body));
        assert.equal(body.error_type, 'request_invalid');
        assert.deepEqual(body.error_codes, ['currency_not_supported'], `${type} in ${currency}`);
      }
    });

    it("alipay_plus, Alipay+'s own wallet chooser: 422, asking for the wallet's own source.type", async () => {
      const body = await rejectsWith(
        t.cko.payments.request(walletRequest(shopUrls(t.gw, 'x'), unique('aps'), 'alipay_plus', 'HKD', 1000)),
        'ValidationError',
        422,
        'alipay_plus_wallet_type_required',
      );
      assert.deepEqual(body.error_codes, ['payment_source_type_invalid', 'alipay_plus_wallet_type_required']);
    });
  });
}
