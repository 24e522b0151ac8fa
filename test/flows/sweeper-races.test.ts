/**
 * The sweeper against the customer's own return, step by step (no background workers): KakaoPay
 * reports a cancel and a time-out alike, so the customer's return must still be able to win.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout } from 'node:timers/promises';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { heldCheckout } from '../helpers/held-checkout.js';
import { sweep } from '../../src/core/reconcile/sweep.js';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`sweeper races on ${kind}`, () => {
    let gw: Gateway;
    /** held, the wallet's checkout call (KakaoPay ready) waits: the process has stalled */
    const checkout = heldCheckout();
    before(async () => {
      gw = await startGateway(kind, {
        workers: false,
        env: { WALLETGATE_ABANDON_GRACE_MS: '60000' },
        wrapConnectors: checkout.wrapConnectors,
      });
    });
    after(() => gw.close());

    it('the wallet reports the checkout quit, then the customer returns through cancel: Cancelled, not Expired', async () => {
      const res = await gw.gp('POST', '/v1/payments', {
        // [abandon] makes the wallet report QUIT_PAYMENT at once, as it does after a customer's cancel
        Payment: {
          MerchantTransactionID: `race-${kind}-${Date.now()}`,
          Amount: 1000,
          Currency: 'KRW',
          MethodID: 1135,
          ReturnURL: 'http://shop.example/r',
          Description: 'Tea [abandon]',
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const p = res.json.Payment;
      await gw.services.sweepNow();
      const waiting = await gw.services.store.payments.getById(p.ID);
      assert.equal(waiting!.status, 'pending_customer', 'the sweeper waits for the customer to come back');
      assert.ok(waiting!.connectorState.abandonedSeenAt, 'first sighting recorded');
      const token = (p.RedirectURL as string).split('/pay/')[1];
      const back = await fetch(`${gw.base}/pay/${token}/cancel`, { redirect: 'manual' });
      assert.equal(back.status, 303);
      assert.match(back.headers.get('location') ?? '', /data=3/);
      assert.equal((await gw.services.store.payments.getById(p.ID))!.status, 'cancelled');
    });

    it('a payment whose checkout was never recorded fails once past the in-flight grace, and its stalled request cannot reopen it', async () => {
      const ref = `stalled-${kind}-${Date.now()}`;
      checkout.hold();
      const answer = gw.gp('POST', '/v1/payments', {
        Payment: { MerchantTransactionID: ref, Amount: 1000, Currency: 'KRW', MethodID: 1135, ReturnURL: 'http://shop.example/r' },
      });
      // the payment is written (created) before the wallet is asked
      let created: number | undefined;
      for (const deadline = Date.now() + 10_000; created === undefined && Date.now() < deadline;) {
        // SQLite answers synchronously: let the server's request run between looks
        await setTimeout(10);
        created = (await gw.services.store.payments.listUnswept(new Date(), 1000)).find(
          (x) => x.reference === ref && x.status === 'created',
        )?.id;
      }
      assert.ok(created, 'the payment was written before the wallet call');
      // as a crashed process leaves it: created, past the in-flight grace (0 here)
      await sweep(gw.services.deps, { inFlightGraceMs: 0 });
      const failed = (await gw.services.store.payments.getById(created))!;
      assert.equal(failed.status, 'failed');
      assert.equal(failed.failureMessage, 'walletgate stopped before the wallet opened the checkout; nothing was charged');
      const [row] = await gw.services.store.outbox.list({ merchantId: 'demo' });
      assert.equal(JSON.parse(row!.body).Payment.ID, created, 'the merchant is told');
      assert.equal(JSON.parse(row!.body).Payment.Status.ID, 4);
      // the stalled request wakes up, the wallet opens a checkout: the payment stays failed
      checkout.release();
      const res = await answer;
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(res.json.Payment.ID, created);
      assert.equal(res.json.Payment.Status.ID, 4);
      assert.equal((await gw.services.store.payments.getById(created))!.status, 'failed');
      const ops = await gw.services.store.operations.listByPayment('demo', created);
      assert.deepEqual(
        ops.map((o) => o.kind),
        ['create', 'sync'],
        'no redirect was recorded over the failure',
      );
    });
  });
}

describe('abandon with the default sweeper settings (5 s interval, 10 s abandon grace)', () => {
  let gw: Gateway;
  before(async () => {
    gw = await startGateway('sqlite', { env: { WALLETGATE_SWEEP_INTERVAL_MS: '5000', WALLETGATE_ABANDON_GRACE_MS: '10000' } });
  });
  after(() => gw.close());

  it('is reported as Status 5 Expired within 30 s', async () => {
    const res = await gw.gp('POST', '/v1/payments', {
      Payment: {
        MerchantTransactionID: `abandon-default-${Date.now()}`,
        Amount: 1000,
        Currency: 'KRW',
        MethodID: 1135,
        ReturnURL: 'http://shop.example/r',
      },
    });
    const started = Date.now();
    const walked = await gw.customer(res.json.Payment.RedirectURL, 'abandon');
    assert.equal(walked.status, 200);
    await gw.receiver.waitFor(
      (n) => (n.json.Payment as any)?.ID === res.json.Payment.ID && (n.json.Payment as any)?.Status?.ID === 5,
      30_000,
    );
    assert.ok(Date.now() - started < 30_000);
  });
});
