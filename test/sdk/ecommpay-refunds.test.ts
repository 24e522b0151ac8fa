/**
 * ecommpay Gate refunds, driven as a merchant's code drives ecommpay (bodies signed by the package's
 * signer, callbacks verified by its Callback): a full refund, partial refunds down to nothing, one
 * refund too many (accepted, then declined in its callback, nothing refunded twice), the
 * `/v2/payment/{method}/refund` path, and the status answer listing every operation. On SQLite and
 * PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROJECT, ecpGatewayFor, gate, kinds, paidSale, refundBody, status, unique, verified, type Json } from './ecommpay-support.js';

for (const kind of kinds) {
  describe(`ecommpay Gate refunds on ${kind}`, () => {
    const t = ecpGatewayFor(kind);

    /** A refund request, asserted accepted; answers its request_id. */
    async function refund(paymentId: string, amount?: number, path = '/v2/payment/wallet/kakaopay/refund'): Promise<string> {
      const r = await gate(t.gw, path, refundBody(paymentId, amount));
      assert.equal(r.status, 200, r.text);
      assert.deepEqual({ ...r.json, request_id: 'r' }, { status: 'success', request_id: 'r', project_id: PROJECT, payment_id: paymentId });
      return r.json.request_id as string;
    }

    /** The refund callback whose operation carries this request id, verified. */
    async function refundCallback(requestId: string): Promise<Json> {
      return verified(await t.gw.receiver.waitFor((r) => (r.json as Json).operation?.request_id === requestId));
    }

    it('a full refund (no amount): accepted, then the refund callback in seed 003’s shape with the payment refunded', async () => {
      const paymentId = unique(`ecp-refund-full-${kind}`);
      const { paid } = await paidSale(t.gw, paymentId);
      const requestId = await refund(paymentId);
      const cb = await refundCallback(requestId);
      assert.deepEqual(Object.keys(cb), ['project_id', 'payment', 'customer', 'operation', 'signature']);
      assert.equal(cb.payment.status, 'refunded');
      assert.deepEqual(cb.payment.sum, { amount: 0, currency: 'KRW' });
      assert.equal(cb.operation.type, 'refund');
      assert.equal(cb.operation.status, 'success');
      assert.equal(cb.operation.code, '0');
      assert.equal(cb.operation.message, 'Success');
      assert.deepEqual(cb.operation.sum_initial, { amount: 1000, currency: 'KRW' });
      assert.deepEqual(cb.operation.sum_converted, { amount: 1000, currency: 'KRW' });
      assert.notEqual(cb.operation.id, paid.operation.id);
      assert.ok(Number.isSafeInteger(cb.operation.id));

      const got = await status(t.gw, paymentId);
      assert.equal(got.payment.status, 'refunded');
      assert.deepEqual(
        got.operations.map((o: Json) => [o.type, o.status, o.sum_initial.amount]),
        [
          ['sale', 'success', 1000],
          ['refund', 'success', 1000],
        ],
      );
      assert.deepEqual(got.operations[0], paid.operation, 'the sale as its final callback told it');
    });

    it('partial refunds down to nothing, then one refund too many: declined in its callback, nothing refunded twice', async () => {
      const paymentId = unique(`ecp-refund-part-${kind}`);
      await paidSale(t.gw, paymentId);
      const first = await refundCallback(await refund(paymentId, 300));
      assert.equal(first.payment.status, 'partially refunded');
      assert.deepEqual(first.payment.sum, { amount: 700, currency: 'KRW' });
      assert.equal(first.operation.status, 'success');
      assert.deepEqual(first.operation.sum_initial, { amount: 300, currency: 'KRW' });

      // through /v2/payment/{method}/refund, the path ecommpay's own plugin builds
      const second = await refundCallback(await refund(paymentId, 700, '/v2/payment/kakaopay/refund'));
      assert.equal(second.payment.status, 'refunded');
      assert.deepEqual(second.payment.sum, { amount: 0, currency: 'KRW' });

      const tooMany = await refundCallback(await refund(paymentId, 100));
      assert.equal(tooMany.operation.type, 'refund');
      assert.equal(tooMany.operation.status, 'decline');
      assert.equal(tooMany.operation.code, '20000');
      assert.equal(tooMany.operation.message, 'General decline');
      assert.equal(tooMany.payment.status, 'refunded', 'the payment stays as it was');

      const got = await status(t.gw, paymentId);
      assert.deepEqual(
        got.operations.map((o: Json) => [o.type, o.status, o.sum_initial.amount]),
        [
          ['sale', 'success', 1000],
          ['refund', 'success', 300],
          ['refund', 'success', 700],
          ['refund', 'decline', 100],
        ],
      );
      const stored = (await t.gw.services.store.payments.list('demo', { dialect: 'ecommpay', reference: paymentId }, { index: 1, size: 1 }))
        .items[0]!;
      assert.equal(stored.refundedAmount, 1000, 'never more than was paid');
      assert.equal(stored.refundReservedAmount, 0);
    });

    it('a partial refund above what is left is declined and leaves the payment a success', async () => {
      const paymentId = unique(`ecp-refund-over-${kind}`);
      await paidSale(t.gw, paymentId);
      const over = await refundCallback(await refund(paymentId, 1001));
      assert.equal(over.operation.status, 'decline');
      assert.equal(over.payment.status, 'success');
      assert.deepEqual(over.payment.sum, { amount: 1000, currency: 'KRW' });
      const full = await refundCallback(await refund(paymentId));
      assert.equal(full.operation.status, 'success');
      assert.deepEqual(full.operation.sum_initial, { amount: 1000, currency: 'KRW' });
    });

    it('refunding a payment that was never paid is refused at once, and nothing is stored', async () => {
      const paymentId = unique(`ecp-refund-unpaid-${kind}`);
      const r0 = await gate(t.gw, '/v2/payment/wallet/kakaopay/sale', {
        general: { project_id: PROJECT, payment_id: paymentId },
        payment: { amount: 1000, currency: 'KRW' },
        customer: { id: 'c1', ip_address: '192.0.2.1' },
      });
      assert.equal(r0.status, 200, r0.text);
      const r = await gate(t.gw, '/v2/payment/wallet/kakaopay/refund', refundBody(paymentId));
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.status, 'error');
      assert.equal(r.json.code, '1011');
      assert.equal(r.json.payment_id, paymentId);
      const p = (await t.gw.services.store.payments.list('demo', { dialect: 'ecommpay', reference: paymentId }, { index: 1, size: 1 }))
        .items[0]!;
      assert.deepEqual(await t.gw.services.store.refunds.listByPayment('demo', p.id), []);
    });
  });
}
