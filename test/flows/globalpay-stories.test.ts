/**
 * End-to-end stories through the GlobalPay API, the customer pages and the KakaoPay sandbox, over
 * real HTTP, on SQLite and on PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, DEMO_AUTH, type Gateway } from '../helpers/gateway-harness.js';

const kinds = ['sqlite', 'postgres'] as const;

function payment(ref: string, extra: Record<string, unknown> = {}) {
  return {
    Payment: {
      MerchantTransactionID: ref,
      Amount: 15000,
      Currency: 'KRW',
      MethodID: 1135,
      ReturnURL: 'http://shop.example/return?order=' + ref,
      Description: 'Coffee beans',
      BillingAddress: { Country: 'KR' },
      ...extra,
    },
  };
}

for (const kind of kinds) {
  describe(`GlobalPay stories on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => {
      await gw.close();
    });

    it('preapproval → customer agrees in the wallet → recurrent payment → partial and full refunds, with every notification', async () => {
      const ref = `pre-${kind}-${Date.now()}`;
      const created = await gw.gp('POST', '/v1/preapprovals', {
        Preapproval: {
          MerchantPreapprovalID: ref,
          Currency: 'KRW',
          Description: '1 year subscription',
          ReturnURL: 'http://demo.smart2pay.com/redirect.php',
          MethodID: 1135,
          Customer: { FirstName: 'John', LastName: 'Doe', Email: 'jdoe@gmail.com' },
          BillingAddress: { Country: 'KR' },
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const pre = created.json.Preapproval;
      assert.equal(pre.Status.ID, 1);
      assert.match(pre.RedirectURL, /\/pay\//);

      // the customer: confirm → SMS code → auto-debit agreement, through the sandbox pages over HTTP
      const walked = await gw.customer(pre.RedirectURL, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      assert.ok(walked.json.finalUrl.startsWith('http://demo.smart2pay.com/redirect.php'), walked.json.finalUrl);

      const preNote = await gw.receiver.waitFor(
        (n) => (n.json.Preapproval as any)?.ID === pre.ID && (n.json.Preapproval as any)?.Status?.ID === 2,
      );
      assert.equal(preNote.headers.authorization, DEMO_AUTH, 'notification carries Basic SiteID:ApiKey');
      assert.equal(preNote.answeredWith, 204);

      const charge = await gw.gp('POST', '/v1/payments/recurrent', {
        Payment: {
          PreapprovalID: pre.ID,
          MerchantTransactionID: `${ref}-charge-1`,
          Amount: 1000,
          Currency: 'KRW',
          MethodID: 1135,
          Description: 'recurring payment',
          BillingAddress: { Country: 'KR' },
        },
      });
      assert.equal(charge.status, 201, JSON.stringify(charge.json));
      const payId = charge.json.Payment.ID;
      assert.equal(charge.json.Payment.PreapprovalID, pre.ID);
      await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === payId && (n.json.Payment as any)?.Status?.ID === 2);

      const r1 = await gw.gp('POST', `/v1/payments/${payId}/refunds`, { Refund: { MerchantTransactionID: `${ref}-r1`, Amount: 300 } });
      assert.equal(r1.status, 201, JSON.stringify(r1.json));
      assert.equal(r1.json.Refund.InitialPaymentID, payId);
      await gw.receiver.waitFor((n) => (n.json.Refund as any)?.ID === r1.json.Refund.ID && (n.json.Refund as any)?.Status?.ID === 2);
      const partly = await gw.gp('GET', `/v1/payments/${payId}`);
      assert.equal(partly.json.Payment.Status.ID, 21, 'PartiallyRefunded');

      const tooMuch = await gw.gp('POST', `/v1/payments/${payId}/refunds`, { Refund: { MerchantTransactionID: `${ref}-rx`, Amount: 701 } });
      assert.equal(tooMuch.status, 400);
      assert.ok(tooMuch.json.Refund.Status.Reasons.length > 0);

      const r2 = await gw.gp('POST', `/v1/payments/${payId}/refunds`, { Refund: { MerchantTransactionID: `${ref}-r2`, Amount: 700 } });
      assert.equal(r2.status, 201, JSON.stringify(r2.json));
      await gw.receiver.waitFor((n) => (n.json.Refund as any)?.ID === r2.json.Refund.ID && (n.json.Refund as any)?.Status?.ID === 2);
      const done = await gw.gp('GET', `/v1/payments/${payId}`);
      assert.equal(done.json.Payment.Status.ID, 22, 'Refunded');
      const list = await gw.gp('GET', `/v1/payments/${payId}/refunds`);
      assert.equal(list.json.Refunds.length, 2);

      const prePayments = await gw.gp('GET', `/v1/preapprovals/${pre.ID}/payments`);
      assert.deepEqual(
        prePayments.json.Payments.map((p: any) => p.ID),
        [payId],
      );
      const closed = await gw.gp('DELETE', `/v1/preapprovals/${pre.ID}`);
      assert.equal(closed.status, 200);
      assert.equal(closed.json.Preapproval.Status.ID, 4);
      const refused = await gw.gp('POST', '/v1/payments/recurrent', {
        Payment: { PreapprovalID: pre.ID, MerchantTransactionID: `${ref}-charge-2`, Amount: 1000, Currency: 'KRW', MethodID: 1135 },
      });
      assert.equal(refused.status, 400, 'a closed preapproval cannot be charged');
    });

    it('one-time payment approved by the customer ends at the merchant ReturnURL, Status 2, notified', async () => {
      const ref = `pay-ok-${kind}-${Date.now()}`;
      const res = await gw.gp('POST', '/v1/payments', payment(ref));
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const p = res.json.Payment;
      assert.equal(p.Status.ID, 1);
      const walked = await gw.customer(p.RedirectURL, 'approve');
      assert.match(walked.json.finalUrl, /^http:\/\/shop\.example\/return\?order=/);
      assert.match(walked.json.finalUrl, /data=2/);
      const note = await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && (n.json.Payment as any)?.Status?.ID === 2);
      assert.equal((note.json.Payment as any).Amount, '15000');
      const got = await gw.gp('GET', `/v1/payments/${p.ID}`);
      assert.equal(got.json.Payment.Status.ID, 2);
      assert.ok(got.json.Payment.MethodTransactionID, 'KakaoPay tid recorded');
    });

    for (const [action, statusId] of [
      ['cancel', 3],
      ['fail', 4],
    ] as const) {
      it(`one-time payment the customer ${action === 'cancel' ? 'cancels' : 'fails'} → Status ${statusId}`, async () => {
        const res = await gw.gp('POST', '/v1/payments', payment(`pay-${action}-${kind}-${Date.now()}`));
        const p = res.json.Payment;
        const walked = await gw.customer(p.RedirectURL, action);
        assert.equal(walked.status, 200, JSON.stringify(walked.json));
        assert.match(walked.json.finalUrl, new RegExp(`data=${statusId}`));
        await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && (n.json.Payment as any)?.Status?.ID === statusId);
        const got = await gw.gp('GET', `/v1/payments/${p.ID}`);
        assert.equal(got.json.Payment.Status.ID, statusId);
      });
    }

    it('one-time payment the customer abandons → the wallet times it out → Status 5 Expired within 30 s', async () => {
      const res = await gw.gp('POST', '/v1/payments', payment(`pay-abandon-${kind}-${Date.now()}`));
      const p = res.json.Payment;
      const started = Date.now();
      const walked = await gw.customer(p.RedirectURL, 'abandon');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && (n.json.Payment as any)?.Status?.ID === 5, 30_000);
      assert.ok(Date.now() - started < 30_000);
      const got = await gw.gp('GET', `/v1/payments/${p.ID}`);
      assert.equal(got.json.Payment.Status.ID, 5);
    });

    it('a notification the merchant does not answer with 204 is retried, and every attempt is recorded', async () => {
      gw.receiver.answerWith(200);
      try {
        const res = await gw.gp('POST', '/v1/payments', payment(`pay-retry-${kind}-${Date.now()}`));
        const p = res.json.Payment;
        const recorded = new Promise<void>((resolve) => {
          const off = gw.services.dispatcher()!.onAttempt((n) => {
            if (n.resourceType === 'payment' && n.resourceId === p.ID) {
              off();
              resolve();
            }
          });
        });
        await gw.customer(p.RedirectURL, 'cancel');
        await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && n.answeredWith === 200);
        await recorded;
        const rows = await gw.services.store.outbox.list({ merchantId: 'demo', limit: 100 });
        const row = rows.find((r) => r.resourceId === p.ID && r.resourceType === 'payment');
        assert.ok(row);
        const attempts = await gw.services.store.outbox.listAttempts(row.id);
        assert.equal(rows.filter((r) => r.resourceId === p.ID).length, 1, 'one notification: the cancellation');
        assert.ok(attempts.length >= 1);
        assert.equal(attempts[0]!.statusCode, 200);
        const fresh = await gw.services.store.outbox.get(row.id);
        assert.equal(fresh!.status, 'pending', 'a 200 is not an acknowledgement for GlobalPay');
        assert.ok(fresh!.nextAttemptAt.getTime() > Date.now(), 'retry scheduled in the future');
      } finally {
        gw.receiver.answerWith(204);
      }
    });
  });
}
