import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DuplicateReferenceError, MissingRowError, type Repos, type Store } from '../../src/core/ports/store.js';
import { openTestStore, storeKinds } from '../helpers/stores.js';
import type { TestStore } from '../helpers/stores.js';
import { addMerchant, newNotification, newOperation, newPayment, newPreapproval, newRefund } from './sample-records.js';
import type { OutboxNotification } from '../../src/core/model.js';

const isDuplicateReference = (e: unknown): boolean => e instanceof DuplicateReferenceError;
const isMissingRow = (e: unknown): boolean => e instanceof MissingRowError;

for (const kind of storeKinds) {
  describe(`storage repos (${kind})`, () => {
    let t: TestStore;
    let store: Store;
    let m1: string;
    let m2: string;

    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
      m1 = await addMerchant(store, 'merchant-one');
      m2 = await addMerchant(store, 'merchant-two');
    });
    after(() => t.cleanup());

    it('starts ids where the vendor examples expect them', async () => {
      // This suite's first payment / preapproval / refund / credential / operation / notification.
      const fresh = await openTestStore(kind);
      try {
        const m = await addMerchant(fresh.store);
        const pre = await fresh.store.preapprovals.insert(newPreapproval(m));
        const p = await fresh.store.payments.insert(newPayment(m));
        const r = await fresh.store.refunds.insert(newRefund(m, p.id));
        const c = await fresh.store.credentials.insert({
          merchantId: m,
          dialect: 'globalpay',
          keyId: '1',
          secretHash: 'h',
          secretSealed: 's',
          label: null,
        });
        const op = await fresh.store.operations.append(newOperation(m, p.id));
        const n = await fresh.store.outbox.enqueue(newNotification(m));
        assert.deepEqual([p.id, pre.id, r.id, c.id, op.id, n.id], [4938078, 22276, 16405, 1, 1, 1]);
        assert.equal((await fresh.store.payments.insert(newPayment(m))).id, 4938079);
      } finally {
        await fresh.cleanup();
      }
    });

    it('migrate() is idempotent and ping() answers', async () => {
      await store.migrate();
      await store.ping();
    });

    it('merchants: insert, get, list, update', async () => {
      const before = Date.now();
      const m = await store.merchants.insert({ id: 'merchant-three', name: 'Three', notifyUrl: null });
      assert.equal(m.id, 'merchant-three');
      assert.ok(m.createdAt instanceof Date && m.createdAt.getTime() >= before);
      assert.deepEqual(await store.merchants.get('merchant-three'), m);
      assert.equal(await store.merchants.get('nobody'), undefined);
      const updated = await store.merchants.update('merchant-three', { notifyUrl: 'https://x.example/n' });
      assert.deepEqual(updated, { ...m, notifyUrl: 'https://x.example/n' });
      assert.deepEqual(await store.merchants.update('merchant-three', {}), updated);
      const ids = (await store.merchants.list()).map((x) => x.id);
      assert.ok(['merchant-one', 'merchant-two', 'merchant-three'].every((id) => ids.includes(id)));
      await assert.rejects(store.merchants.update('nobody', { name: 'x' }), isMissingRow);
      await assert.rejects(store.merchants.insert({ id: 'merchant-three', name: 'Again', notifyUrl: null }), isDuplicateReference);
    });

    it("notificationTargets: the merchant's URL, the API's own URL and the API's credentials, by id, in one read", async () => {
      const m = await addMerchant(store, 'merchant-targets');
      const alone = await addMerchant(store, 'merchant-no-keys');
      const key = (dialect: 'globalpay' | 'adyen', keyId: string, hash: string, expiresAt: Date | null = null) =>
        store.credentials.insert({
          merchantId: m,
          dialect,
          keyId,
          secretHash: hash,
          secretSealed: `sealed-${hash}`,
          label: null,
          expiresAt,
        });
      const first = await key('globalpay', 'site-t1', 'hash-t1');
      await key('adyen', 'acct-t', 'hash-t2');
      const expired = await key('globalpay', 'site-t1', 'hash-t3', new Date(Date.UTC(2020, 0, 1)));
      await store.apiNotifyUrls.put(m, 'adyen', 'https://merchant.example/adyen-hook');

      const gp = await store.notificationTargets.get(m, 'globalpay');
      assert.equal(gp?.merchantNotifyUrl, `https://merchant.example/${m}/notify`);
      assert.equal(gp?.apiNotifyUrl, null, 'no URL set for this API');
      assert.deepEqual(
        gp?.credentials.map((c) => [c.id, c.dialect, c.keyId, c.secretSealed, c.expiresAt?.toISOString() ?? null]),
        [
          [first.id, 'globalpay', 'site-t1', 'sealed-hash-t1', null],
          [expired.id, 'globalpay', 'site-t1', 'sealed-hash-t3', '2020-01-01T00:00:00.000Z'],
        ],
        "this API's keys only, expired ones too (the notifier decides), in id order",
      );
      assert.deepEqual(
        gp?.credentials[0],
        (await store.credentials.listByMerchant(m)).find((c) => c.id === first.id),
        'the same record as listByMerchant',
      );

      const ady = await store.notificationTargets.get(m, 'adyen');
      assert.equal(ady?.apiNotifyUrl, 'https://merchant.example/adyen-hook');
      assert.deepEqual(
        ady?.credentials.map((c) => c.keyId),
        ['acct-t'],
      );

      // inside a transaction, as the notifier reads it, and for a merchant with no keys at all
      const none = await store.transaction((tx) => tx.notificationTargets.get(alone, 'globalpay'));
      assert.deepEqual(none, { merchantNotifyUrl: `https://merchant.example/${alone}/notify`, apiNotifyUrl: null, credentials: [] });
      assert.equal(await store.notificationTargets.get('no-such-merchant', 'globalpay'), undefined);
    });

    it('credentials: insert, findByKeyId, listByMerchant, delete scoped to the merchant', async () => {
      const a = await store.credentials.insert({
        merchantId: m1,
        dialect: 'globalpay',
        keyId: 'site-77',
        secretHash: 'hash-a',
        secretSealed: 'sealed-a',
        label: 'primary',
      });
      const b = await store.credentials.insert({
        merchantId: m1,
        dialect: 'globalpay',
        keyId: 'site-77',
        secretHash: 'hash-b',
        secretSealed: 'sealed-b',
        label: null,
      });
      await store.credentials.insert({
        merchantId: m2,
        dialect: 'adyen',
        keyId: 'site-77',
        secretHash: 'h',
        secretSealed: 's',
        label: null,
      });
      assert.deepEqual(a, {
        ...a,
        merchantId: m1,
        dialect: 'globalpay',
        kind: 'api_key',
        keyId: 'site-77',
        secretHash: 'hash-a',
        secretSealed: 'sealed-a',
      });
      const signing = await store.credentials.insert({
        merchantId: m2,
        dialect: 'adyen',
        kind: 'signing_key',
        keyId: 'acct-9',
        secretHash: 'hash-sign',
        secretSealed: 's',
        label: null,
      });
      assert.equal(signing.kind, 'signing_key');
      const adyenKey = await store.credentials.insert({
        merchantId: m2,
        dialect: 'adyen',
        keyId: 'acct-9',
        secretHash: 'hash-api',
        secretSealed: 's',
        label: null,
      });
      assert.deepEqual(await store.credentials.findBySecretHash('hash-api'), adyenKey);
      assert.deepEqual(await store.credentials.findBySecretHash('hash-sign'), signing);
      assert.equal(await store.credentials.findBySecretHash('nobody'), undefined);
      assert.equal(await store.credentials.keyIdOwner('adyen', 'acct-9'), m2);
      assert.equal(await store.credentials.keyIdOwner('globalpay', 'site-77'), m1);
      assert.equal(await store.credentials.keyIdOwner('globalpay', 'acct-9'), undefined);
      await store.credentials.delete(m2, signing.id);
      await store.credentials.delete(m2, adyenKey.id);
      assert.deepEqual(await store.credentials.findByKeyId('globalpay', 'site-77'), [a, b]);
      assert.deepEqual(await store.credentials.listByMerchant(m1), [a, b]);
      assert.equal(await store.credentials.delete(m2, a.id), false);
      assert.equal(await store.credentials.delete(m1, a.id), true);
      assert.equal(await store.credentials.delete(m1, a.id), false);
      assert.deepEqual(await store.credentials.findByKeyId('globalpay', 'site-77'), [b]);
    });

    it('payments: full round trip with dates and JSON, lookups, merchant scoping', async () => {
      const pre = await store.preapprovals.insert(newPreapproval(m1));
      const input = newPayment(m1, {
        reference: 'ORDER-1',
        uniqueReference: 'ORDER-1',
        amount: 12_345,
        status: 'pending_customer',
        description: 'Coffee 한 잔',
        customer: { email: 'a@b.example', firstName: 'Kim', lastName: null, merchantCustomerId: 'c-1' },
        billingAddress: { city: 'Seoul', country: 'KR', zipCode: '04524', street: null },
        shippingAddress: { city: 'Busan', country: 'KR' },
        articles: [
          { name: 'Latte', quantity: 2, price: 5000, vat: 10 },
          { name: 'Tip', quantity: 1, price: 2345, discount: null },
        ],
        returnUrl: 'https://shop.example/back?x=1',
        expiresAt: new Date('2031-02-03T04:05:06.789Z'),
        preapprovalId: pre.id,
        customerProfileId: 7,
        connectorState: { ref: 'T1234', wallet: { partnerOrderId: 'po' }, desktopUrl: 'https://k.example/d' },
        extras: { globalpay: { PaymentDetails: [1, 'two', { three: true }], Nested: null } },
        createdAt: new Date('2021-01-01T00:00:00.123Z'),
      });
      const p = await store.payments.insert(input);
      const { createdAt, ...rest } = input;
      assert.deepEqual(p, { ...rest, id: p.id, createdAt, updatedAt: createdAt });
      assert.deepEqual(await store.payments.get(m1, p.id), p);
      assert.equal(await store.payments.get(m2, p.id), undefined);
      assert.deepEqual(await store.payments.getById(p.id), p);
      assert.deepEqual(await store.payments.getByCustomerToken(p.customerToken), p);
      assert.deepEqual(await store.payments.getByUniqueReference(m1, 'ORDER-1'), p);
      assert.equal(await store.payments.getByUniqueReference(m2, 'ORDER-1'), undefined);
      assert.equal(await store.payments.getById(1), undefined);
      assert.equal(await store.payments.getByCustomerToken('nope'), undefined);
      assert.deepEqual(await store.transaction((tx) => tx.payments.getByIdForUpdate(p.id)), p);
    });

    it('payments: update applies the patch, bumps updatedAt, keeps needsSync in step', async () => {
      const p = await store.payments.insert(newPayment(m1, { createdAt: new Date(Date.now() - 60_000) }));
      const u = await store.payments.update(p.id, {
        status: 'succeeded',
        capturedAmount: 10_000,
        refundReservedAmount: 500,
        connectorState: { ref: 'T9', approvalRef: 'A9', needsSync: true },
        failureCode: null,
        expiresAt: null,
        extras: { k: 'v' },
      });
      assert.equal(u.status, 'succeeded');
      assert.equal(u.capturedAmount, 10_000);
      assert.equal(u.refundReservedAmount, 500);
      assert.equal(u.refundedAmount, 0);
      assert.deepEqual(u.connectorState, { ref: 'T9', approvalRef: 'A9', needsSync: true });
      assert.deepEqual(u.extras, { k: 'v' });
      assert.deepEqual(u.createdAt, p.createdAt);
      assert.ok(u.updatedAt.getTime() > p.updatedAt.getTime());
      assert.deepEqual(await store.payments.getById(p.id), u);
      assert.ok((await store.payments.listNeedingSync(1000)).some((x) => x.id === p.id));
      await store.payments.update(p.id, { connectorState: { ref: 'T9' } });
      assert.ok(!(await store.payments.listNeedingSync(1000)).some((x) => x.id === p.id));
      await assert.rejects(store.payments.update(1, { status: 'failed' }), isMissingRow);
    });

    it('payments: duplicate unique reference → duplicate_reference; NULL and other merchants are fine', async () => {
      await store.payments.insert(newPayment(m1, { reference: 'DUP', uniqueReference: 'DUP' }));
      await assert.rejects(store.payments.insert(newPayment(m1, { reference: 'DUP', uniqueReference: 'DUP' })), isDuplicateReference);
      await store.payments.insert(newPayment(m2, { reference: 'DUP', uniqueReference: 'DUP' }));
      await store.payments.insert(newPayment(m1, { reference: 'DUP', uniqueReference: null }));
      await store.payments.insert(newPayment(m1, { reference: 'DUP', uniqueReference: null }));
      // A clash on another unique column is not a duplicate reference.
      const p = await store.payments.insert(newPayment(m1));
      await assert.rejects(store.payments.insert(newPayment(m1, { customerToken: p.customerToken })), (e) => !isDuplicateReference(e));
    });

    it('preapprovals: round trip, scoping, update, list, duplicates', async () => {
      const input = newPreapproval(m1, {
        reference: 'SUB-1',
        uniqueReference: 'SUB-1',
        customer: { email: 'x@y.example' },
        customerRef: 'shopper-9',
        originPaymentId: 4938078,
        billingAddress: { country: 'KR' },
        recurringPeriod: 30,
        maxAmount: 99_000,
        expiresAt: new Date('2032-12-31T23:59:59.999Z'),
        connectorState: { wallet: { partnerUserId: 'u1' }, customerRef: 'u1' },
        extras: { a: [1, 2] },
        createdAt: new Date('2020-05-05T05:05:05.005Z'),
      });
      const p = await store.preapprovals.insert(input);
      const { createdAt, ...rest } = input;
      assert.deepEqual(p, { ...rest, id: p.id, createdAt, updatedAt: createdAt });
      assert.deepEqual(await store.preapprovals.get(m1, p.id), p);
      assert.equal(await store.preapprovals.get(m2, p.id), undefined);
      assert.deepEqual(await store.preapprovals.getById(p.id), p);
      assert.deepEqual(await store.preapprovals.getByCustomerToken(p.customerToken), p);
      assert.deepEqual(await store.transaction((tx) => tx.preapprovals.getByIdForUpdate(p.id)), p);
      await assert.rejects(
        store.preapprovals.insert(newPreapproval(m1, { reference: 'SUB-1', uniqueReference: 'SUB-1' })),
        isDuplicateReference,
      );

      const u = await store.preapprovals.update(p.id, { status: 'active', agreementToken: 'SID123', connectorState: { ref: 'T' } });
      assert.deepEqual(u, { ...p, status: 'active', agreementToken: 'SID123', connectorState: { ref: 'T' }, updatedAt: u.updatedAt });
      assert.ok(u.updatedAt > p.updatedAt);

      const q = await store.preapprovals.insert(newPreapproval(m1, { status: 'active' }));
      const listed = await store.preapprovals.list(m1, { statuses: ['active'] }, { index: 1, size: 1 });
      assert.ok(listed.total >= 2);
      assert.deepEqual(
        listed.items.map((x) => x.id),
        [q.id],
      );
      const byRef = await store.preapprovals.list(m1, { reference: 'SUB-1' }, { index: 1, size: 10 });
      assert.deepEqual(byRef, { items: [u], total: 1 });
      const byCustomer = await store.preapprovals.list(m1, { customerRef: 'shopper-9' }, { index: 1, size: 10 });
      assert.deepEqual(byCustomer, { items: [u], total: 1 });
      assert.deepEqual(await store.preapprovals.list(m1, { originPaymentId: 4938078 }, { index: 1, size: 10 }), { items: [u], total: 1 });
      assert.equal((await store.preapprovals.list(m2, { customerRef: 'shopper-9' }, { index: 1, size: 10 })).total, 0);
      // the dialect filter: the same customer's agreement made through another API is not listed
      const other = await store.preapprovals.insert(newPreapproval(m1, { dialect: 'adyen', customerRef: 'shopper-9' }));
      assert.deepEqual(await store.preapprovals.list(m1, { customerRef: 'shopper-9', dialect: 'globalpay' }, { index: 1, size: 10 }), {
        items: [u],
        total: 1,
      });
      assert.deepEqual(await store.preapprovals.list(m1, { customerRef: 'shopper-9', dialect: 'adyen' }, { index: 1, size: 10 }), {
        items: [other],
        total: 1,
      });
      assert.equal(q.customerRef, null);
      assert.equal(q.originPaymentId, null);
      assert.deepEqual(await store.preapprovals.list(m2, {}, { index: 1, size: 10 }), { items: [], total: 0 });
    });

    it('refunds: round trip, scoping, listByPayment, update, listNeedingSync', async () => {
      const pay = await store.payments.insert(newPayment(m1));
      const r1 = await store.refunds.insert(
        newRefund(m1, pay.id, { reference: 'R-1', articles: [{ name: 'Latte', quantity: 1 }], extras: { why: 'customer' } }),
      );
      const r2 = await store.refunds.insert(newRefund(m1, pay.id, { amount: 200, needsSync: true }));
      assert.deepEqual(r1, {
        ...newRefund(m1, pay.id, { reference: 'R-1', articles: [{ name: 'Latte', quantity: 1 }], extras: { why: 'customer' } }),
        id: r1.id,
        createdAt: r1.createdAt,
        updatedAt: r1.createdAt,
      });
      assert.deepEqual(await store.refunds.get(m1, pay.id, r1.id), r1);
      assert.equal(await store.refunds.get(m2, pay.id, r1.id), undefined);
      assert.equal(await store.refunds.get(m1, pay.id + 1, r1.id), undefined);
      assert.deepEqual(await store.refunds.getById(r2.id), r2);
      assert.deepEqual(await store.refunds.listByPayment(m1, pay.id), [r1, r2]);
      assert.deepEqual(await store.refunds.listByPayment(m2, pay.id), []);
      assert.deepEqual(await store.refunds.findByReference(pay.id, 'R-1'), r1);
      assert.equal(await store.refunds.findByReference(pay.id, 'R-2'), undefined);
      assert.equal(await store.refunds.findByReference(pay.id + 1, 'R-1'), undefined);
      assert.ok((await store.refunds.listNeedingSync(100)).some((r) => r.id === r2.id));
      const done = await store.refunds.update(r2.id, { status: 'succeeded', connectorRef: 'AID-1', needsSync: false });
      assert.deepEqual(done, { ...r2, status: 'succeeded', connectorRef: 'AID-1', needsSync: false, updatedAt: done.updatedAt });
      assert.ok(!(await store.refunds.listNeedingSync(100)).some((r) => r.id === r2.id));
      // needsSync on a refund that is no longer pending does not make it a sweeper candidate
      await store.refunds.update(r2.id, { needsSync: true });
      assert.ok(!(await store.refunds.listNeedingSync(100)).some((r) => r.id === r2.id));
    });

    it('operations.add and outbox.add write the rows append and enqueue write, in a transaction and alone', async () => {
      // a store of its own: its outbox rows stay pending, out of the way of the outbox test's claims
      const own = await openTestStore(kind);
      const store = own.store;
      try {
        const m = await addMerchant(store);
        const pay = await store.payments.insert(newPayment(m));
        const base = { refundId: null, preapprovalId: null, amount: 700, currency: 'KRW', code: 'C1', message: 'm' } as const;
        const appended = await store.operations.append({ ...base, merchantId: m, paymentId: pay.id, kind: 'approve', status: 'ok' });
        await store.transaction(async (tx) => {
          await tx.operations.add({ ...base, merchantId: m, paymentId: pay.id, kind: 'approve', status: 'ok' });
          await tx.outbox.add(newNotification(m, { resourceId: pay.id, url: 'https://added.example/n' }));
        });
        await store.operations.add({ ...base, merchantId: m, paymentId: pay.id, kind: 'cancel', status: 'failed' });
        const ops = await store.operations.listByPayment(m, pay.id);
        const { id: _a, createdAt: _b, ...appendedFields } = appended;
        assert.deepEqual(
          ops.map(({ id: _i, createdAt: _c, ...fields }) => fields),
          [appendedFields, appendedFields, { ...appendedFields, kind: 'cancel', status: 'failed' }],
        );
        const [note] = await store.outbox.list({ merchantId: m, resources: [{ type: 'payment', id: pay.id }] });
        const enqueued = await store.outbox.enqueue(newNotification(m, { resourceId: pay.id, url: 'https://added.example/n' }));
        const { id: _n1, createdAt: _n2, nextAttemptAt: _n3, ...addedFields } = note!;
        const { id: _e1, createdAt: _e2, nextAttemptAt: _e3, ...enqueuedFields } = enqueued;
        assert.deepEqual(addedFields, enqueuedFields);
      } finally {
        await own.cleanup();
      }
    });

    it('operations: append and list by payment / preapproval, scoped', async () => {
      const pay = await store.payments.insert(newPayment(m1));
      const pre = await store.preapprovals.insert(newPreapproval(m1));
      const base = { merchantId: m1, refundId: null, amount: null, currency: null, code: null, message: null } as const;
      const o1 = await store.operations.append({ ...base, paymentId: pay.id, preapprovalId: null, kind: 'create', status: 'ok' });
      const o2 = await store.operations.append({
        ...base,
        paymentId: pay.id,
        preapprovalId: pre.id,
        kind: 'charge',
        status: 'failed',
        amount: 500,
        currency: 'KRW',
        code: 'E1',
        message: 'declined',
      });
      assert.deepEqual(o2, {
        ...base,
        id: o2.id,
        paymentId: pay.id,
        preapprovalId: pre.id,
        kind: 'charge',
        status: 'failed',
        amount: 500,
        currency: 'KRW',
        code: 'E1',
        message: 'declined',
        createdAt: o2.createdAt,
      });
      assert.deepEqual(await store.operations.listByPayment(m1, pay.id), [o1, o2]);
      assert.deepEqual(await store.operations.listByPreapproval(m1, pre.id), [o2]);
      assert.deepEqual(await store.operations.listByPayment(m2, pay.id), []);
    });

    it("operations: a given time is the row's createdAt; without one, the time it is written", async () => {
      const pay = await store.payments.insert(newPayment(m1));
      const at = new Date('2026-01-02T03:04:05.678Z');
      const before = Date.now();
      await store.transaction(async (tx) => {
        await tx.operations.add(newOperation(m1, pay.id, { kind: 'approve', at }));
        await tx.operations.add(newOperation(m1, pay.id, { kind: 'sync' }));
      });
      const [given, written] = (await store.operations.listByPayment(m1, pay.id)).slice(-2);
      assert.equal(given!.createdAt.getTime(), at.getTime());
      assert.equal('at' in given!, false, 'an operation read back has createdAt only');
      assert.ok(written!.createdAt.getTime() >= before && written!.createdAt.getTime() <= Date.now());
    });

    it('outbox: enqueue, claimDue with leases, recordAttempt, listAttempts, list, reschedule', async () => {
      const m = await addMerchant(store);
      // the request that raised it (migration 0016) is kept and read back
      const n = await store.outbox.enqueue(newNotification(m, { requestId: 'shop-order-42' }));
      assert.deepEqual(n, {
        ...newNotification(m, { requestId: 'shop-order-42' }),
        id: n.id,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: n.createdAt,
        leaseUntil: null,
        lastStatusCode: null,
        lastError: null,
        createdAt: n.createdAt,
        deliveredAt: null,
      });
      assert.deepEqual(await store.outbox.get(n.id), n);
      assert.equal(await store.outbox.get(n.id + 1000), undefined);

      const now = new Date(n.nextAttemptAt.getTime() + 10);
      assert.deepEqual(await store.outbox.claimDue(new Date(n.nextAttemptAt.getTime() - 1), 30_000, 10), [], 'not due yet');
      const claimed = await store.outbox.claimDue(now, 30_000, 10);
      assert.deepEqual(
        claimed.filter((x) => x.id === n.id),
        [{ ...n, leaseUntil: new Date(now.getTime() + 30_000) }],
      );
      assert.ok(!(await store.outbox.claimDue(now, 30_000, 10)).some((x) => x.id === n.id), 'leased rows are not claimed again');
      const afterLease = new Date(now.getTime() + 30_001);
      assert.ok(
        (await store.outbox.claimDue(afterLease, 30_000, 10)).some((x) => x.id === n.id),
        'an expired lease can be re-claimed',
      );

      const at = new Date(now.getTime() + 5);
      const retryAt = new Date(now.getTime() + 60_000);
      const failed = await store.outbox.recordAttempt(
        n,
        { attempt: 1, at, statusCode: 500, error: 'HTTP 500', durationMs: 42, responseExcerpt: 'oops' },
        { status: 'pending', nextAttemptAt: retryAt, deliveredAt: null },
      );
      assert.deepEqual(failed, { ...n, attempts: 1, nextAttemptAt: retryAt, lastStatusCode: 500, lastError: 'HTTP 500', leaseUntil: null });
      assert.deepEqual(await store.outbox.get(n.id), failed, 'what it answers is what is stored, without reading it back');
      const deliveredAt = new Date(now.getTime() + 61_000);
      const ok = await store.transaction((tx) =>
        tx.outbox.recordAttempt(
          failed,
          { attempt: 2, at: deliveredAt, statusCode: 204, error: null, durationMs: 7, responseExcerpt: null },
          { status: 'delivered', nextAttemptAt: retryAt, deliveredAt },
        ),
      );
      assert.deepEqual(ok, { ...failed, attempts: 2, status: 'delivered', deliveredAt, lastStatusCode: 204, lastError: null });
      assert.deepEqual(await store.outbox.get(n.id), ok);
      const attempts = await store.outbox.listAttempts(n.id);
      assert.deepEqual(
        attempts.map(({ id: _id, ...a }) => a),
        [
          { notificationId: n.id, attempt: 1, at, statusCode: 500, error: 'HTTP 500', durationMs: 42, responseExcerpt: 'oops' },
          { notificationId: n.id, attempt: 2, at: deliveredAt, statusCode: 204, error: null, durationMs: 7, responseExcerpt: null },
        ],
      );
      await assert.rejects(
        store.outbox.recordAttempt(
          { ...n, id: n.id + 1000 },
          { attempt: 1, at, statusCode: null, error: 'x', durationMs: 1, responseExcerpt: null },
          { status: 'failed', nextAttemptAt: at, deliveredAt: null },
        ),
        isMissingRow,
      );

      assert.ok(!(await store.outbox.claimDue(new Date(deliveredAt.getTime() + 1e6), 1000, 100)).some((x) => x.id === n.id), 'delivered');
      const again = await store.outbox.reschedule(n.id, deliveredAt);
      assert.deepEqual(again, { ...ok, status: 'pending', nextAttemptAt: deliveredAt, leaseUntil: null });
      assert.equal(await store.outbox.reschedule(n.id + 1000, at), undefined);

      const n2 = await store.outbox.enqueue(newNotification(m, { event: 'refund.succeeded', resourceType: 'refund', resourceId: 16405 }));
      assert.deepEqual(
        (await store.outbox.list({ merchantId: m })).map((x) => x.id),
        [n2.id, n.id],
      );
      assert.deepEqual(
        (await store.outbox.list({ merchantId: m, limit: 1 })).map((x) => x.id),
        [n2.id],
      );
      await store.outbox.recordAttempt(
        n2,
        { attempt: 1, at, statusCode: 404, error: null, durationMs: 3, responseExcerpt: null },
        { status: 'failed', nextAttemptAt: at, deliveredAt: null },
      );
      assert.deepEqual(
        (await store.outbox.list({ merchantId: m, status: 'failed' })).map((x) => x.id),
        [n2.id],
      );
      // by the records they are about: a payment (4938078) and its refund (16405), not a refund with the payment's number
      const n3 = await store.outbox.enqueue(newNotification(m, { event: 'refund.failed', resourceType: 'refund', resourceId: 4938078 }));
      const about = async (resources: { type: 'payment' | 'refund'; id: number }[]) =>
        (await store.outbox.list({ merchantId: m, resources })).map((x) => x.id);
      assert.deepEqual(await about([{ type: 'payment', id: 4938078 }]), [n.id]);
      assert.deepEqual(
        await about([
          { type: 'payment', id: 4938078 },
          { type: 'refund', id: 16405 },
        ]),
        [n2.id, n.id],
      );
      assert.deepEqual(await about([{ type: 'refund', id: 4938078 }]), [n3.id]);
      assert.deepEqual(await about([]), [], 'an empty list matches nothing');
    });

    it('outbox: lastDeliveredAt is the newest delivery per record, scoped to merchant and record type', async () => {
      const m = await addMerchant(store);
      const other = await addMerchant(store);
      const deliver = async (n: OutboxNotification, at: Date | null) =>
        store.outbox.recordAttempt(
          n,
          {
            attempt: 1,
            at: at ?? new Date(),
            statusCode: at ? 204 : 500,
            error: at ? null : 'HTTP 500',
            durationMs: 1,
            responseExcerpt: null,
          },
          { status: at ? 'delivered' : 'pending', nextAttemptAt: new Date(), deliveredAt: at },
        );
      const t1 = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
      const t2 = new Date(Date.UTC(2026, 0, 2, 3, 9, 0));
      await deliver(await store.outbox.enqueue(newNotification(m, { resourceId: 101 })), t2);
      await deliver(await store.outbox.enqueue(newNotification(m, { resourceId: 101 })), t1);
      await deliver(await store.outbox.enqueue(newNotification(m, { resourceId: 102 })), null);
      await deliver(await store.outbox.enqueue(newNotification(m, { resourceType: 'refund', resourceId: 103 })), t1);
      await deliver(await store.outbox.enqueue(newNotification(other, { resourceId: 103 })), t1);
      assert.deepEqual(await store.outbox.lastDeliveredAt(m, 'payment', [101, 102, 103, 999]), new Map([[101, t2]]));
      assert.deepEqual(await store.outbox.lastDeliveredAt(m, 'refund', [103]), new Map([[103, t1]]));
      assert.deepEqual(await store.outbox.lastDeliveredAt(m, 'payment', []), new Map());
    });

    it('idempotency: first writer wins', async () => {
      const rec = {
        merchantId: m1,
        dialect: 'adyen',
        key: 'idem-1',
        requestHash: 'h1',
        responseStatus: 201,
        responseBody: '{"a":1}',
      } as const;
      assert.equal(await store.idempotency.get(m1, 'adyen', 'idem-1'), undefined);
      const before = Date.now();
      const createdAt = await store.idempotency.put(rec);
      assert.equal(await store.idempotency.put({ ...rec, requestHash: 'h2', responseBody: 'other' }), undefined, 'the first writer wins');
      const got = await store.idempotency.get(m1, 'adyen', 'idem-1');
      assert.ok(got && got.createdAt.getTime() >= before);
      assert.deepEqual(got, { ...rec, createdAt }, 'put answers the createdAt the record was written with');
      assert.equal(await store.idempotency.get(m1, 'globalpay', 'idem-1'), undefined);
      assert.equal(await store.idempotency.get(m2, 'adyen', 'idem-1'), undefined);
      assert.ok((await store.transaction((tx) => tx.idempotency.put({ ...rec, merchantId: m2 }))) instanceof Date);
      assert.equal(await store.transaction((tx) => tx.idempotency.put({ ...rec, merchantId: m2 })), undefined);
    });

    it('customer profiles: one per e-mail per merchant (case-insensitive), anonymous ones distinct, scoped', async () => {
      const a = await store.customerProfiles.insert({ merchantId: m1, email: 'Kim@Shop.example', name: 'Kim', phone: null });
      assert.ok(a);
      assert.equal(a.email, 'kim@shop.example');
      assert.equal(
        await store.customerProfiles.insert({ merchantId: m1, email: 'kim@shop.example', name: 'Other', phone: null }),
        undefined,
      );
      assert.deepEqual(await store.customerProfiles.findByEmail(m1, 'KIM@shop.example'), a);
      assert.equal(await store.customerProfiles.findByEmail(m2, 'kim@shop.example'), undefined);
      const b = await store.customerProfiles.insert({ merchantId: m2, email: 'kim@shop.example', name: null, phone: null });
      assert.ok(b && b.id !== a.id);
      const anon1 = await store.customerProfiles.insert({ merchantId: m1, email: null, name: 'Lee', phone: null });
      const anon2 = await store.customerProfiles.insert({ merchantId: m1, email: null, name: 'Lee', phone: null });
      assert.ok(anon1 && anon2 && anon1.id !== anon2.id);
      assert.deepEqual(await store.customerProfiles.get(m1, a.id), a);
      assert.equal(await store.customerProfiles.get(m2, a.id), undefined);
      // inside a transaction a conflicting insert does not abort it
      const inTx = await store.transaction(async (tx) => {
        const dup = await tx.customerProfiles.insert({ merchantId: m1, email: 'kim@shop.example', name: null, phone: null });
        return { dup, found: await tx.customerProfiles.findByEmail(m1, 'kim@shop.example') };
      });
      assert.equal(inTx.dup, undefined);
      assert.equal(inTx.found?.id, a.id);
    });

    it('transaction: commits on success, writes nothing when fn throws', async () => {
      const committed = await store.transaction(async (tx) => {
        const p = await tx.payments.insert(newPayment(m1, { reference: 'TX-OK', uniqueReference: 'TX-OK' }));
        await tx.operations.append(newOperation(m1, p.id));
        return p;
      });
      assert.deepEqual(await store.payments.getByUniqueReference(m1, 'TX-OK'), committed);
      assert.equal((await store.operations.listByPayment(m1, committed.id)).length, 1);

      let paymentId = 0;
      await assert.rejects(
        store.transaction(async (tx) => {
          const p = await tx.payments.insert(newPayment(m1, { reference: 'TX-BAD', uniqueReference: 'TX-BAD' }));
          paymentId = p.id;
          await tx.payments.update(committed.id, { status: 'failed' });
          await tx.outbox.enqueue(newNotification(m1, { resourceId: p.id, event: 'rolled.back' }));
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.ok(paymentId > 0);
      assert.equal(await store.payments.getByUniqueReference(m1, 'TX-BAD'), undefined);
      assert.equal(await store.payments.getById(paymentId), undefined);
      assert.equal((await store.payments.getById(committed.id))?.status, 'created');
      assert.ok(!(await store.outbox.list({ merchantId: m1 })).some((n) => n.event === 'rolled.back'));

      // A duplicate inside a transaction surfaces as duplicate_reference and rolls the rest back.
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.payments.insert(newPayment(m1, { reference: 'TX-DUP2', uniqueReference: 'TX-DUP2' }));
          await tx.payments.insert(newPayment(m1, { reference: 'TX-OK', uniqueReference: 'TX-OK' }));
        }),
        isDuplicateReference,
      );
      assert.equal(await store.payments.getByUniqueReference(m1, 'TX-DUP2'), undefined);
      // the store is still usable afterwards
      await store.ping();
    });

    it('afterCommit: runs once the transaction is committed, where another reader sees its rows; never after a rollback', async () => {
      const seen: Array<{ visible: boolean }> = [];
      let insideRan = false;
      const p = await store.transaction(async (tx) => {
        const inserted = await tx.payments.insert(newPayment(m1, { reference: 'AC-OK', uniqueReference: 'AC-OK' }));
        tx.afterCommit(() => {
          // the root store reads outside the transaction: the row must be there already
          void store.payments.getById(inserted.id).then((row) => seen.push({ visible: row !== undefined }));
        });
        insideRan = seen.length > 0;
        return inserted;
      });
      assert.equal(insideRan, false, 'not run inside the transaction');
      await waitFor(() => seen.length === 1);
      assert.deepEqual(seen, [{ visible: true }]);
      assert.ok(p.id > 0);

      let rolledBackRan = false;
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.payments.insert(newPayment(m1, { reference: 'AC-BAD', uniqueReference: 'AC-BAD' }));
          tx.afterCommit(() => {
            rolledBackRan = true;
          });
          throw new Error('undone');
        }),
        /undone/,
      );
      // outside a transaction it runs at once (in a microtask), after which the rolled-back one would have had its turn
      let aloneRan = false;
      store.afterCommit(() => {
        aloneRan = true;
      });
      await waitFor(() => aloneRan);
      assert.equal(rolledBackRan, false, 'never run for a transaction rolled back');
    });

    it('afterDurable: outside a transaction at once, in a durable one after its commit, never for one rolled back', async () => {
      let aloneRan = false;
      store.afterDurable(() => {
        aloneRan = true;
      });
      await waitFor(() => aloneRan);
      let ran = false;
      const inserted = await store.transaction(async (tx) => {
        const row = await tx.payments.insert(newPayment(m1, { reference: 'DURABLE-1', uniqueReference: 'DURABLE-1' }));
        tx.afterDurable(() => {
          ran = true;
        });
        return row;
      });
      await waitFor(() => ran);
      assert.equal((await store.payments.getById(inserted.id))?.reference, 'DURABLE-1');
      let rolledBackRan = false;
      await assert.rejects(
        store.transaction(async (tx) => {
          tx.afterDurable(() => {
            rolledBackRan = true;
          });
          throw new Error('undone');
        }),
        /undone/,
      );
      // a durable transaction's afterDurable runs in a microtask: one rolled back would have had its turn by now
      let laterRan = false;
      await store.transaction(async (tx) => tx.afterDurable(() => (laterRan = true)));
      await waitFor(() => laterRan);
      assert.equal(rolledBackRan, false);
    });

    it('afterDurable of a transaction durable with the next commit: on SQLite after the next log sync, which it starts only if none comes (ADR 0041)', async () => {
      let ran = false;
      await store.transaction(
        async (tx) => {
          await tx.payments.insert(newPayment(m1, { reference: 'NEXT-1', uniqueReference: 'NEXT-1' }));
          tx.afterDurable(() => {
            ran = true;
          });
        },
        { durability: 'with-next-commit' },
      );
      if (kind === 'postgres') {
        // PostgreSQL commits it durably: told as after any commit
        await waitFor(() => ran);
        return;
      }
      // committed, not yet synced: not told
      assert.equal(ran, false);
      // the next durable commit's sync covers it, and tells it before that commit is answered
      await store.payments.insert(newPayment(m1, { reference: 'NEXT-2', uniqueReference: 'NEXT-2' }));
      assert.equal(ran, true);
      // with no commit after it, it starts a sync itself
      const syncsBefore = store.writeAheadLog!().syncs;
      let alone = false;
      await store.transaction(async (tx) => tx.afterDurable(() => (alone = true)), { durability: 'with-next-commit' });
      assert.equal(alone, false);
      await waitFor(() => alone);
      assert.ok(store.writeAheadLog!().syncs > syncsBefore, 'a log sync ran to tell it');
    });

    it('afterDurable inside exclusively: once the section has committed (on SQLite, a savepoint of one transaction held open), never when it throws', async () => {
      let ran = false;
      let ranInside: boolean | undefined;
      await store.exclusively('after-durable-test', async (s) => {
        await s.transaction(async (tx) => tx.afterDurable(() => (ran = true)));
        // on PostgreSQL that transaction committed durably; give its microtask a turn
        await new Promise((resolve) => setImmediate(resolve));
        ranInside = ran;
      });
      assert.equal(ranInside, kind === 'postgres', 'on SQLite, released is not committed');
      assert.equal(ran, true);
      if (kind === 'sqlite') {
        let undone = false;
        await assert.rejects(
          store.exclusively('after-durable-test', async (s) => {
            await s.transaction(async (tx) => tx.afterDurable(() => (undone = true)));
            throw new Error('undone');
          }),
          /undone/,
        );
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(undone, false);
      }
    });

    it("a transaction's repos kept past its end refuse to run (Kysely's guard), so nothing lands on a connection another transaction has taken", async () => {
      const inserted = await store.payments.insert(newPayment(m1, { reference: 'LEAK-1', uniqueReference: 'LEAK-1' }));
      let leaked: Repos | undefined;
      await store.transaction(async (tx) => {
        leaked = tx;
        assert.equal((await tx.payments.getByIdForUpdate(inserted.id))?.id, inserted.id, 'usable while the transaction is open');
      });
      await assert.rejects(leaked!.payments.getById(inserted.id), /Transaction is already committed/);
      await assert.rejects(leaked!.payments.update(inserted.id, { status: 'failed' }), /Transaction is already committed/);
      assert.equal((await store.payments.getById(inserted.id))?.status, inserted.status, 'the stray write changed nothing');
    });
  });
}

/** Resolves once cond() holds, checking after each macrotask (no fixed sleep); fails after 5 s. */
async function waitFor(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail('condition never held');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
