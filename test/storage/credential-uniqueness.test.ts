/**
 * One secret, one key; one key id, one merchant (ADR 0010) — kept by the database on both stores:
 * refused inserts, races between two stores, and what the core says about a refusal.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DuplicateCredentialError, type NewCredential, type Store } from '../../src/core/ports/store.js';
import { isCoreError } from '../../src/core/errors.js';
import { addCredential } from '../../src/core/merchants/manage-merchants.js';
import { authenticate, authenticateByKey } from '../../src/core/merchants/authenticate.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';
import { addMerchant } from './sample-records.js';

const MASTER_KEY = 'credential uniqueness master key';

const unique = (what: string): string => `${what}-${randomUUID()}`;

function credential(merchantId: string, over: Partial<NewCredential> = {}): NewCredential {
  return {
    merchantId,
    dialect: 'checkoutcom',
    keyId: unique('pc'),
    secretHash: unique('hash'),
    secretSealed: 'sealed',
    label: null,
    ...over,
  };
}

const takenBecause =
  (taken: DuplicateCredentialError['taken']) =>
  (e: unknown): boolean =>
    e instanceof DuplicateCredentialError && e.taken === taken;

for (const kind of storeKinds) {
  describe(`one secret, one key; one key id, one merchant (${kind})`, () => {
    let t: TestStore;
    let store: Store;
    let a: string;
    let b: string;

    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
      a = await addMerchant(store, 'merchant-a');
      b = await addMerchant(store, 'merchant-b');
    });
    after(() => t.cleanup());

    it("another merchant's secret is refused, in any dialect and kind, naming who holds it", async () => {
      const held = await store.credentials.insert(credential(a, { dialect: 'adyen', keyId: 'AcctA' }));
      for (const over of [
        { dialect: 'adyen', keyId: 'AcctB' },
        { dialect: 'checkoutcom' },
        { dialect: 'globalpay', keyId: '45001', kind: 'signing_key' as const },
      ]) {
        const err = await store.credentials.insert(credential(b, { ...over, secretHash: held.secretHash })).then(
          () => assert.fail('accepted'),
          (e: unknown) => e,
        );
        assert.ok(takenBecause('secret')(err), String(err));
        assert.deepEqual((err as DuplicateCredentialError).holder, { merchantId: a, credentialId: held.id, dialect: 'adyen' });
      }
      assert.deepEqual(await store.credentials.listByMerchant(b), []);
    });

    it("the same secret for a merchant's API key and its signing key is refused: one secret, one use", async () => {
      const api = await store.credentials.insert(credential(a, { keyId: 'pc_one_use' }));
      await assert.rejects(
        store.credentials.insert(credential(a, { keyId: 'pc_one_use', kind: 'signing_key', secretHash: api.secretHash })),
        takenBecause('secret'),
      );
      await assert.rejects(
        store.credentials.insert(credential(a, { keyId: 'pc_one_use', secretHash: api.secretHash })),
        takenBecause('secret'),
      );
    });

    it("another merchant's key id is refused in that dialect, free in another; the owner adds keys to it", async () => {
      await store.credentials.insert(credential(a, { dialect: 'globalpay', keyId: '30999' }));
      const err = await store.credentials.insert(credential(b, { dialect: 'globalpay', keyId: '30999' })).then(
        () => assert.fail('accepted'),
        (e: unknown) => e,
      );
      assert.ok(takenBecause('key_id')(err), String(err));
      assert.deepEqual((err as DuplicateCredentialError).holder, { merchantId: a });
      // a signing key under it is refused too
      await assert.rejects(
        store.credentials.insert(credential(b, { dialect: 'globalpay', keyId: '30999', kind: 'signing_key' })),
        takenBecause('key_id'),
      );
      // the same key id in another API names another thing
      await store.credentials.insert(credential(b, { dialect: 'adyen', keyId: '30999' }));
      // a GlobalPay site holds several keys of its merchant (the demo site has two)
      await store.credentials.insert(credential(a, { dialect: 'globalpay', keyId: '30999' }));
      const keys = await store.credentials.findByKeyId('globalpay', '30999');
      assert.deepEqual(
        keys.map((c) => c.merchantId),
        [a, a],
      );
    });

    it("a key id stays its merchant's once its last key is removed; a rolled-back insert claims nothing", async () => {
      const only = await store.credentials.insert(credential(a, { dialect: 'adyen', keyId: 'AcctGone' }));
      assert.equal(await store.credentials.delete(a, only.id), true);
      assert.equal(await store.credentials.keyIdOwner('adyen', 'AcctGone'), a);
      await assert.rejects(store.credentials.insert(credential(b, { dialect: 'adyen', keyId: 'AcctGone' })), takenBecause('key_id'));
      // the secret of a removed key is free again
      await store.credentials.insert(credential(b, { dialect: 'adyen', keyId: 'AcctB2', secretHash: only.secretHash }));

      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.credentials.insert(credential(a, { dialect: 'adyen', keyId: 'AcctRolledBack' }));
          throw new Error('changed my mind');
        }),
        /changed my mind/,
      );
      assert.equal(await store.credentials.keyIdOwner('adyen', 'AcctRolledBack'), undefined);
      await store.credentials.insert(credential(b, { dialect: 'adyen', keyId: 'AcctRolledBack' }));
    });

    it('concurrent inserts of one secret for two merchants, from two stores: exactly one wins', async () => {
      // SQLite: one store per process (a second would block this event loop); its connection queues them.
      const second = kind === 'postgres' ? await t.openAnother() : store;
      for (let round = 0; round < 3; round++) {
        const secretHash = unique('race-hash');
        const settled = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 === 0 ? store : second).credentials.insert(credential(i % 2 === 0 ? a : b, { dialect: 'adyen', secretHash })),
          ),
        );
        const won = settled.filter((s) => s.status === 'fulfilled');
        const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
        assert.equal(won.length, 1, `round ${round}: ${lost.map((l) => String(l.reason)).join('; ')}`);
        for (const l of lost) assert.ok(takenBecause('secret')(l.reason), String(l.reason));
        const holder = await store.credentials.findBySecretHash(secretHash);
        assert.equal(holder?.id, won[0]!.value.id);
      }
    });

    it('concurrent first keys of one key id for two merchants, from two stores: one merchant gets it, all its keys land', async () => {
      const second = kind === 'postgres' ? await t.openAnother() : store;
      for (let round = 0; round < 3; round++) {
        const keyId = unique('pc');
        const settled = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 === 0 ? store : second).credentials.insert(credential(i % 2 === 0 ? a : b, { keyId })),
          ),
        );
        const owner = await store.credentials.keyIdOwner('checkoutcom', keyId);
        assert.ok(owner === a || owner === b, String(owner));
        settled.forEach((s, i) => {
          const mine = (i % 2 === 0 ? a : b) === owner;
          if (mine) assert.equal(s.status, 'fulfilled', s.status === 'rejected' ? String(s.reason) : '');
          else
            assert.ok(s.status === 'rejected' && takenBecause('key_id')(s.reason), s.status === 'rejected' ? String(s.reason) : 'accepted');
        });
        const keys = await store.credentials.findByKeyId('checkoutcom', keyId);
        assert.equal(keys.length, 5);
        assert.ok(keys.every((c) => c.merchantId === owner));
      }
    });

    it('the core refuses with duplicate_reference, naming what is taken and by whom, never the secret', async () => {
      const { secret } = await addCredential(store, MASTER_KEY, { merchantId: a, dialect: 'checkoutcom', keyId: 'pc_core_a' });
      const bySecret = await addCredential(store, MASTER_KEY, { merchantId: b, dialect: 'checkoutcom', keyId: 'pc_core_b', secret }).then(
        () => assert.fail('accepted'),
        (e: unknown) => e,
      );
      assert.ok(isCoreError(bySecret) && bySecret.code === 'duplicate_reference' && bySecret.field === 'secret', String(bySecret));
      assert.match(bySecret.message, /^That secret is already key #\d+ of merchant merchant-a \(checkoutcom\): one secret is one key\.$/);
      assert.ok(!bySecret.message.includes(secret));

      const byKeyId = await addCredential(store, MASTER_KEY, { merchantId: b, dialect: 'checkoutcom', keyId: 'pc_core_a' }).then(
        () => assert.fail('accepted'),
        (e: unknown) => e,
      );
      assert.ok(isCoreError(byKeyId) && byKeyId.field === 'keyId', String(byKeyId));
      assert.equal(byKeyId.message, "checkoutcom key id pc_core_a is merchant merchant-a's: a key id belongs to one merchant.");

      // authentication finds the one key, of the one merchant
      assert.deepEqual(await authenticateByKey(store, 'checkoutcom', secret).then((r) => [r?.merchant.id, r?.keyId]), [a, 'pc_core_a']);
      assert.equal(await authenticateByKey(store, 'adyen', secret), undefined, 'the key of another API does not authenticate here');
      const site = await addCredential(store, MASTER_KEY, { merchantId: a, dialect: 'globalpay', keyId: '45777' });
      assert.equal((await authenticate(store, 'globalpay', '45777', site.secret))?.id, a);
      assert.equal(await authenticate(store, 'globalpay', '45777', secret), undefined);
    });
  });
}
