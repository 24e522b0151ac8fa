/**
 * The dispatcher on a real store (both databases) against a real HTTP endpoint: the ack rule, the
 * attempt log, and giving up after 3 days.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestStore, storeKinds } from '../helpers/stores.js';
import { startMerchantReceiver, type MerchantReceiver } from '../helpers/merchant-receiver.js';
import { startDispatcher, isAcknowledged } from '../../src/notifications/dispatcher.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/core/ports/store.js';

const log = createLogger('silent', { pretty: false });

describe('ack rules', () => {
  it('GlobalPay needs exactly 204; others any 2xx', () => {
    assert.equal(isAcknowledged('status_204', 204), true);
    assert.equal(isAcknowledged('status_204', 200), false);
    assert.equal(isAcknowledged('status_2xx', 200), true);
    assert.equal(isAcknowledged('status_2xx', 302), false);
  });
});

for (const kind of storeKinds) {
  describe(`dispatcher on ${kind}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let receiver: MerchantReceiver;
    before(async () => {
      ({ store, cleanup } = await openTestStore(kind));
      await store.merchants.insert({ id: 'm1', name: 'M1', notifyUrl: null });
      receiver = await startMerchantReceiver();
    });
    after(async () => {
      await receiver.close();
      await cleanup();
    });

    const enqueue = (body: string, requestId: string | null = null, leaseUntil: Date | null = null) =>
      store.outbox.enqueue({
        requestId,
        leaseUntil,
        merchantId: 'm1',
        dialect: 'globalpay',
        event: 'payment.succeeded',
        resourceType: 'payment',
        resourceId: 1,
        url: receiver.url,
        headers: { 'Content-Type': 'application/json', Authorization: 'Basic abc' },
        body,
        ack: 'status_204',
      });

    it('delivers the stored bytes with the stored headers and records the attempt', async () => {
      const n = await enqueue('{"Payment":{"ID":1}}');
      const d = startDispatcher({ store, log, pollMs: 60_000 });
      try {
        assert.equal(await d.runOnce(), 1);
      } finally {
        await d.stop();
      }
      const got = await receiver.waitFor((r) => r.body === '{"Payment":{"ID":1}}');
      assert.equal(got.headers.authorization, 'Basic abc');
      assert.equal(got.headers['x-walletgate-request-id'], undefined, 'no request known, no header');
      const row = await store.outbox.get(n.id);
      assert.equal(row!.status, 'delivered');
      assert.equal(row!.attempts, 1);
      const attempts = await store.outbox.listAttempts(n.id);
      assert.equal(attempts.length, 1);
      assert.equal(attempts[0]!.statusCode, 204);
    });

    it('a steady stream of wakes delivers at once: a wake never postpones the pass already due', async () => {
      // the dispatcher's clock is an hour behind until its first pass has looked (and found nothing due)
      let offsetMs = -3_600_000;
      let looks = 0;
      const clock = (): Date => {
        looks++;
        return new Date(Date.now() + offsetMs);
      };
      await enqueue('{"Payment":{"ID":31}}');
      const d = startDispatcher({ store, log, pollMs: 60_000, clock });
      let delivered = false;
      try {
        while (looks === 0) await new Promise((resolve) => setImmediate(resolve));
        offsetMs = 0; // due now; the next look by the poll timer is a minute away
        // a wake on every turn of the event loop (commits under load): the pass must still run soon
        const storm = (): void => {
          if (delivered) return;
          d.wake();
          setImmediate(storm);
        };
        storm();
        await receiver.waitFor((r) => r.body === '{"Payment":{"ID":31}}', 10_000);
      } finally {
        delivered = true;
        await d.stop();
      }
    });

    it('keeps `concurrency` deliveries under way, claiming again as each is recorded: a slow merchant holds up no other row', async () => {
      const slow = '{"Payment":{"ID":100}}';
      const fast = [101, 102, 103, 104, 105, 106].map((id) => `{"Payment":{"ID":${id}}}`);
      let open = 0;
      let most = 0;
      let releaseSlow!: () => void;
      const slowReleased = new Promise<void>((resolve) => (releaseSlow = resolve));
      let threeOpen!: () => void;
      const reachedThree = new Promise<void>((resolve) => (threeOpen = resolve));
      receiver.intercept({
        before: async (n) => {
          open++;
          most = Math.max(most, open);
          if (open === 3) threeOpen();
          // every answer waits until three are under way at once; the slow one until the test says
          await (n.body === slow ? slowReleased : reachedThree);
        },
        after: () => open--,
      });
      const d = startDispatcher({ store, log, pollMs: 60_000, batchSize: 2, concurrency: 3 });
      try {
        const slowRow = await enqueue(slow);
        for (const body of fast) await enqueue(body);
        d.wake();
        // with the whole pass waiting on its batch, these would wait on the slow answer
        for (const body of fast) await receiver.waitFor((r) => r.body === body, 10_000);
        assert.equal((await store.outbox.get(slowRow.id))!.status, 'pending', 'the slow one is still being delivered');
        releaseSlow();
        await d.runOnce();
        assert.equal((await store.outbox.get(slowRow.id))!.status, 'delivered');
      } finally {
        releaseSlow();
        threeOpen();
        await d.stop();
        receiver.intercept(null);
      }
      assert.equal(most, 3, 'never more than `concurrency` deliveries under way, and that many when rows wait');
    });

    describe('rows handed over by the process that wrote them (ADR 0040)', () => {
      /** A row written leased to this process, as the notifier writes it when a dispatcher runs here. */
      const leased = (body: string, leaseMs = 60_000) => enqueue(body, null, new Date(Date.now() + leaseMs));
      /** The store, keeping the ids of the rows the dispatcher's claims returned. */
      const counting = () => {
        const claimed: number[] = [];
        const outbox = Object.assign(Object.create(store.outbox) as Store['outbox'], {
          claimDue: async (now: Date, leaseMs: number, limit: number) => {
            const rows = await store.outbox.claimDue(now, leaseMs, limit);
            claimed.push(...rows.map((r) => r.id));
            return rows;
          },
        });
        return { claimed, store: Object.assign(Object.create(store) as Store, { outbox }) };
      };

      it('are delivered and recorded without a claim', async () => {
        const { claimed, store: counted } = counting();
        const d = startDispatcher({ store: counted, log, pollMs: 60_000 });
        try {
          await d.runOnce();
          const row = await leased('{"Payment":{"ID":41}}');
          const recorded = new Promise<void>((resolve) => d.onAttempt((n) => n.id === row.id && resolve()));
          d.take([row]);
          await receiver.waitFor((r) => r.body === '{"Payment":{"ID":41}}');
          await recorded;
          assert.equal(claimed.includes(row.id), false, 'no claim returned it (it is leased for a minute)');
          const stored = await store.outbox.get(row.id);
          assert.equal(stored!.status, 'delivered');
          assert.equal(stored!.attempts, 1);
          assert.equal(stored!.leaseUntil, null, 'the lease ends with the attempt');
        } finally {
          await d.stop();
        }
      });

      it('keep to `concurrency`: rows beyond it wait for room, and all are delivered', async () => {
        let open = 0;
        let most = 0;
        receiver.intercept({
          before: () => {
            open++;
            most = Math.max(most, open);
          },
          after: () => open--,
        });
        const d = startDispatcher({ store, log, pollMs: 60_000, concurrency: 2 });
        try {
          await d.runOnce();
          const bodies = [51, 52, 53, 54, 55].map((id) => `{"Payment":{"ID":${id}}}`);
          const rows = [];
          for (const body of bodies) rows.push(await leased(body));
          let recorded = 0;
          const all = new Promise<void>((resolve) => d.onAttempt(() => ++recorded === rows.length && resolve()));
          d.take(rows);
          await all;
          for (const row of rows) assert.equal((await store.outbox.get(row.id))!.status, 'delivered');
        } finally {
          await d.stop();
          receiver.intercept(null);
        }
        assert.ok(most <= 2, `at most 2 under way, saw ${most}`);
      });

      it('a row with less of its lease left than a delivery may take is left to the claims, and delivered once', async () => {
        const { claimed, store: counted } = counting();
        const d = startDispatcher({ store, log, pollMs: 60_000, timeoutMs: 10_000 });
        try {
          await d.runOnce();
          // two seconds of lease left, a delivery may take ten
          const row = await leased('{"Payment":{"ID":61}}', 2_000);
          d.take([row]);
          // a dispatcher whose clock is past the lease (as another process's, once it has run out)
          const later = startDispatcher({ store: counted, log, pollMs: 60_000, clock: () => new Date(Date.now() + 3_000) });
          try {
            await later.runOnce();
          } finally {
            await later.stop();
          }
          assert.equal(claimed.includes(row.id), true, 'a claim has it');
          await receiver.waitFor((r) => r.body === '{"Payment":{"ID":61}}');
          assert.equal(receiver.received.filter((r) => r.body === '{"Payment":{"ID":61}}').length, 1, 'delivered once');
          assert.equal((await store.outbox.get(row.id))!.attempts, 1);
        } finally {
          await d.stop();
        }
      });

      it('handed to a stopped dispatcher, a row is made due again at once for the next one', async () => {
        const d = startDispatcher({ store, log, pollMs: 60_000 });
        await d.runOnce();
        await d.stop();
        const row = await leased('{"Payment":{"ID":71}}');
        // too little lease left to be sure no other process has it: left to the claims
        const short = await leased('{"Payment":{"ID":72}}', 2_000);
        d.take([short, row]);
        const due = async () => (await store.outbox.get(row.id))!.leaseUntil === null;
        for (let i = 0; i < 100 && !(await due()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
        assert.equal(await due(), true, 'its lease is given back');
        assert.deepEqual((await store.outbox.get(short.id))!.leaseUntil, short.leaseUntil, 'the short one keeps its lease');
        const next = startDispatcher({ store, log, pollMs: 60_000 });
        try {
          await next.runOnce();
          await receiver.waitFor((r) => r.body === '{"Payment":{"ID":71}}');
          assert.equal((await store.outbox.get(row.id))!.status, 'delivered');
        } finally {
          await next.stop();
        }
      });
    });

    it('sends the request id a row keeps as X-Walletgate-Request-Id', async () => {
      await enqueue('{"Payment":{"ID":7}}', 'shop-order-7');
      const d = startDispatcher({ store, log, pollMs: 60_000 });
      try {
        await d.runOnce();
      } finally {
        await d.stop();
      }
      const got = await receiver.waitFor((r) => r.body === '{"Payment":{"ID":7}}');
      assert.equal(got.headers['x-walletgate-request-id'], 'shop-order-7');
    });

    it('a listener that throws is logged as itself; the attempt stays recorded and the next listener hears of it', async () => {
      const lines: { msg: string; notificationId?: number; err?: string }[] = [];
      const captured = createLogger('info', { destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
      const n = await enqueue('{"Payment":{"ID":8}}');
      const d = startDispatcher({ store, log: captured, pollMs: 60_000 });
      const heard: number[] = [];
      d.onAttempt(() => {
        throw new Error('listener broke');
      });
      d.onAttempt((row) => heard.push(row.id));
      try {
        await d.runOnce();
      } finally {
        await d.stop();
      }
      assert.deepEqual(heard, [n.id]);
      assert.equal((await store.outbox.get(n.id))!.status, 'delivered');
      const failed = lines.find((l) => l.msg === 'notification attempt listener failed');
      assert.deepEqual([failed?.notificationId, failed?.err], [n.id, 'listener broke']);
      assert.equal(lines.filter((l) => l.msg === 'notification attempt not recorded').length, 0);
    });

    it('a 200 is retried later; after 3 days of failures the row is failed', async () => {
      receiver.answerWith(200);
      try {
        const n = await enqueue('{"Payment":{"ID":2}}');
        const d = startDispatcher({ store, log, pollMs: 60_000 });
        await d.runOnce();
        let row = await store.outbox.get(n.id);
        assert.equal(row!.status, 'pending');
        assert.ok(row!.nextAttemptAt.getTime() > Date.now() + 20_000, 'backoff of at least ~24 s');
        await d.stop();
        // four days later the same failure is final
        const later = new Date(Date.now() + 4 * 24 * 3_600_000);
        const d2 = startDispatcher({ store, log, pollMs: 60_000, clock: () => later });
        await d2.runOnce();
        await d2.stop();
        row = await store.outbox.get(n.id);
        assert.equal(row!.status, 'failed');
        assert.equal(row!.attempts, 2);
        assert.match(row!.lastError ?? '', /needs 204/);
        // a manual resend makes it due again
        const resent = await store.outbox.reschedule(n.id, new Date());
        assert.equal(resent!.status, 'pending');
      } finally {
        receiver.answerWith(204);
      }
    });
  });
}
