/**
 * A published demo key that was rotated from the dashboard (so it has an end) and whose end has
 * passed: starting with the sandbox on makes it work again, with no end, and says so; a start with
 * nothing to restore says nothing. Both databases.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CREDENTIALS } from '../../src/dialects/index.js';
import { DEMO_MERCHANT_ID } from '../../src/core/merchants/demo-merchant.js';
import { authenticate } from '../../src/core/merchants/authenticate.js';
import { hashSecret } from '../../src/core/secrets.js';
import { startUp } from '../../src/core/start-up.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';

const MASTER_KEY = 'demo key expiry master key';

for (const kind of storeKinds) {
  describe(`an expired published demo key at start-up (${kind})`, () => {
    let t: TestStore;
    before(async () => {
      t = await openTestStore(kind);
    });
    after(() => t.cleanup());

    async function start(): Promise<string[]> {
      const warnings: string[] = [];
      await startUp(t.store, {
        masterKey: MASTER_KEY,
        sandbox: true,
        demoNotifyUrl: null,
        demoCredentials: DEMO_CREDENTIALS,
        warn: (m) => warnings.push(m),
      });
      return warnings;
    }

    it('works again after a start with the sandbox on, and the log says which key', async () => {
      assert.deepEqual(await start(), [], 'a first start has nothing to say');
      const demo = DEMO_CREDENTIALS.find((c) => c.dialect === 'globalpay' && c.kind === 'api_key');
      assert.ok(demo, 'globalpay publishes a demo API key');
      const stored = await t.store.credentials.findBySecretHash(hashSecret(demo.secret));
      assert.ok(stored && stored.merchantId === DEMO_MERCHANT_ID);
      assert.ok(await authenticate(t.store, demo.dialect, demo.keyId, demo.secret), 'the published key works');

      // rotated with an overlap that has ended
      await t.store.credentials.setExpiry(DEMO_MERCHANT_ID, stored.id, new Date(Date.now() - 60_000));
      assert.equal(await authenticate(t.store, demo.dialect, demo.keyId, demo.secret), undefined, 'expired: refused');

      const warnings = await start();
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /work again/);
      assert.match(warnings[0]!, new RegExp(`globalpay ${demo.keyId} key #${stored.id}`));
      assert.doesNotMatch(warnings[0]!, new RegExp(demo.secret), 'never the secret');
      assert.equal((await t.store.credentials.get(DEMO_MERCHANT_ID, stored.id))?.expiresAt, null);
      const merchant = await authenticate(t.store, demo.dialect, demo.keyId, demo.secret);
      assert.equal(merchant?.id, DEMO_MERCHANT_ID, 'the published key works again');

      assert.deepEqual(await start(), [], 'nothing left to restore');
    });
  });
}
