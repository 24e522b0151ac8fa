/**
 * The operator's read use cases behind `walletgate payments`: the newest payments across merchants
 * and APIs, and everything known about one payment, on both databases.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Payment } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports/store.js';
import { listRecentPayments } from '../../src/core/payments/list-recent-payments.js';
import { getPaymentOverview } from '../../src/core/payments/payment-overview.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';
import { addMerchant, newNotification, newPayment, newRefund } from '../storage/sample-records.js';

const T0 = Date.parse('2025-05-01T00:00:00.000Z');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

for (const kind of storeKinds) {
  describe(`payments for operators (${kind})`, () => {
    let t: TestStore;
    let store: Store;
    let shop: string;
    let other: string;
    const p: Record<string, Payment> = {};

    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
      shop = await addMerchant(store);
      other = await addMerchant(store);
      p.a = await store.payments.insert(newPayment(shop, { createdAt: at(0), status: 'succeeded' }));
      p.b = await store.payments.insert(newPayment(other, { createdAt: at(5), status: 'failed', dialect: 'adyen' }));
      p.c = await store.payments.insert(newPayment(shop, { createdAt: at(10), status: 'pending_customer', dialect: 'checkoutcom' }));
      // same time as c: the higher id is newer
      p.d = await store.payments.insert(newPayment(other, { createdAt: at(10), status: 'succeeded' }));
    });
    after(() => t.cleanup());

    it('lists the newest payments of every merchant and API first, or of one merchant, in some statuses, up to a limit', async () => {
      const ids = async (q: Parameters<typeof listRecentPayments>[1]) => (await listRecentPayments({ store }, q)).map((x) => x.id);
      assert.deepEqual(await ids({ limit: 10 }), [p.d!.id, p.c!.id, p.b!.id, p.a!.id]);
      assert.deepEqual(await ids({ limit: 2 }), [p.d!.id, p.c!.id]);
      assert.deepEqual(await ids({ merchantId: shop, limit: 10 }), [p.c!.id, p.a!.id]);
      assert.deepEqual(await ids({ statuses: ['succeeded', 'failed'], limit: 10 }), [p.d!.id, p.b!.id, p.a!.id]);
      assert.deepEqual(await ids({ merchantId: other, statuses: ['succeeded'], limit: 10 }), [p.d!.id]);
      assert.deepEqual(await ids({ statuses: [], limit: 10 }), []);
    });

    it('shows a payment with its refunds, operations, and the notifications about it and its refunds with their attempts', async () => {
      const pay = p.a!;
      const refund = await store.refunds.insert(newRefund(shop, pay.id, { status: 'succeeded', reference: 'r-1' }));
      await store.operations.append({
        merchantId: shop,
        paymentId: pay.id,
        preapprovalId: null,
        refundId: refund.id,
        kind: 'refund_succeeded',
        status: 'ok',
        amount: 1000,
        currency: 'KRW',
        code: null,
        message: 'refunded',
      });
      const aboutPayment = await store.outbox.enqueue(newNotification(shop, { resourceId: pay.id }));
      const aboutRefund = await store.outbox.enqueue(
        newNotification(shop, { event: 'refund.succeeded', resourceType: 'refund', resourceId: refund.id }),
      );
      // another payment's notification, and a refund notification of another merchant with the same number: not shown
      await store.outbox.enqueue(newNotification(shop, { resourceId: p.c!.id }));
      await store.outbox.enqueue(newNotification(other, { resourceType: 'refund', resourceId: refund.id }));
      const attemptAt = new Date();
      await store.outbox.recordAttempt(
        aboutPayment,
        { attempt: 1, at: attemptAt, statusCode: 500, error: 'HTTP 500', durationMs: 9, responseExcerpt: null },
        { status: 'pending', nextAttemptAt: new Date(attemptAt.getTime() + 30_000), deliveredAt: null },
      );

      const view = await getPaymentOverview({ store }, pay.id);
      assert.ok(view);
      assert.deepEqual(view.payment, pay);
      assert.deepEqual(
        view.refunds.map((r) => r.id),
        [refund.id],
      );
      assert.deepEqual(
        view.operations.map((o) => [o.kind, o.refundId]),
        [['refund_succeeded', refund.id]],
      );
      assert.deepEqual(
        view.notifications.map((n) => [n.id, n.event, n.deliveryAttempts.map((a) => a.statusCode)]),
        [
          [aboutPayment.id, 'payment.succeeded', [500]],
          [aboutRefund.id, 'refund.succeeded', []],
        ],
      );
      assert.ok(
        view.notifications.every((n) => !('headers' in n)),
        'headers (the merchant credentials) are left out',
      );
      assert.equal(await getPaymentOverview({ store }, 999), undefined);
    });
  });
}
