/**
 * ADR 0050: an ecommpay sale's payment is its idempotency record. The same sale sent again while
 * the first is still under way (its wallet call stalled) is answered at once, with the first
 * answer's request_id, and makes nothing; the first, once it goes on, answers the same.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout } from 'node:timers/promises';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { heldCheckout } from '../helpers/held-checkout.js';
import { uniquePaymentKey } from '../../src/dialects/ecommpay/extras.js';
import { PROJECT, gate, kinds, saleBody, signedBody, unique } from './ecommpay-support.js';

for (const kind of kinds) {
  describe(`an ecommpay sale sent again while the first is under way (${kind})`, () => {
    let gw: Gateway;
    /** held, the wallet's checkout call waits */
    const checkout = heldCheckout();
    before(async () => {
      gw = await startGateway(kind, { workers: false, wrapConnectors: checkout.wrapConnectors });
    });
    after(() => gw.close());

    it('is answered at once with the first answer, and the first, let go, answers the same: one payment', async () => {
      const paymentId = unique(`ecp-under-way-${kind}`);
      const body = signedBody(saleBody(gw, paymentId));
      checkout.hold();
      const first = gate(gw, '/v2/payment/wallet/kakaopay/sale', body, { sign: false });
      // the payment is written before the wallet is asked
      const ref = uniquePaymentKey(PROJECT, paymentId);
      for (const deadline = Date.now() + 10_000; !(await gw.services.store.payments.getByUniqueReference('demo', ref));) {
        assert.ok(Date.now() < deadline, 'the first sale wrote its payment');
        await setTimeout(10); // SQLite answers synchronously: let the server's request run between looks
      }
      const again = await gate(gw, '/v2/payment/wallet/kakaopay/sale', body, { sign: false });
      assert.equal(again.status, 200, again.text);
      const waiting = await gw.services.store.payments.getByUniqueReference('demo', ref);
      assert.equal(waiting!.status, 'created', 'answered while the first had not reached the wallet');
      assert.equal(again.json.request_id, waiting!.extras.requestId, "the first request's request_id");
      checkout.release();
      const answered = await first;
      assert.equal(answered.status, 200, answered.text);
      assert.equal(answered.text, again.text);
      const list = await gw.services.store.payments.list('demo', { dialect: 'ecommpay', reference: paymentId }, { index: 1, size: 5 });
      assert.equal(list.total, 1);
      assert.equal(list.items[0]!.status, 'pending_customer');
    });
  });
}
