/**
 * authenticateBySignature (core/merchants/authenticate.ts, ADR 0015): a key id whose requests are
 * signed with its secret. On a real SQLite file and PostgreSQL schema: the merchant of the key whose
 * secret `verify` accepts; every key of the key id is tried (a rotated project verifies with either
 * secret); a signing key, another API's key or a removed key never verifies; an unknown key id is
 * answered from the auth cache without reading the store again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Store } from '../../src/core/ports/store.js';
import { authCacheOf, authenticateBySignature } from '../../src/core/merchants/authenticate.js';
import { addCredential, createMerchant } from '../../src/core/merchants/manage-merchants.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';

const MASTER_KEY = 'signed requests test master key';

for (const kind of storeKinds) {
  describe(`authenticateBySignature on ${kind}`, () => {
    let t: TestStore;
    let store: Store;
    const merchant = `sig_${randomBytes(3).toString('hex')}`;
    const project = String(500_000 + Math.floor(Math.random() * 100_000));
    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
      await createMerchant(store, { id: merchant, name: 'Signed Shop', notifyUrl: null });
      await addCredential(store, MASTER_KEY, { merchantId: merchant, dialect: 'ecommpay', keyId: project, secret: 'first secret' });
      await addCredential(store, MASTER_KEY, {
        merchantId: merchant,
        dialect: 'ecommpay',
        kind: 'signing_key',
        keyId: project,
        secret: 'a signing key never authenticates',
      });
      await addCredential(store, MASTER_KEY, { merchantId: merchant, dialect: 'checkoutcom', keyId: project, secret: 'another API' });
    });
    after(async () => {
      await t.cleanup();
    });

    const by = (keyId: string, secret: string, dialect = 'ecommpay') =>
      authenticateBySignature(store, MASTER_KEY, dialect, keyId, (s) => s === secret);

    it('finds the merchant of the key whose secret verifies, and hands the secret back', async () => {
      const found = await by(project, 'first secret');
      assert.equal(found?.merchant.id, merchant);
      assert.equal(found?.keyId, project);
      assert.equal(found?.secret, 'first secret');
    });

    it('a secret that does not verify, a signing key, another API’s key: nobody', async () => {
      assert.equal(await by(project, 'wrong'), undefined);
      assert.equal(await by(project, 'a signing key never authenticates'), undefined);
      assert.equal(await by(project, 'another API'), undefined);
      assert.equal((await by(project, 'another API', 'checkoutcom'))?.merchant.id, merchant, 'in its own API it does');
    });

    it('a rotated project verifies with either secret until the old key is removed', async () => {
      const { credential } = await addCredential(store, MASTER_KEY, {
        merchantId: merchant,
        dialect: 'ecommpay',
        keyId: project,
        secret: 'second secret',
      });
      assert.equal((await by(project, 'second secret'))?.secret, 'second secret');
      assert.equal((await by(project, 'first secret'))?.secret, 'first secret');
      await store.credentials.delete(merchant, credential.id);
      assert.equal(await by(project, 'second secret'), undefined, 'the very next request');
    });

    it('a known key id is answered from the cache too, sealed copies included: no store read the second time', async () => {
      assert.equal((await by(project, 'first secret'))?.merchant.id, merchant);
      const credentials = store.credentials;
      const findByKeyId = credentials.findByKeyId;
      let storeReads = 0;
      credentials.findByKeyId = (...args) => {
        storeReads += 1;
        return findByKeyId(...args);
      };
      try {
        assert.equal((await by(project, 'first secret'))?.merchant.id, merchant);
        assert.equal(await by(project, 'wrong'), undefined);
      } finally {
        credentials.findByKeyId = findByKeyId;
      }
      assert.equal(storeReads, 0);
    });

    it('an unknown key id is answered from the cache: no store read the second time', async () => {
      let verified = 0;
      const unknown = () =>
        authenticateBySignature(store, MASTER_KEY, 'ecommpay', '999999999', () => {
          verified += 1;
          return true;
        });
      assert.equal(await unknown(), undefined);
      const loads = authCacheOf(store).stats.loads;
      assert.equal(await unknown(), undefined);
      assert.equal(authCacheOf(store).stats.loads, loads);
      assert.equal(verified, 0, 'nothing to verify against');
    });
  });
}
