/**
 * The stores' own guard (src/storage/refuse-unstorable-text.ts), on SQLite and PostgreSQL alike: a
 * NUL character or a lone surrogate in a write or a lookup is UnstorableTextError before the query
 * reaches the database, and nothing is written; text with characters outside the BMP (surrogate
 * pairs) and JSON columns holding anything (JSON text escapes it) are kept as they were.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UnstorableTextError, type Store } from '../../src/core/ports/store.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';
import { addMerchant, newPayment } from './sample-records.js';

for (const kind of storeKinds) {
  describe(`the store refuses text it cannot keep (${kind})`, () => {
    let ts: TestStore;
    let store: Store;
    let merchantId: string;
    before(async () => {
      ts = await openTestStore(kind);
      store = ts.store;
      merchantId = await addMerchant(store);
    });
    after(async () => {
      await ts?.cleanup();
    });

    const refused = (what: RegExp) => (e: unknown) => e instanceof UnstorableTextError && what.test(e.what);

    it('a NUL character or a lone surrogate in a write: UnstorableTextError, nothing written, in a transaction too', async () => {
      await assert.rejects(
        store.payments.insert(newPayment(merchantId, { description: 'tea\u0000' })),
        refused(/NUL character \(U\+0000\)/),
      );
      await assert.rejects(
        store.payments.insert(newPayment(merchantId, { reference: 'r\ud800' })),
        refused(/lone UTF-16 surrogate \(U\+D800\)/),
      );
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.payments.insert(newPayment(merchantId, { reference: 'kept-until-rollback' }));
          await tx.payments.insert(newPayment(merchantId, { customerToken: '\udfff' }));
        }),
        refused(/U\+DFFF/),
      );
      assert.equal((await store.payments.list(merchantId, {}, { index: 1, size: 10 })).total, 0);
    });

    it('a NUL character in a lookup: UnstorableTextError, not a driver error', async () => {
      await assert.rejects(store.payments.list(merchantId, { reference: '\u0000' }, { index: 1, size: 10 }), refused(/NUL/));
      await assert.rejects(store.payments.getByCustomerToken('abc\u0000def'), refused(/NUL/));
    });

    it('characters outside the BMP, and anything inside a JSON column, are kept as they were', async () => {
      const description = 'Coffee ☕ and cake 🍰';
      const extras = { note: 'a\u0000b', half: '\ud800' };
      const p = await store.payments.insert(newPayment(merchantId, { description, extras }));
      const back = await store.payments.get(merchantId, p.id);
      assert.equal(back?.description, description);
      assert.deepEqual(back?.extras, extras);
    });
  });
}
