/**
 * A payment's state change, on both databases: the operation it appends carries the payment's own
 * time for the change (its updatedAt), so that a notification rendered from the payment and a later
 * lookup built from the operations give the same time. (They came from two readings of the clock,
 * and differed when the two fell on either side of a second: a CI run of
 * test/sdk/ecommpay-refunds.test.ts, 2026-12-04.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changePayment } from '../../src/core/record-change.js';
import type { Store } from '../../src/core/ports/store.js';
import { openTestStore, storeKinds } from '../helpers/stores.js';
import { addMerchant, newPayment } from '../storage/sample-records.js';

for (const kind of storeKinds) {
  describe(`changePayment on ${kind}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let m: string;
    before(async () => {
      // a clock that moves on a second at every reading: the payment's update and the operation's
      // insert can never read the same time from it
      let tick = Date.parse('2026-12-04T23:01:17.000Z');
      ({ store, cleanup } = await openTestStore(kind, { clock: () => new Date((tick += 1_000)) }));
      m = await addMerchant(store);
    });
    after(() => cleanup());

    it("the operation it appends is dated with the payment's updatedAt", async () => {
      const deps = { notify: () => Promise.resolve(), requestId: undefined };
      for (let i = 0; i < 3; i++) {
        const p = await store.payments.insert(newPayment(m));
        const updated = await store.transaction(async (tx) =>
          changePayment(deps, tx, p, { status: 'pending_customer' }, { kind: 'redirect', status: 'ok', message: 'opened' }),
        );
        const ops = await store.operations.listByPayment(m, p.id);
        assert.equal(ops.at(-1)!.createdAt.getTime(), updated.updatedAt.getTime());
      }
    });
  });
}
