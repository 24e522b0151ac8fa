/**
 * What a notification is sent to (storage/repos/notification-targets.ts, ADR 0042), kept per store
 * and tagged with the `auth` version, on a real SQLite file and a real PostgreSQL schema: any change
 * to the merchant's URL, the API's URL or the API's keys, through walletgate or by a statement
 * written by hand, is seen by the next notification; nothing changed, a notification reads the
 * version and nothing else.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Store } from '../../src/core/ports/store.js';
import { addCredential, createMerchant, setNotifyUrl } from '../../src/core/merchants/manage-merchants.js';
import { byHand, openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';

const MASTER_KEY = 'notification targets test master key';

for (const kind of storeKinds) {
  describe(`notification targets kept by version (${kind})`, () => {
    let t: TestStore;
    let store: Store;
    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
    });
    after(() => t.cleanup());

    const merchant = async () => {
      const id = `nt_${randomBytes(4).toString('hex')}`;
      await createMerchant(store, { id, name: `Shop ${id}`, notifyUrl: `https://shop.example/${id}` });
      await addCredential(store, MASTER_KEY, { merchantId: id, dialect: 'checkoutcom', keyId: `pk_${id}` });
      return id;
    };
    /** The target as the notifier reads it: in a transaction of its own. */
    const target = (id: string) => store.transaction((tx) => tx.notificationTargets.get(id, 'checkoutcom'));

    it("a write to an API's notification URL bumps the version, through walletgate or by hand (migration 0020)", async () => {
      const id = await merchant();
      const v0 = await store.authVersion();
      await store.apiNotifyUrls.put(id, 'checkoutcom', 'https://shop.example/cko');
      const v1 = await store.authVersion();
      assert.ok(v1! > v0!, 'put');
      await byHand(t, kind, ['update merchant_notify_urls set url = $1 where merchant_id = $2', ['https://shop.example/cko-2', id]]);
      const v2 = await store.authVersion();
      assert.ok(v2! > v1!, 'update by hand');
      await byHand(t, kind, ['delete from merchant_notify_urls where merchant_id = $1', [id]]);
      assert.ok((await store.authVersion())! > v2!, 'delete by hand');
    });

    it('every change to the URLs or the keys is seen by the next read, whoever made it', async () => {
      const id = await merchant();
      const first = await target(id);
      assert.equal(first?.merchantNotifyUrl, `https://shop.example/${id}`);
      assert.equal(first?.apiNotifyUrl, null);
      assert.equal(first?.credentials.length, 1);
      await store.apiNotifyUrls.put(id, 'checkoutcom', 'https://shop.example/api');
      assert.equal((await target(id))?.apiNotifyUrl, 'https://shop.example/api');
      await setNotifyUrl(store, id, 'https://shop.example/moved');
      assert.equal((await target(id))?.merchantNotifyUrl, 'https://shop.example/moved');
      await addCredential(store, MASTER_KEY, { merchantId: id, dialect: 'checkoutcom', keyId: `pk2_${id}` });
      assert.equal((await target(id))?.credentials.length, 2);
      await byHand(t, kind, ['update merchant_notify_urls set url = $1 where merchant_id = $2', ['https://shop.example/by-hand', id]]);
      assert.equal((await target(id))?.apiNotifyUrl, 'https://shop.example/by-hand');
      const [older] = (await target(id))!.credentials;
      await byHand(t, kind, ['delete from credentials where id = $1', [older!.id]]);
      assert.deepEqual(
        (await target(id))?.credentials.map((c) => c.keyId),
        [`pk2_${id}`],
      );
      await byHand(t, kind, ['delete from merchant_notify_urls where merchant_id = $1', [id]]);
      assert.equal((await target(id))?.apiNotifyUrl, null);
    });

    it('a change made earlier in the same transaction is seen', async () => {
      const id = await merchant();
      const [before, after] = await store.transaction(async (tx) => {
        const seen = await tx.notificationTargets.get(id, 'checkoutcom');
        await tx.apiNotifyUrls.put(id, 'checkoutcom', 'https://shop.example/same-tx');
        return [seen, await tx.notificationTargets.get(id, 'checkoutcom')];
      });
      assert.equal(before?.apiNotifyUrl, null);
      assert.equal(after?.apiNotifyUrl, 'https://shop.example/same-tx');
    });

    it('nothing changed, a read takes the version only: what it keeps is served until the version moves', async () => {
      const id = await merchant();
      await store.apiNotifyUrls.put(id, 'checkoutcom', 'https://shop.example/kept');
      assert.equal((await target(id))?.apiNotifyUrl, 'https://shop.example/kept');
      // changed by hand with the version put back: the join would see it, a kept target does not
      const version = await store.authVersion();
      await byHand(
        t,
        kind,
        ['update merchant_notify_urls set url = $1 where merchant_id = $2', ['https://shop.example/unseen', id]],
        ["update cache_versions set version = $1 where name = 'auth'", [version]],
      );
      assert.equal(await store.authVersion(), version);
      assert.equal((await target(id))?.apiNotifyUrl, 'https://shop.example/kept', 'served as kept, without the join');
      await byHand(t, kind, ["update cache_versions set version = version + 1 where name = 'auth'", []]);
      assert.equal((await target(id))?.apiNotifyUrl, 'https://shop.example/unseen');
    });

    it('an unknown merchant has no target, and gets one once it exists', async () => {
      const id = `nt_${randomBytes(4).toString('hex')}`;
      assert.equal(await target(id), undefined);
      await createMerchant(store, { id, name: 'Late', notifyUrl: 'https://late.example/' });
      assert.equal((await target(id))?.merchantNotifyUrl, 'https://late.example/');
    });
  });
}
