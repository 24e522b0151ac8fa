/**
 * ADR 0050: a create whose reference is unique is its own idempotency record. The same request
 * again (by its fingerprint, kept with the payment) is answered from the payment; another is
 * refused; a failure with no payment stands; a payment made before the fingerprint was kept is
 * answered by its key's idempotency record. On both databases, with requests racing in one
 * process (they share the writer's open batch) and in two (two stores on one database).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOnceByUniqueReference, type AnswerOf } from '../../src/core/idempotency/create-once-by-reference.js';
import { CoreError, isCoreError } from '../../src/core/errors.js';
import { insertUnique } from '../../src/core/unique-reference.js';
import type { Store } from '../../src/core/ports/store.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';
import { addMerchant, newPayment } from '../storage/sample-records.js';

const refused = (e: unknown) => isCoreError(e) && e.code === 'duplicate_reference';

for (const kind of storeKinds) {
  describe(`a create once by its unique reference (${kind})`, () => {
    let t: TestStore;
    let other: Store;
    let m: string;
    before(async () => {
      t = await openTestStore(kind);
      other = await t.openAnother();
      m = await addMerchant(t.store);
    });
    after(() => t.cleanup());

    const answer: AnswerOf<string> = {
      requestHashOf: (p) => (typeof p.extras.requestHash === 'string' ? p.extras.requestHash : undefined),
      replay: (p) => `answer ${String(p.extras.answer)}`,
      replayRecord: (status, body) => `record ${status} ${body}`,
    };
    const keyOf = (ref: string, hash: string) => ({
      merchantId: m,
      dialect: 'globalpay' as const,
      uniqueReference: ref,
      requestHash: hash,
      legacyKey: `k:${ref}`,
    });
    /** What a create does: one transaction inserts the payment, with its fingerprint and what it answered. */
    const make =
      (store: Store, ref: string, hash: string, said: string, extras: Record<string, unknown> = { requestHash: hash }) =>
      async () => {
        await store.transaction((tx) =>
          insertUnique(tx.payments.insert(newPayment(m, { reference: ref, uniqueReference: ref, extras: { ...extras, answer: said } }))),
        );
        return `answer ${said}`;
      };
    /** A create of `ref` by a request with fingerprint `hash`, which would answer `said`, through `store`. */
    const once = (ref: string, hash: string, said: string, store: Store = t.store) =>
      createOnceByUniqueReference(store, keyOf(ref, hash), make(store, ref, hash, said), answer);
    const paymentsOf = async (ref: string) => ((await t.store.payments.getByUniqueReference(m, ref)) ? 1 : 0);

    it('the same request again is answered from the payment; another request is refused; nothing is made twice', async () => {
      assert.equal(await once('r-again', 'h1', 'first'), 'answer first');
      assert.equal(await once('r-again', 'h1', 'second'), 'answer first');
      await assert.rejects(once('r-again', 'h2', 'third'), refused);
      assert.equal(await paymentsOf('r-again'), 1);
    });

    it('a request that fails after the payment exists gets the first answer; a failure with no payment stands', async () => {
      await once('r-fails', 'h1', 'first');
      const failsNow = async (): Promise<string> => {
        throw new CoreError('request_invalid', 'would fail now');
      };
      assert.equal(await createOnceByUniqueReference(t.store, keyOf('r-fails', 'h1'), failsNow, answer), 'answer first');
      await assert.rejects(
        createOnceByUniqueReference(t.store, keyOf('r-none', 'h1'), failsNow, answer),
        (e: unknown) => isCoreError(e) && e.code === 'request_invalid',
      );
    });

    it('ten identical requests at once in one process: one payment, the first answer for all', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => once('r-ten', 'h1', `n${i}`)));
      assert.equal(await paymentsOf('r-ten'), 1);
      assert.equal(new Set(results).size, 1, results.join(', '));
    });

    it('two processes at once: one payment, the same answer for both', async () => {
      const [a, b] = await Promise.all([once('r-two', 'h1', 'a'), once('r-two', 'h1', 'b', other)]);
      assert.equal(a, b);
      assert.equal(await paymentsOf('r-two'), 1);
    });

    it("a payment made before its fingerprint was kept: its key's idempotency record answers, or it is refused", async () => {
      await make(t.store, 'r-old', 'h1', 'old', {})();
      await t.store.transaction((tx) =>
        tx.idempotency.put({
          merchantId: m,
          dialect: 'globalpay',
          key: 'k:r-old',
          requestHash: 'h1',
          responseStatus: 200,
          responseBody: '{"old":true}',
        }),
      );
      assert.equal(await once('r-old', 'h1', 'new'), 'record 200 {"old":true}');
      await assert.rejects(once('r-old', 'h2', 'new'), refused);
      // made otherwise (no fingerprint, no record: a payment page's, say): refused
      await make(t.store, 'r-page', 'h1', 'page', {})();
      await assert.rejects(once('r-page', 'h1', 'new'), refused);
    });
  });
}
