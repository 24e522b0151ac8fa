/**
 * The dashboard's payment search (ADR 0023) on SQLite and PostgreSQL: every filter, keyset paging
 * forwards and back with ties on createdAt, cursors that stay put while payments arrive, refused
 * cursors, the merchant scope (an operator's too), and the search by any id.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Payment } from '../../../src/core/model.js';
import type { NewPayment, Store } from '../../../src/core/ports/store.js';
import { searchPayments, type PaymentFilters, type SearchScope } from '../../../src/core/dashboard/search-payments.js';
import { findPaymentsById } from '../../../src/core/dashboard/find-payments-by-id.js';
import { paymentIdCandidates } from '../../../src/web/dashboard/payment-id-candidates.js';
import { DIALECTS } from '../../../src/dialects/index.js';
import { openTestStore, storeKinds, type TestStore } from '../../helpers/stores.js';
import { addMerchant, newPayment } from '../../storage/sample-records.js';

const T0 = Date.parse('2026-11-01T00:00:00.000Z');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);

for (const kind of storeKinds) {
  describe(`searchPayments (${kind})`, () => {
    let t: TestStore;
    let store: Store;
    let m: string;
    let other: string;
    const byRef: Record<string, Payment> = {};
    const deps = () => ({ store });
    const mine: SearchScope = { merchantId: '' };

    async function add(ref: string, minutes: number, over: Partial<NewPayment> = {}, merchant = m): Promise<Payment> {
      const p = await store.payments.insert(newPayment(merchant, { reference: ref, createdAt: at(minutes), ...over }));
      byRef[ref] = p;
      return p;
    }
    const refsOf = async (filters: PaymentFilters, scope = mine): Promise<string[]> => {
      const r = await searchPayments(deps(), scope, filters, { limit: 200 });
      assert.ok(r.ok);
      return r.items.map((p) => p.reference);
    };

    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
      m = await addMerchant(store);
      other = await addMerchant(store);
      mine.merchantId = m;
      await add('A', 0, {
        dialect: 'globalpay',
        amount: 1000,
        status: 'succeeded',
        customer: { email: 'Anna@Shop.example', firstName: 'Anna', lastName: 'Kim' },
      });
      await add('B', 10, {
        dialect: 'adyen',
        amount: 5000,
        currency: 'EUR',
        status: 'failed',
        customer: { name: 'Bo Park', email: 'bo@x.example' },
      });
      await add('C', 20, { dialect: 'checkoutcom', amount: 3000, status: 'succeeded', method: 'alipay_hk', connector: 'alipayplus' });
      // three at the same instant: the id breaks the tie
      await add('D', 30, { dialect: 'ecommpay', amount: 3000, status: 'refunded' });
      await add('E', 30, { dialect: 'ecommpay', amount: 9000, status: 'created', customer: { firstName: '100%_real' } });
      await add('F', 30, { dialect: 'globalpay', amount: 7000, status: 'pending_customer' });
      await add('X', 40, { dialect: 'globalpay', amount: 1000, status: 'succeeded', customer: { email: 'anna@shop.example' } }, other);
    });
    after(() => t.cleanup());

    it('lists a merchant’s payments newest first, ties on createdAt by id, and never another merchant’s', async () => {
      assert.deepEqual(await refsOf({}), ['F', 'E', 'D', 'C', 'B', 'A']);
      assert.deepEqual(await refsOf({}, { merchantId: other }), ['X']);
      // a merchant's user cannot widen the scope with the merchant filter
      assert.deepEqual(await refsOf({ merchantId: other }), ['F', 'E', 'D', 'C', 'B', 'A']);
    });

    it('lets an operator see every merchant, or one', async () => {
      const all = await refsOf({}, { merchantId: null });
      assert.deepEqual(all.slice(0, 4), ['X', 'F', 'E', 'D']);
      assert.deepEqual(await refsOf({ merchantId: other }, { merchantId: null }), ['X']);
    });

    it('filters by API, method, statuses, dates, amounts, currency, reference and customer', async () => {
      assert.deepEqual(await refsOf({ dialect: 'ecommpay' }), ['E', 'D']);
      assert.deepEqual(await refsOf({ method: 'alipay_hk' }), ['C']);
      assert.deepEqual(await refsOf({ statuses: ['succeeded', 'failed'] }), ['C', 'B', 'A']);
      assert.deepEqual(await refsOf({ statuses: [] }), []);
      assert.deepEqual(await refsOf({ startDate: at(10), endDate: at(30) }), ['C', 'B']);
      assert.deepEqual(await refsOf({ minimumAmount: 3000, maximumAmount: 7000 }), ['F', 'D', 'C', 'B']);
      assert.deepEqual(await refsOf({ currency: 'EUR' }), ['B']);
      assert.deepEqual(await refsOf({ reference: 'D' }), ['D']);
      assert.deepEqual(await refsOf({ customerEmail: 'ANNA@shop.example' }), ['A']);
      assert.deepEqual(await refsOf({ customerName: 'park' }), ['B']);
      assert.deepEqual(await refsOf({ customerName: 'anna k' }), ['A']);
      // LIKE's wildcards are the customer's characters, not wildcards
      assert.deepEqual(await refsOf({ customerName: '0%_r' }), ['E']);
      assert.deepEqual(await refsOf({ customerName: '%' }), ['E']);
      assert.deepEqual(await refsOf({ dialect: 'globalpay', statuses: ['succeeded'] }), ['A']);
    });

    it('pages by keyset forwards and back through ties, and the cursors stay put when new payments arrive', async () => {
      const page = async (cursor?: string) => {
        const r = await searchPayments(deps(), mine, {}, { limit: 2, ...(cursor ? { cursor } : {}) });
        assert.ok(r.ok);
        return r;
      };
      const p1 = await page();
      assert.deepEqual(
        p1.items.map((p) => p.reference),
        ['F', 'E'],
      );
      assert.equal(p1.previous, null);
      assert.ok(p1.next);
      assert.match(p1.next, /^[A-Za-z0-9_-]+$/);
      const p2 = await page(p1.next);
      assert.deepEqual(
        p2.items.map((p) => p.reference),
        ['D', 'C'],
      );
      // a payment arriving meanwhile shifts nothing: no offsets
      await add('NEW', 50);
      const p3 = await page(p2.next!);
      assert.deepEqual(
        p3.items.map((p) => p.reference),
        ['B', 'A'],
      );
      assert.equal(p3.next, null);
      const back2 = await page(p3.previous!);
      assert.deepEqual(
        back2.items.map((p) => p.reference),
        ['D', 'C'],
      );
      const back1 = await page(back2.previous!);
      assert.deepEqual(
        back1.items.map((p) => p.reference),
        ['F', 'E'],
      );
      // the first page's previous: the payment that arrived since
      const newest = await page(back1.previous!);
      assert.deepEqual(
        newest.items.map((p) => p.reference),
        ['NEW'],
      );
      assert.equal(newest.previous, null);
    });

    it('refuses a cursor it did not give', async () => {
      for (const cursor of ['nonsense!', Buffer.from('o.x.1').toString('base64url'), 'A'.repeat(101)])
        assert.deepEqual(await searchPayments(deps(), mine, {}, { cursor }), { ok: false, problem: 'bad_cursor' });
    });

    it('clamps the page size to 1…200', async () => {
      const r = await searchPayments(deps(), mine, {}, { limit: 1 });
      assert.ok(r.ok);
      assert.equal(r.items.length, 1);
      assert.ok(r.next);
    });

    it('finds a payment by each kind of id a merchant holds, within the merchant only', async () => {
      const a = byRef.A!;
      const b = byRef.B!;
      const c = byRef.C!;
      const find = (text: string, scope = mine) =>
        findPaymentsById(deps(), scope, paymentIdCandidates(text)).then((ps) => ps.map((p) => p.reference));
      // walletgate's id, which is GlobalPay's ID
      assert.deepEqual(await find(String(a.id)), ['A']);
      // Adyen's pspReference and Checkout.com's pay_…
      assert.deepEqual(await find(DIALECTS.adyen.paymentId!.format(b.id)), ['B']);
      assert.deepEqual(await find(DIALECTS.checkoutcom.paymentId!.format(c.id)), ['C']);
      // ecommpay's payment_id is the merchant's reference; and any reference
      assert.deepEqual(await find('D'), ['D']);
      // another merchant's payment is not found, by id or by reference; an operator finds it
      const x = byRef.X!;
      assert.deepEqual(await find(String(x.id)), []);
      assert.deepEqual(await find('X'), []);
      assert.deepEqual(await find(String(x.id), { merchantId: null }), ['X']);
      assert.deepEqual(await find('nothing-like-it'), []);
    });
  });
}
