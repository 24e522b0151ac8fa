/**
 * The sweeper's view of the records waiting for a customer (ADR 0051, migration 0021), on both
 * databases: those never looked at, oldest first, once old enough; those looked at, again when due;
 * a deferral that changes nothing else; and nothing listed once it stops waiting. And the records
 * with an unknown outcome, read on from a position in (updatedAt, id) order.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/core/ports/store.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';
import { addMerchant, newPayment, newPreapproval, newRefund } from './sample-records.js';

const at = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s));
const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

for (const kind of storeKinds) {
  describe(`waiting records for the sweeper (${kind})`, () => {
    let t: TestStore;
    let store: Store;
    let m: string;
    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
      m = await addMerchant(store);
    });
    after(() => t.cleanup());

    it('payments: never looked at, oldest first, once created by the cut-off; then again only when due', async () => {
      const pay = (s: number, status: 'created' | 'pending_customer' | 'processing' | 'succeeded') =>
        store.payments.insert(newPayment(m, { status, createdAt: at(s) }));
      const a = await pay(3, 'pending_customer');
      const b = await pay(1, 'created');
      const c = await pay(2, 'pending_customer');
      const late = await pay(9, 'pending_customer');
      await pay(0, 'processing');
      await pay(0, 'succeeded');

      assert.deepEqual(ids(await store.payments.listUnswept(at(5), 100)), [b.id, c.id, a.id]);
      assert.deepEqual(ids(await store.payments.listUnswept(at(5), 2)), [b.id, c.id]);
      assert.deepEqual(ids(await store.payments.listUnswept(at(10), 100)), [b.id, c.id, a.id, late.id]);
      assert.deepEqual(await store.payments.listSweepDue(at(100), 100), [], 'none looked at yet');

      // looked at: b next at 40, c at 20; each leaves the never-looked-at range, unchanged otherwise
      await store.payments.deferSweep(b.id, at(40));
      await store.payments.deferSweep(c.id, at(20));
      assert.deepEqual(await store.payments.getById(b.id), b, 'a deferral changes nothing the payment shows, updatedAt included');
      assert.deepEqual(ids(await store.payments.listUnswept(at(10), 100)), [a.id, late.id]);
      assert.deepEqual(ids(await store.payments.listSweepDue(at(19), 100)), []);
      assert.deepEqual(ids(await store.payments.listSweepDue(at(20), 100)), [c.id]);
      assert.deepEqual(ids(await store.payments.listSweepDue(at(60), 100)), [c.id, b.id], 'the most overdue first');
      assert.deepEqual(ids(await store.payments.listSweepDue(at(60), 1)), [c.id]);

      // once it stops waiting it is in neither list, and a late deferral does not bring it back
      await store.payments.update(c.id, { status: 'succeeded' });
      await store.payments.update(a.id, { status: 'processing' });
      await store.payments.deferSweep(a.id, at(30));
      assert.deepEqual(ids(await store.payments.listSweepDue(at(60), 100)), [b.id]);
      assert.deepEqual(ids(await store.payments.listUnswept(at(10), 100)), [late.id]);
      // created → pending_customer keeps its place
      await store.payments.update(b.id, { status: 'pending_customer' });
      assert.deepEqual(ids(await store.payments.listSweepDue(at(60), 100)), [b.id]);
    });

    it('agreements: pending ones only, the same way', async () => {
      const pre = (s: number, status: 'pending' | 'active') => store.preapprovals.insert(newPreapproval(m, { status, createdAt: at(s) }));
      const x = await pre(2, 'pending');
      const y = await pre(1, 'pending');
      await pre(0, 'active');
      assert.deepEqual(ids(await store.preapprovals.listUnswept(at(5), 100)), [y.id, x.id]);
      await store.preapprovals.deferSweep(y.id, at(30));
      assert.deepEqual(await store.preapprovals.getById(y.id), y);
      assert.deepEqual(ids(await store.preapprovals.listUnswept(at(5), 100)), [x.id]);
      assert.deepEqual(ids(await store.preapprovals.listSweepDue(at(29), 100)), []);
      assert.deepEqual(ids(await store.preapprovals.listSweepDue(at(30), 100)), [y.id]);
      await store.preapprovals.update(y.id, { status: 'active' });
      assert.deepEqual(ids(await store.preapprovals.listSweepDue(at(30), 100)), []);
    });

    it('unknown outcomes, payments and refunds: read on after a position in (updatedAt, id) order', async () => {
      const position = (r: { updatedAt: Date; id: number }) => ({ updatedAt: r.updatedAt, id: r.id });
      const unknown = () => newPayment(m, { status: 'processing', connectorState: { ref: 'T', needsSync: true } });
      const payments = [
        await store.payments.insert(unknown()),
        await store.payments.insert(unknown()),
        await store.payments.insert(unknown()),
      ];
      const first = await store.payments.listNeedingSync(2);
      assert.deepEqual(ids(first), ids(payments.slice(0, 2)));
      assert.deepEqual(ids(await store.payments.listNeedingSync(2, position(first[1]!))), [payments[2]!.id]);
      assert.deepEqual(await store.payments.listNeedingSync(2, position(payments[2]!)), []);

      const pay = await store.payments.insert(newPayment(m, { status: 'succeeded' }));
      const refunds = [];
      for (let i = 0; i < 3; i++) refunds.push(await store.refunds.insert(newRefund(m, pay.id, { needsSync: true })));
      await store.refunds.insert(newRefund(m, pay.id, { needsSync: false }));
      const page = await store.refunds.listNeedingSync(2);
      assert.deepEqual(ids(page), ids(refunds.slice(0, 2)));
      assert.deepEqual(ids(await store.refunds.listNeedingSync(2, position(page[1]!))), [refunds[2]!.id]);
    });
  });
}
