import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Payment } from '../../src/core/model.js';
import type { NewPayment, PaymentFilter, Store } from '../../src/core/ports/store.js';
import { openTestStore, storeKinds } from '../helpers/stores.js';
import type { TestStore } from '../helpers/stores.js';
import { addMerchant, newPayment, newPreapproval } from './sample-records.js';

const T0 = Date.parse('2024-03-01T00:00:00.000Z');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

for (const kind of storeKinds) {
  describe(`payments.list (${kind})`, () => {
    let t: TestStore;
    let store: Store;
    let m: string;
    let other: string;
    /** by reference */
    const p: Record<string, Payment> = {};
    let preapprovalId = 0;

    const refs = async (filter: PaymentFilter, page = { index: 1, size: 100 }): Promise<string[]> =>
      (await store.payments.list(m, filter, page)).items.map((x) => x.reference);

    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
      m = await addMerchant(store);
      other = await addMerchant(store);
      preapprovalId = (await store.preapprovals.insert(newPreapproval(m, { status: 'active' }))).id;
      const rows: [string, number, Partial<NewPayment>][] = [
        ['A', 0, { amount: 1000, currency: 'KRW', status: 'succeeded', billingAddress: { country: 'KR' }, connectorState: { ref: 'T-A' } }],
        ['B', 10, { amount: 5000, currency: 'KRW', status: 'failed', billingAddress: { country: 'kr' } }],
        ['C', 20, { amount: 3000, currency: 'JPY', status: 'succeeded', billingAddress: { country: 'JP' }, preapprovalId: 0 }],
        ['D', 30, { amount: 3000, currency: 'KRW', status: 'refunded', billingAddress: null, preapprovalId: 0 }],
        // same createdAt as D: the id breaks the tie
        ['E', 30, { amount: 9000, currency: 'KRW', status: 'created', billingAddress: { city: 'Seoul' } }],
      ];
      for (const [ref, minutes, over] of rows) {
        const withPre = over.preapprovalId === 0 ? { ...over, preapprovalId } : over;
        p[ref] = await store.payments.insert(newPayment(m, { reference: ref, uniqueReference: ref, createdAt: at(minutes), ...withPre }));
      }
      await store.payments.insert(newPayment(other, { reference: 'A', uniqueReference: 'A', createdAt: at(0) }));
    });
    after(() => t.cleanup());

    it('defaults to newest first (createdAt desc, then id desc) and counts the total', async () => {
      const res = await store.payments.list(m, {}, { index: 1, size: 100 });
      assert.equal(res.total, 5);
      assert.deepEqual(
        res.items.map((x) => x.reference),
        ['E', 'D', 'C', 'B', 'A'],
      );
      assert.deepEqual(res.items[4], p.A);
    });

    it('pages 1-based, total independent of the page', async () => {
      assert.deepEqual(await store.payments.list(m, {}, { index: 2, size: 2 }).then((r) => [r.total, r.items.map((x) => x.reference)]), [
        5,
        ['C', 'B'],
      ]);
      assert.deepEqual(await refs({}, { index: 3, size: 2 }), ['A']);
      assert.deepEqual(await store.payments.list(m, {}, { index: 4, size: 2 }), { items: [], total: 5 });
    });

    it('sorts by reference, amount, createdAt in both directions', async () => {
      assert.deepEqual(await refs({ sortBy: 'reference', sortDirection: 'asc' }), ['A', 'B', 'C', 'D', 'E']);
      assert.deepEqual(await refs({ sortBy: 'reference', sortDirection: 'desc' }), ['E', 'D', 'C', 'B', 'A']);
      assert.deepEqual(await refs({ sortBy: 'amount', sortDirection: 'asc' }), ['A', 'C', 'D', 'B', 'E']);
      assert.deepEqual(await refs({ sortBy: 'amount', sortDirection: 'desc' }), ['E', 'B', 'D', 'C', 'A']);
      assert.deepEqual(await refs({ sortBy: 'createdAt', sortDirection: 'asc' }), ['A', 'B', 'C', 'D', 'E']);
    });

    it('filters by date range (inclusive), amount range, currency, method', async () => {
      assert.deepEqual(await refs({ startDate: at(10), endDate: at(20) }), ['C', 'B']);
      assert.deepEqual(await refs({ startDate: at(11) }), ['E', 'D', 'C']);
      assert.deepEqual(await refs({ endDate: at(9) }), ['A']);
      assert.deepEqual(await refs({ minimumAmount: 3000, maximumAmount: 5000 }), ['D', 'C', 'B']);
      assert.deepEqual(await refs({ currency: 'JPY' }), ['C']);
      assert.deepEqual(await refs({ method: 'kakaopay' }), ['E', 'D', 'C', 'B', 'A']);
      assert.deepEqual(await refs({ method: 'alipay' }), []);
    });

    it('filters by billing country (case-insensitive), reference, statuses, connectorRef', async () => {
      assert.deepEqual(await refs({ country: 'KR' }), ['B', 'A']);
      assert.deepEqual(await refs({ country: 'jp' }), ['C']);
      assert.deepEqual(await refs({ reference: 'D' }), ['D']);
      assert.deepEqual(await refs({ statuses: ['succeeded', 'refunded'] }), ['D', 'C', 'A']);
      assert.deepEqual(await refs({ statuses: [] }), []);
      assert.deepEqual(await refs({ connectorRef: 'T-A' }), ['A']);
      await store.payments.update(p.B!.id, { connectorState: { ref: 'T-B' } });
      assert.deepEqual(await refs({ connectorRef: 'T-B' }), ['B']);
    });

    it('filters by recurring and preapprovalId, and combines filters with AND', async () => {
      assert.deepEqual(await refs({ recurring: true }), ['D', 'C']);
      assert.deepEqual(await refs({ recurring: false }), ['E', 'B', 'A']);
      assert.deepEqual(await refs({ preapprovalId }), ['D', 'C']);
      assert.deepEqual(await refs({ recurring: true, currency: 'KRW' }), ['D']);
      const res = await store.payments.list(
        m,
        { currency: 'KRW', minimumAmount: 2000, sortBy: 'amount', sortDirection: 'asc' },
        { index: 1, size: 2 },
      );
      assert.deepEqual([res.total, res.items.map((x) => x.reference)], [3, ['D', 'B']]);
    });

    it('never lists another merchant’s payments', async () => {
      assert.deepEqual(await refs({ reference: 'A' }), ['A']);
      const res = await store.payments.list(other, {}, { index: 1, size: 100 });
      assert.equal(res.total, 1);
      assert.equal(res.items[0]?.merchantId, other);
    });
  });
}
