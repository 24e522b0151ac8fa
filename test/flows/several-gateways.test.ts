/**
 * Several `walletgate start` processes on one database (on SQLite they share the file, on
 * PostgreSQL the schema), started together on a fresh one: they all come up (migrations and the
 * demo merchant raced), then share the work. Concurrent refunds of one payment sent to different
 * processes never add up to more than was paid; the same MerchantTransactionID or
 * Cko-Idempotency-Key sent to every process at once makes one payment; and the processes'
 * dispatchers deliver each notification once (nothing is killed here, and the merchant answers every
 * one as its API asks), as checked on the tables, the KakaoPay sandbox's own record and what the
 * merchant received (test/helpers/money-invariants.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openGatewayData, type GatewayData, type GatewayProcess } from '../helpers/gateway-process.js';
import { httpOnce } from '../helpers/http-once.js';
import { customerActs, newOrder, placeOrder, requestPayment, requestRefund, type Order } from '../helpers/merchant-orders.js';
import { checkMoneyInvariants, untilSettled } from '../helpers/money-invariants.js';
import { storeKinds } from '../helpers/stores.js';

const PROCESSES = 3;

for (const kind of storeKinds) {
  describe(`${PROCESSES} gateways on one ${kind} database`, () => {
    let data: GatewayData;
    const gws: GatewayProcess[] = [];
    const orders: Order[] = [];
    const tag = `multi-${kind}-${Date.now()}`;
    let shop: string;
    before(async () => {
      data = await openGatewayData(kind);
      shop = new URL(data.receiver.url).origin;
    });
    after(() => data.cleanup());

    const up = () => assert.equal(gws.length, PROCESSES, 'the processes did not all start (see the first test)');
    const paid = async (o: Order, base: string) => {
      await requestPayment(base, o, shop);
      assert.ok(o.link, JSON.stringify(o.creates));
      const walked = await customerActs(base, o);
      assert.ok(walked.answered && walked.status === 200, JSON.stringify(walked));
    };

    it('started together on a fresh database, every process comes up, with one demo merchant and its keys once', async () => {
      const names = Array.from({ length: PROCESSES }, (_, i) => String.fromCharCode(65 + i));
      const results = await Promise.allSettled(names.map((name) => data.start({ name })));
      const failures = results.flatMap((r) =>
        r.status === 'rejected'
          ? [
              String((r.reason as Error).message)
                .split('\n')
                .slice(0, 2)
                .join(' '),
            ]
          : [],
      );
      // the other tests go on with the processes that lost the race started again, one at a time
      for (const [i, r] of results.entries())
        gws.push(r.status === 'fulfilled' ? r.value : await data.start({ name: `${names[i]} (again)` }));
      assert.deepEqual(failures, [], 'every process started at the same time came up');
      for (const gw of gws) {
        const health = await httpOnce(`${gw.base}/health`);
        assert.ok(health.answered && health.status === 200, `${gw.name}: ${JSON.stringify(health)}`);
      }
      assert.deepEqual(await data.rows(`select id from merchants`), [{ id: 'demo' }]);
      const twice = await data.rows(`select secret_hash, count(*) as n from credentials group by secret_hash having count(*) > 1`);
      assert.deepEqual(twice, [], 'no key stored twice');
    });

    it('concurrent partial refunds of one payment, split across the processes, never exceed it and add up', async () => {
      up();
      const o = newOrder({ api: 'globalpay', ref: `${tag}-split`, amount: 1000, customer: 'approve', refunds: Array(15).fill(100) });
      orders.push(o);
      await paid(o, gws[0]!.base);
      const answers = await Promise.all(o.refunds.map((r, i) => requestRefund(gws[i % PROCESSES]!.base, o, r)));
      for (const a of answers) {
        assert.ok(a.answered, JSON.stringify(a));
        if (a.status === 400) assert.equal(a.json.Refund.Status.Reasons[0].Code, '18', a.text);
        else assert.equal(a.status, 201, a.text);
      }
      const made = answers.filter((a) => a.answered && a.status === 201).length;
      assert.ok(made >= 10, `${made} refunds of 100 were taken on a 1,000 payment`);
    });

    it('the same MerchantTransactionID sent to every process at once makes one payment', async () => {
      up();
      const o = newOrder({ api: 'globalpay', ref: `${tag}-same-ref`, amount: 2000, customer: 'approve', refunds: [] });
      orders.push(o);
      const answers = await Promise.all(Array.from({ length: 3 * PROCESSES }, (_, i) => requestPayment(gws[i % PROCESSES]!.base, o, shop)));
      const statuses = answers.map((a) => (a.answered ? a.status : a.error));
      assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
      for (const a of answers.filter((x) => x.answered && x.status !== 201)) {
        assert.ok(a.answered && a.status === 400 && a.json.Payment.Status.Reasons[0].Code === '20', JSON.stringify(a));
      }
      const walked = await customerActs(data.publicUrl, o);
      assert.ok(walked.answered && walked.status === 200, JSON.stringify(walked));
    });

    it('the same Cko-Idempotency-Key sent to every process at once makes one payment, and every answer names it', async () => {
      up();
      const o = newOrder({ api: 'checkoutcom', ref: `${tag}-same-key`, amount: 3000, customer: 'approve', refunds: [] });
      orders.push(o);
      const answers = await Promise.all(Array.from({ length: 3 * PROCESSES }, (_, i) => requestPayment(gws[i % PROCESSES]!.base, o, shop)));
      const made = answers.filter((a) => a.answered && a.status === 202);
      assert.ok(made.length >= 1, JSON.stringify(answers));
      assert.equal(new Set(made.map((a) => a.answered && a.json.id)).size, 1, 'one payment id in every answer');
      for (const a of answers.filter((x) => !x.answered || x.status !== 202)) {
        // another process still running the first request with this key
        assert.ok(a.answered && a.status === 409, JSON.stringify(a));
        assert.deepEqual(a.json.error_codes, ['idempotency_key_request_in_progress']);
      }
      const walked = await customerActs(data.publicUrl, o);
      assert.ok(walked.answered && walked.status === 200, JSON.stringify(walked));
    });

    it('orders placed across the processes are notified once per change, whichever process delivers', async () => {
      up();
      const more = Array.from({ length: 6 }, (_, i) =>
        newOrder({
          api: i % 2 === 0 ? 'globalpay' : 'checkoutcom',
          ref: `${tag}-order-${i + 1}`,
          amount: 1000 + 100 * i,
          customer: i === 5 ? 'cancel' : 'approve',
          refunds: [300, 200],
        }),
      );
      orders.push(...more);
      await Promise.all(more.map((o, i) => placeOrder(gws[i % PROCESSES]!.base, o, shop)));
      await untilSettled(data, 45_000);
      await checkMoneyInvariants(data, orders, { exactlyOnce: true });
    });
  });
}
