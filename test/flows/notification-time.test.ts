/**
 * GlobalPay's NotificationDateTime in API answers: null until a notification about the payment has
 * been delivered, then the time of the latest delivery, on GET /v1/payments/{id} and in the list.
 * End to end over real HTTP (gateway, KakaoPay sandbox, dispatcher, a merchant receiver), on SQLite
 * and on PostgreSQL; every wait is on an event (the receiver's request, the dispatcher's recorded
 * attempt), never a sleep.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OutboxNotification } from '../../src/core/model.js';
import { formatGlobalPayTime } from '../../src/dialects/globalpay/timestamps.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';

/** Resolves with the next attempt the dispatcher records about this payment that matches `pred`. */
function nextAttempt(gw: Gateway, paymentId: number, pred: (n: OutboxNotification) => boolean): Promise<OutboxNotification> {
  const dispatcher = gw.services.dispatcher();
  assert.ok(dispatcher, 'the dispatcher runs');
  return new Promise((resolve) => {
    const off = dispatcher.onAttempt((n) => {
      if (n.resourceType === 'payment' && n.resourceId === paymentId && pred(n)) {
        off();
        resolve(n);
      }
    });
  });
}

for (const kind of storeKinds) {
  describe(`GlobalPay NotificationDateTime on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => {
      await gw?.close();
    });

    async function newPayment(ref: string): Promise<{ ID: number; RedirectURL: string }> {
      const res = await gw.gp('POST', '/v1/payments', {
        Payment: { MerchantTransactionID: ref, Amount: 15000, Currency: 'KRW', MethodID: 1135, ReturnURL: 'https://shop.example/return' },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(res.json.Payment.NotificationDateTime, null);
      return res.json.Payment as { ID: number; RedirectURL: string };
    }

    const shown = async (id: number, ref: string) => {
      const one = await gw.gp('GET', `/v1/payments/${id}`);
      const list = await gw.gp('GET', `/v1/payments?merchantTransactionID=${encodeURIComponent(ref)}`);
      assert.equal(one.status, 200);
      assert.equal(list.json.Payments.length, 1);
      assert.equal(list.json.Payments[0].NotificationDateTime, one.json.Payment.NotificationDateTime, 'the list says the same');
      return one.json.Payment.NotificationDateTime as string | null;
    };

    it('after the merchant received the approval notification, GET shows when it was delivered; a resend moves it on', async () => {
      const ref = `notified-${kind}-${Date.now()}`;
      const p = await newPayment(ref);
      assert.equal(await shown(p.ID, ref), null, 'nothing delivered yet');

      const recorded = nextAttempt(gw, p.ID, (n) => n.status === 'delivered');
      const walked = await gw.customer(p.RedirectURL, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      const received = await gw.receiver.waitFor((n) => (n.json.Payment as { ID?: number } | undefined)?.ID === p.ID);
      assert.equal((received.json.Payment as { Status: { ID: number } }).Status.ID, 2);
      const delivery = await recorded;
      assert.ok(delivery.deliveredAt, 'the dispatcher recorded the delivery');
      assert.equal(await shown(p.ID, ref), formatGlobalPayTime(delivery.deliveredAt));

      // `walletgate notifications resend`: delivered again, and GET follows the latest delivery
      const again = nextAttempt(gw, p.ID, (n) => n.status === 'delivered' && n.attempts === 2);
      await gw.services.store.outbox.reschedule(delivery.id, new Date());
      gw.services.dispatcher()!.wake();
      const second = await again;
      assert.ok(second.deliveredAt && second.deliveredAt.getTime() >= delivery.deliveredAt.getTime());
      assert.equal(await shown(p.ID, ref), formatGlobalPayTime(second.deliveredAt));
    });

    it('a notification the merchant did not acknowledge leaves it null', async () => {
      const ref = `refused-${kind}-${Date.now()}`;
      const p = await newPayment(ref);
      gw.receiver.answerWith(500);
      try {
        const refused = nextAttempt(gw, p.ID, () => true);
        const walked = await gw.customer(p.RedirectURL, 'approve');
        assert.equal(walked.status, 200, JSON.stringify(walked.json));
        const attempt = await refused;
        assert.equal(attempt.status, 'pending', 'to be retried');
        assert.equal(attempt.deliveredAt, null);
        assert.equal(await shown(p.ID, ref), null);
      } finally {
        gw.receiver.answerWith(204);
      }
    });
  });
}
