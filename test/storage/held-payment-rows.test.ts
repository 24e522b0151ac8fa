/**
 * A transaction's payments repo keeps the rows it holds the lock of (src/storage/repos/payments.ts:
 * inserted, read for update, updated) and answers updates and further reads for update from them
 * instead of `returning *` and a query. What it answers must be what the database has: checked
 * against a fresh read after the commit, on both databases, and a rolled-back transaction's rows
 * must not leak into the next one. `updateIfUnchanged` (a payment written in an earlier transaction,
 * changed without reading it again) answers the same way, and changes nothing once the row has moved.
 * A read for update by the customer's token (the customer's return) holds the row as one by id does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Payment } from '../../src/core/model.js';
import type { Store } from '../../src/core/ports/store.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';
import { addMerchant, newPayment } from './sample-records.js';

for (const kind of storeKinds) {
  describe(`payments held by a transaction (${kind})`, () => {
    let t: TestStore;
    let store: Store;
    let m: string;

    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
      m = await addMerchant(store);
    });
    after(() => t.cleanup());

    it('read for update, then updated twice: each answer is the row the database then has', async () => {
      const p = await store.payments.insert(
        newPayment(m, { customer: { name: 'Kim', email: 'kim@example.com' }, billingAddress: { country: 'kr', city: 'Seoul' } }),
      );
      const answers = await store.transaction(async (tx) => {
        const locked = await tx.payments.getByIdForUpdate(p.id);
        assert.deepEqual(locked, p);
        const first = await tx.payments.update(p.id, { status: 'pending_customer', connectorState: { ref: 'W1', needsSync: true } });
        const second = await tx.payments.update(p.id, { capturedAmount: 10_000, status: 'succeeded', connectorState: { ref: 'W1' } });
        const again = await tx.payments.getByIdForUpdate(p.id);
        return { first, second, again };
      });
      const stored = await store.payments.getById(p.id);
      assert.deepEqual(answers.second, stored);
      assert.deepEqual(answers.again, stored);
      assert.equal(answers.first.status, 'pending_customer');
      assert.deepEqual(answers.first.connectorState, { ref: 'W1', needsSync: true });
      assert.equal(answers.first.capturedAmount, 0);
      assert.deepEqual(await store.payments.listNeedingSync(100).then((l) => l.map((x) => x.id).includes(p.id)), false);
    });

    it('inserted in the transaction, then updated in it: the answers match the stored row', async () => {
      const { inserted, updated } = await store.transaction(async (tx) => {
        const inserted = await tx.payments.insert(newPayment(m, { expiresAt: new Date(1_900_000_000_000), extras: { a: [1, 'b'] } }));
        const updated = await tx.payments.update(inserted.id, { status: 'failed', failureCode: 'declined', failureMessage: 'no' });
        return { inserted, updated };
      });
      const stored = await store.payments.getById(inserted.id);
      assert.deepEqual(updated, stored);
      assert.deepEqual(
        { ...inserted, status: 'failed', failureCode: 'declined', failureMessage: 'no', updatedAt: stored!.updatedAt },
        stored,
      );
    });

    it('a transaction that failed leaves nothing held for the next one', async () => {
      const p = await store.payments.insert(newPayment(m));
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.payments.getByIdForUpdate(p.id);
          await tx.payments.update(p.id, { status: 'cancelled' });
          throw new Error('undo');
        }),
        /undo/,
      );
      const next: Payment | undefined = await store.transaction((tx) => tx.payments.getByIdForUpdate(p.id));
      assert.equal(next?.status, 'created');
      assert.deepEqual(next, await store.payments.getById(p.id));
    });

    it('read for update by its customer token: the row, held as the transaction leaves it; an unknown token: undefined', async () => {
      const p = await store.payments.insert(newPayment(m, { customer: { name: 'Park' } }));
      const answers = await store.transaction(async (tx) => {
        const locked = await tx.payments.getByCustomerTokenForUpdate(p.customerToken);
        const updated = await tx.payments.update(p.id, { status: 'pending_customer', connectorState: { ref: 'W4' } });
        const again = await tx.payments.getByCustomerTokenForUpdate(p.customerToken);
        const unknown = await tx.payments.getByCustomerTokenForUpdate(`${p.customerToken}x`);
        return { locked, updated, again, unknown };
      });
      assert.deepEqual(answers.locked, p);
      assert.equal(answers.unknown, undefined);
      const stored = await store.payments.getById(p.id);
      assert.equal(stored?.status, 'pending_customer');
      assert.deepEqual(answers.updated, stored);
      assert.deepEqual(answers.again, stored, 'the second read answers the row as this transaction changed it');
    });

    it('read for update by its customer token locks the row: concurrent read-then-write transactions lose no write', async () => {
      const p = await store.payments.insert(newPayment(m));
      const writers = 8;
      await Promise.all(
        Array.from({ length: writers }, () =>
          store.transaction(async (tx) => {
            const cur = (await tx.payments.getByCustomerTokenForUpdate(p.customerToken))!;
            // another statement between the read and the write, so an unlocked read would be overtaken
            await tx.payments.getById(p.id);
            await tx.payments.update(cur.id, { capturedAmount: cur.capturedAmount + 1 });
          }),
        ),
      );
      assert.equal((await store.payments.getById(p.id))?.capturedAmount, writers);
    });

    it('updateIfUnchanged on the row as written: changed in one statement, answered as the database has it', async () => {
      const written = await store.payments.insert(
        newPayment(m, { customer: { name: 'Lee' }, connectorState: { currencyChoice: { shown: null } } }),
      );
      const answer = await store.transaction(async (tx) => {
        // a key without a value is not stored: the answer holds what was stored, as a read would
        const changed = await tx.payments.updateIfUnchanged(written, {
          status: 'pending_customer',
          connectorState: { ref: 'W2', needsSync: undefined, currencyChoice: { shown: null } },
        });
        const again = await tx.payments.getByIdForUpdate(written.id);
        return { changed, again };
      });
      const stored = await store.payments.getById(written.id);
      assert.equal(stored?.status, 'pending_customer');
      assert.deepEqual(answer.changed, stored);
      assert.deepEqual(answer.again, stored);
      assert.deepEqual(Object.keys(answer.changed!.connectorState).sort(), ['currencyChoice', 'ref']);
    });

    for (const [what, change] of [
      ['its status', { status: 'failed', failureCode: 'expired', failureMessage: 'late' }],
      ['its connector state', { connectorState: { currencyChoice: { shown: 'USD' } } }],
      ['nothing but its time', { capturedAmount: 0 }],
    ] as const) {
      it(`updateIfUnchanged after another transaction changed ${what}: nothing written, undefined`, async () => {
        const written = await store.payments.insert(newPayment(m, { createdAt: new Date(Date.now() - 60_000) }));
        const moved = await store.payments.update(written.id, change as Parameters<Store['payments']['update']>[1]);
        const answer = await store.transaction((tx) =>
          tx.payments.updateIfUnchanged(written, { status: 'pending_customer', connectorState: { ref: 'W3' } }),
        );
        assert.equal(answer, undefined);
        assert.deepEqual(await store.payments.getById(written.id), moved);
      });
    }
  });
}
