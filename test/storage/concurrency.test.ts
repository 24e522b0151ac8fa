import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DuplicateReferenceError, type Store } from '../../src/core/ports/store.js';
import { openTestStore, storeKinds } from '../helpers/stores.js';
import { startReadyGoWorker } from '../helpers/ready-go-worker.js';
import type { TestStore } from '../helpers/stores.js';
import { RESERVE_CAP, tryReserve } from './reserve-refund.js';
import { addMerchant, newNotification, newPayment } from './sample-records.js';

const WORKER = fileURLToPath(new URL('./reserve-worker.ts', import.meta.url));

/** A child process with its own SQLite connection (see reserve-worker.ts): how many of its attempts succeeded. */
function startWorker(file: string, paymentId: number, attempts: number) {
  const worker = startReadyGoWorker(WORKER, [file, String(paymentId), String(attempts)]);
  const result = worker.exited.then(({ code, out, err }) => {
    if (code !== 0) throw new Error(`worker exited with ${String(code)}: ${err}`);
    const last = out.trim().split('\n').at(-1) ?? '';
    return JSON.parse(last) as { succeeded: number };
  });
  return { ready: worker.ready, go: () => worker.go(), result };
}

for (const kind of storeKinds) {
  describe(`storage concurrency (${kind})`, () => {
    let t: TestStore;
    let store: Store;
    let m: string;

    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
      m = await addMerchant(store);
    });
    after(() => t.cleanup());

    it('20 concurrent reservations under a row lock: exactly 10 succeed, total exactly 100', async () => {
      const p = await store.payments.insert(newPayment(m, { status: 'succeeded', capturedAmount: 10_000 }));
      const results = await Promise.all(Array.from({ length: 20 }, () => tryReserve(store, p.id)));
      assert.equal(results.filter(Boolean).length, 10);
      assert.equal((await store.payments.getById(p.id))?.refundReservedAmount, RESERVE_CAP);
    });

    if (kind === 'postgres') {
      it('the same with two pools (stores) on one schema', async () => {
        const second = await t.openAnother();
        const p = await store.payments.insert(newPayment(m, { status: 'succeeded' }));
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => tryReserve(i % 2 === 0 ? store : second, p.id)));
        assert.equal(results.filter(Boolean).length, 10);
        assert.equal((await store.payments.getById(p.id))?.refundReservedAmount, RESERVE_CAP);
      });
    } else {
      it('the same from two processes, each with its own connection to the file', async () => {
        const p = await store.payments.insert(newPayment(m, { status: 'succeeded' }));
        const workers = [startWorker(t.location, p.id, 10), startWorker(t.location, p.id, 10)];
        await Promise.all(workers.map((w) => w.ready));
        for (const w of workers) w.go();
        const counts = await Promise.all(workers.map((w) => w.result));
        assert.equal(counts[0]!.succeeded + counts[1]!.succeeded, 10);
        assert.equal((await store.payments.getById(p.id))?.refundReservedAmount, RESERVE_CAP);
      });
    }

    it('concurrent claimDue from two stores never hands out a row twice', async () => {
      const second = await t.openAnother();
      const mm = await addMerchant(store);
      const enqueued = await Promise.all(
        Array.from({ length: 40 }, (_, i) => store.outbox.enqueue(newNotification(mm, { resourceId: i }))),
      );
      const ours = new Set(enqueued.map((n) => n.id));
      const now = new Date(Math.max(...enqueued.map((n) => n.nextAttemptAt.getTime())) + 1);
      const claimed: number[] = [];
      // Rounds of 8 simultaneous claims (4 per store) until nothing is left.
      for (let round = 0; round < 20; round++) {
        const batches = await Promise.all(
          Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : second).outbox.claimDue(now, 60_000, 3)),
        );
        const got = batches.flat().filter((n) => ours.has(n.id));
        if (got.length === 0) break;
        claimed.push(...got.map((n) => n.id));
      }
      assert.equal(new Set(claimed).size, claimed.length, 'a row was claimed twice');
      assert.equal(claimed.length, enqueued.length, 'every due row was claimed once');
    });

    it('concurrent inserts with one unique reference: exactly one succeeds, the rest are duplicate_reference', async () => {
      const second = await t.openAnother();
      const settled = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? store : second).payments.insert(newPayment(m, { reference: 'RACE', uniqueReference: 'RACE' })),
        ),
      );
      const ok = settled.filter((s) => s.status === 'fulfilled');
      const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
      assert.equal(ok.length, 1);
      assert.equal(failed.length, 11);
      for (const f of failed) assert.ok(f.reason instanceof DuplicateReferenceError, String(f.reason));
      const list = await store.payments.list(m, { reference: 'RACE' }, { index: 1, size: 50 });
      assert.equal(list.total, 1);
    });

    it('concurrent transactional inserts with one unique reference: one commits, the others roll back whole', async () => {
      const settled = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          store.transaction(async (tx) => {
            const p = await tx.payments.insert(newPayment(m, { reference: `TXRACE-${i}`, uniqueReference: `TXRACE-${i}` }));
            await new Promise<void>((resolve) => setImmediate(resolve));
            await tx.payments.insert(newPayment(m, { reference: 'TXRACE', uniqueReference: 'TXRACE' }));
            return p;
          }),
        ),
      );
      assert.equal(settled.filter((s) => s.status === 'fulfilled').length, 1);
      const list = await store.payments.list(m, { startDate: new Date(0) }, { index: 1, size: 500 });
      const txrace = list.items.filter((x) => x.reference.startsWith('TXRACE-'));
      assert.equal(txrace.length, 1, 'the losers’ first inserts were rolled back');
    });
  });
}
