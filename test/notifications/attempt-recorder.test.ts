/**
 * The attempt recorder on a real store (both databases): attempts that end in the same turn are
 * recorded in one transaction, each caller gets its own notification back, and a row that cannot be
 * recorded fails alone, its neighbours recorded all the same.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestStore, storeKinds } from '../helpers/stores.js';
import { attemptRecorder, type AttemptRecord } from '../../src/notifications/attempt-recorder.js';
import { MissingRowError, type Store } from '../../src/core/ports/store.js';
import type { OutboxNotification } from '../../src/core/model.js';

for (const kind of storeKinds) {
  describe(`attempt recorder on ${kind}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    /** the store, counting the transactions the recorder opens itself */
    let counted: Pick<Store, 'transaction' | 'outbox'>;
    let transactions = 0;
    before(async () => {
      ({ store, cleanup } = await openTestStore(kind));
      await store.merchants.insert({ id: 'm1', name: 'M1', notifyUrl: null });
      counted = {
        outbox: store.outbox,
        transaction: (fn, options) => {
          transactions++;
          return store.transaction(fn, options);
        },
      };
    });
    after(() => cleanup());

    const enqueue = (id: number) =>
      store.outbox.enqueue({
        requestId: null,
        merchantId: 'm1',
        dialect: 'globalpay',
        event: 'payment.succeeded',
        resourceType: 'payment',
        resourceId: id,
        url: 'http://127.0.0.1:9/notify',
        headers: { 'Content-Type': 'application/json' },
        body: `{"Payment":{"ID":${id}}}`,
        ack: 'status_204',
      });
    const delivered = (n: OutboxNotification, statusCode = 204): AttemptRecord => {
      const at = new Date();
      return {
        notification: n,
        attempt: { attempt: n.attempts + 1, at, statusCode, error: null, durationMs: 3, responseExcerpt: null },
        next: { status: 'delivered', nextAttemptAt: at, deliveredAt: at },
      };
    };

    it('one attempt alone is recorded at once, without a transaction of the recorder', async () => {
      const n = await enqueue(1);
      transactions = 0;
      const recorded = await attemptRecorder(counted).record(delivered(n));
      assert.equal(recorded.id, n.id);
      assert.equal(recorded.status, 'delivered');
      assert.equal(recorded.attempts, 1);
      assert.equal(transactions, 0);
      assert.equal((await store.outbox.listAttempts(n.id)).length, 1);
    });

    it('attempts that end in the same turn share one transaction, and each caller gets its own row', async () => {
      const rows = await Promise.all([2, 3, 4].map(enqueue));
      transactions = 0;
      const recorder = attemptRecorder(counted);
      const recorded = await Promise.all(rows.map((n, i) => recorder.record(delivered(n, 200 + i))));
      assert.equal(transactions, 1);
      assert.deepEqual(
        recorded.map((r) => [r.id, r.status, r.attempts, r.lastStatusCode]),
        rows.map((n, i) => [n.id, 'delivered', 1, 200 + i]),
      );
      for (const n of rows) {
        const stored = (await store.outbox.get(n.id))!;
        assert.equal(stored.status, 'delivered');
        assert.deepEqual(
          (await store.outbox.listAttempts(n.id)).map((a) => a.statusCode),
          [200 + rows.indexOf(n)],
        );
      }
    });

    it('a row that cannot be recorded fails alone: the others of its group are recorded', async () => {
      const [a, b] = await Promise.all([5, 6].map(enqueue));
      const gone: OutboxNotification = Object.assign({}, a!, { id: 987_654 });
      transactions = 0;
      const recorder = attemptRecorder(counted);
      const settled = await Promise.allSettled([a!, gone, b!].map((n) => recorder.record(delivered(n))));
      const [ra, rGone, rb] = settled as [(typeof settled)[0], (typeof settled)[0], (typeof settled)[0]];
      assert.equal(transactions, 1, 'the group was tried together first');
      assert.equal(ra.status, 'fulfilled');
      assert.equal(rb.status, 'fulfilled');
      assert.equal(rGone.status, 'rejected');
      assert.ok((rGone as PromiseRejectedResult).reason instanceof MissingRowError);
      for (const n of [a!, b!]) {
        assert.equal((await store.outbox.get(n.id))!.status, 'delivered');
        assert.equal((await store.outbox.listAttempts(n.id)).length, 1, 'recorded once: the failed group left nothing behind');
      }
    });

    it('attempts that end while a group is being recorded make the next group', async () => {
      const rows = await Promise.all([7, 8, 9].map(enqueue));
      transactions = 0;
      const recorder = attemptRecorder(counted);
      const first = recorder.record(delivered(rows[0]!));
      // the first is alone in its turn; the next two end while it is being recorded
      await new Promise((resolve) => setImmediate(resolve));
      const rest = rows.slice(1).map((n) => recorder.record(delivered(n)));
      await Promise.all([first, ...rest]);
      assert.equal(transactions, 1, 'the first alone, the other two in one transaction');
      for (const n of rows) assert.equal((await store.outbox.get(n.id))!.status, 'delivered');
    });
  });
}
