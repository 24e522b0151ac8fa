/**
 * The Alipay+ wallets through ecommpay's Gate, one dialect for all: `/v2/payment/wallet/{method}/sale`
 * with ecommpay-style method names, the same callbacks (payment.method is the name the sale used),
 * approved in the Alipay+ sandbox, refunded in part on `/v2/payment/{method}/refund`. On SQLite and
 * PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uniquePaymentKey } from '../../src/dialects/ecommpay/extras.js';
import { PROJECT, callbackOf, customerDoes, ecpGatewayFor, gate, kinds, refundBody, sale, saleBody, unique } from './ecommpay-support.js';

/** ecommpay's method name, walletgate's method code, a currency it takes, an amount in its smallest unit. */
const WALLETS: readonly [method: string, core: string, currency: string, amount: number][] = [
  ['gcash', 'gcash', 'PHP', 49_900],
  ['dana', 'dana', 'IDR', 150_000],
  ['truemoney', 'truemoney', 'THB', 35_000],
  ['touchngo', 'tng', 'MYR', 2590],
  ['alipayhk', 'alipay_hk', 'HKD', 12_800],
  ['alipay', 'alipay_cn', 'CNY', 8800],
];

for (const kind of kinds) {
  describe(`ecommpay Gate: the Alipay+ wallets on ${kind}`, () => {
    const t = ecpGatewayFor(kind);

    for (const [method, core, currency, amount] of WALLETS) {
      it(`${method} in ${currency}: sale → QR callback → approved in the wallet → success; a partial refund`, async () => {
        const paymentId = unique(`ecp-${method}-${kind}`);
        await sale(t.gw, paymentId, { payment: { amount, currency, description: 'Tea set' } }, method);
        const stored = await t.gw.services.store.payments.getByUniqueReference('demo', uniquePaymentKey(PROJECT, paymentId));
        assert.equal(stored!.connector, 'alipayplus');
        assert.equal(stored!.method, core);

        const waiting = await callbackOf(t.gw, paymentId, 'sale', 'awaiting customer');
        assert.equal(waiting.payment.method, method);
        assert.deepEqual(waiting.payment.sum, { amount, currency });
        await customerDoes(t.gw, waiting.display_data[0].data, 'approve');
        const paid = await callbackOf(t.gw, paymentId, 'sale', 'success');
        assert.equal(paid.payment.method, method);
        assert.deepEqual(paid.operation.sum_initial, { amount, currency });

        const body = refundBody(paymentId);
        body.payment = { description: 'one returned', amount: 100, currency };
        const r = await gate(t.gw, `/v2/payment/${method}/refund`, body);
        assert.equal(r.status, 200, r.text);
        const refunded = await callbackOf(t.gw, paymentId, 'refund', 'success');
        assert.equal(refunded.payment.status, 'partially refunded');
        assert.deepEqual(refunded.payment.sum, { amount: amount - 100, currency });
      });
    }

    it('a wallet in a currency it does not take is refused, nothing stored', async () => {
      const paymentId = unique(`ecp-gcash-krw-${kind}`);
      const r = await gate(t.gw, '/v2/payment/wallet/gcash/sale', saleBody(t.gw, paymentId));
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, '1007');
      assert.equal(await t.gw.services.store.payments.getByUniqueReference('demo', uniquePaymentKey(PROJECT, paymentId)), undefined);
    });
  });
}
