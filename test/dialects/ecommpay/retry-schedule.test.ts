/**
 * ecommpay's callback retry schedule (6 × 10 s, then 70 + 10·1.12^(n−4) s growing to every 4 h, at
 * most 120 attempts over at most 11 days), and the dispatcher's per-dialect seam on a real store:
 * the ecommpay row waits ecommpay's 10 s and needs exactly 200, another dialect's row keeps
 * walletgate's default backoff.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ECP_GIVE_UP_AFTER_MS,
  ECP_MAX_ATTEMPTS,
  ECP_MAX_WAIT_MS,
  ecommpayRetryDelayMs,
  ecommpayRetrySchedule,
} from '../../../src/dialects/ecommpay/retry-schedule.js';
import { perDialect } from '../../../src/dialects/index.js';
import { isAcknowledged, startDispatcher } from '../../../src/notifications/dispatcher.js';
import { createLogger } from '../../../src/logger.js';
import type { Store } from '../../../src/core/ports/store.js';
import { openTestStore, storeKinds } from '../../helpers/stores.js';
import { startMerchantReceiver, type MerchantReceiver } from '../../helpers/merchant-receiver.js';

describe('ecommpay retry schedule', () => {
  it('6 retries 10 s apart, then 70 + 10·1.12^(n−4) s', () => {
    for (let n = 1; n <= 6; n++) assert.equal(ecommpayRetryDelayMs(n), 10_000, `after attempt ${n}`);
    assert.equal(ecommpayRetryDelayMs(7), Math.round((70 + 10 * 1.12 ** 3) * 1000));
    assert.equal(ecommpayRetryDelayMs(20), Math.round((70 + 10 * 1.12 ** 16) * 1000));
  });

  it('grows without ever shrinking until every 4 hours, then stays there', () => {
    let previous = 0;
    for (let n = 1; n < ECP_MAX_ATTEMPTS; n++) {
      const d = ecommpayRetryDelayMs(n);
      assert.ok(d >= previous, `attempt ${n}: ${d} < ${previous}`);
      assert.ok(d <= ECP_MAX_WAIT_MS);
      previous = d;
    }
    assert.equal(ecommpayRetryDelayMs(ECP_MAX_ATTEMPTS - 1), ECP_MAX_WAIT_MS);
  });

  it('at most 120 attempts, within 11 days', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    let now = created;
    let attempts = 1;
    for (;;) {
      const next = ecommpayRetrySchedule(created, attempts, now);
      if (next === null) break;
      assert.ok(next.getTime() - created.getTime() <= ECP_GIVE_UP_AFTER_MS);
      now = next;
      attempts += 1;
    }
    assert.ok(attempts <= ECP_MAX_ATTEMPTS, `${attempts} attempts`);
    assert.ok(attempts >= 100, `keeps trying: ${attempts} attempts`);
    assert.ok(now.getTime() - created.getTime() > 9 * 24 * 3_600_000, 'for more than 9 days');
    // one more failure after 11 days is final, whatever the attempt number
    assert.equal(ecommpayRetrySchedule(created, 10, new Date(created.getTime() + ECP_GIVE_UP_AFTER_MS)), null);
  });

  it('an ecommpay callback is acknowledged by 200 only', () => {
    assert.equal(isAcknowledged('status_200', 200), true);
    for (const s of [201, 202, 204, 302, 500]) assert.equal(isAcknowledged('status_200', s), false);
  });
});

const log = createLogger('silent', { pretty: false });

for (const kind of storeKinds) {
  describe(`the dispatcher uses each dialect's retry schedule, on ${kind}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let receiver: MerchantReceiver;
    before(async () => {
      ({ store, cleanup } = await openTestStore(kind));
      await store.merchants.insert({ id: 'm1', name: 'M1', notifyUrl: null });
      receiver = await startMerchantReceiver();
      receiver.answerWith(500);
    });
    after(async () => {
      await receiver.close();
      await cleanup();
    });

    it('an ecommpay row waits 10 s, a Checkout.com row walletgate’s default backoff', async () => {
      const row = (dialect: string) =>
        store.outbox.enqueue({
          merchantId: 'm1',
          dialect,
          event: 'sale.success',
          resourceType: 'payment',
          resourceId: 1,
          url: receiver.url,
          headers: { 'Content-Type': 'application/json' },
          body: `{"dialect":"${dialect}"}`,
          ack: dialect === 'ecommpay' ? 'status_200' : 'status_2xx',
        });
      const ecp = await row('ecommpay');
      const cko = await row('checkoutcom');
      const now = new Date();
      const d = startDispatcher({
        store,
        log,
        pollMs: 60_000,
        clock: () => now,
        retrySchedules: perDialect((x) => x.notifications.retrySchedule),
      });
      try {
        assert.equal(await d.runOnce(), 2);
      } finally {
        await d.stop();
      }
      const e = (await store.outbox.get(ecp.id))!;
      const c = (await store.outbox.get(cko.id))!;
      assert.equal(e.status, 'pending');
      assert.equal(e.nextAttemptAt.getTime() - now.getTime(), 10_000);
      assert.equal(c.status, 'pending');
      const wait = c.nextAttemptAt.getTime() - now.getTime();
      assert.ok(wait >= 24_000 && wait <= 36_000, `default backoff: ${wait} ms`);
    });
  });
}
