/** The inbox of wallets' own notifications (migration 0006), on both stores. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MissingRowError } from '../../src/core/ports/store.js';
import { openTestStore, storeKinds } from '../helpers/stores.js';
import type { TestStore } from '../helpers/stores.js';

for (const kind of storeKinds) {
  describe(`inbox on ${kind}`, () => {
    let t: TestStore;
    before(async () => {
      t = await openTestStore(kind);
    });
    after(() => t.cleanup());

    const sample = (notificationId: string, connector = 'alipayplus') => ({
      connector,
      notificationId,
      headers: JSON.stringify({ signature: 'algorithm=RSA256,keyVersion=1,signature=abc' }),
      body: '{"paymentId":"2026120119","result":{"resultStatus":"S"}}',
    });

    it('records a notification once, received, with its headers and body as given', async () => {
      const first = await t.store.inbox.record(sample('n-1'));
      assert.equal(first.isNew, true);
      assert.equal(first.entry.status, 'received');
      assert.equal(first.entry.body, sample('n-1').body);
      assert.equal(first.entry.headers, sample('n-1').headers);
      assert.equal(first.entry.appliedAt, null);
      const again = await t.store.inbox.record({ ...sample('n-1'), body: 'a different retry body' });
      assert.equal(again.isNew, false);
      assert.equal(again.entry.id, first.entry.id);
      assert.equal(again.entry.body, sample('n-1').body, 'the first copy is kept');
      // the same id from another wallet is another notification
      assert.equal((await t.store.inbox.record(sample('n-1', 'other-wallet'))).isNew, true);
    });

    it('lists what is left received, oldest first, and marks rows applied or rejected', async () => {
      const a = (await t.store.inbox.record(sample('n-2'))).entry;
      const b = (await t.store.inbox.record(sample('n-3'))).entry;
      const before = (await t.store.inbox.listUnapplied(100)).map((e) => e.id);
      assert.ok(before.indexOf(a.id) < before.indexOf(b.id) && before.includes(a.id));
      const applied = await t.store.inbox.markApplied(a.id);
      assert.equal(applied.status, 'applied');
      assert.ok(applied.appliedAt instanceof Date);
      const rejected = await t.store.inbox.markRejected(b.id, 'no such payment');
      assert.equal(rejected.status, 'rejected');
      assert.equal(rejected.error, 'no such payment');
      const left = (await t.store.inbox.listUnapplied(100)).map((e) => e.id);
      assert.ok(!left.includes(a.id) && !left.includes(b.id));
      await assert.rejects(t.store.inbox.markApplied(999_999_999), MissingRowError);
    });

    it('copies recorded at once through two connections make one row, and one of them is new', async () => {
      const other = await t.openAnother();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? other : t.store).inbox.record(sample('n-concurrent'))),
      );
      assert.equal(results.filter((r) => r.isNew).length, 1);
      assert.equal(new Set(results.map((r) => r.entry.id)).size, 1);
      const rows = (await t.store.inbox.listUnapplied(1000)).filter((e) => e.notificationId === 'n-concurrent');
      assert.equal(rows.length, 1);
    });
  });
}
