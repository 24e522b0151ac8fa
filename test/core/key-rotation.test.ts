/**
 * Rotating and revoking keys from the dashboard (core/dashboard/rotate-key.ts, revoke-key.ts,
 * ADR 0026), on a real SQLite file and PostgreSQL schema, with an injected clock: during the overlap
 * both keys authenticate; from the old key's expiry on it does not — in this process and in another
 * one sharing the database whose auth cache read the key before (an expiry is a time, not a write:
 * no cache version changes); a revoked key stops at once in both.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Store } from '../../src/core/ports/store.js';
import type { DashboardUser } from '../../src/core/ports/dashboard-store.js';
import { addUser } from '../../src/core/dashboard/add-user.js';
import { createKey } from '../../src/core/dashboard/create-key.js';
import { revokeKey } from '../../src/core/dashboard/revoke-key.js';
import { rotateKey } from '../../src/core/dashboard/rotate-key.js';
import { authenticate, authenticateByKey, authenticateBySignature } from '../../src/core/merchants/authenticate.js';
import { createMerchant } from '../../src/core/merchants/manage-merchants.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';

const MASTER_KEY = 'key rotation test master key';
const HOUR = 60 * 60_000;

for (const kind of storeKinds) {
  describe(`key rotation and revocation on ${kind}`, () => {
    let t: TestStore;
    let store: Store;
    /** A second gateway process's store: its own auth cache, the same database. */
    let other: Store;
    let owner: DashboardUser;
    let now = new Date('2026-12-01T10:00:00Z');
    const clock = () => now;
    const merchant = `rot_${randomBytes(3).toString('hex')}`;
    const site = String(700_000 + Math.floor(Math.random() * 100_000));
    const deps = () => ({ store, clock, masterKey: MASTER_KEY });
    const actor = () => ({ user: owner, ip: '127.0.0.1' });

    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
      other = await t.openAnother();
      await createMerchant(store, { id: merchant, name: 'Rotating Shop', notifyUrl: null });
      const added = await addUser(
        { store, clock },
        { cli: 'cli' },
        { email: `owner@${merchant}.example`, merchantId: merchant, role: 'owner' },
      );
      assert.ok(added.ok);
      owner = added.user;
    });
    after(() => t.cleanup());

    it('the old key works until the end of the overlap, then on no process; the new one goes on', async () => {
      const made = await createKey(deps(), actor(), {
        merchantId: merchant,
        dialect: 'globalpay',
        kind: 'api_key',
        keyId: site,
        secret: 'old-secret',
        label: null,
      });
      assert.ok(made.ok);
      const works = async (s: Store, secret: string) => (await authenticate(s, 'globalpay', site, secret, clock()))?.id === merchant;
      assert.equal(await works(other, 'old-secret'), true, 'the other process has read (and cached) the key');

      const rotated = await rotateKey(deps(), actor(), {
        merchantId: merchant,
        credentialId: made.credential.id,
        overlapMs: HOUR,
        secret: 'new-secret',
      });
      assert.ok(rotated.ok, JSON.stringify(rotated));
      assert.equal(rotated.old.expiresAt?.getTime(), now.getTime() + HOUR);
      now = new Date(now.getTime() + HOUR - 1);
      for (const s of [store, other]) {
        assert.equal(await works(s, 'old-secret'), true, 'within the overlap');
        assert.equal(await works(s, 'new-secret'), true);
      }
      const version = await store.authVersion();
      now = new Date(now.getTime() + 1);
      assert.equal(await store.authVersion(), version, 'nothing was written: the cache version is the same');
      for (const s of [store, other]) {
        assert.equal(await works(s, 'old-secret'), false, 'at its expiry the old key stops');
        assert.equal(await works(s, 'new-secret'), true);
      }
      // an expired key cannot be rotated again; a bad overlap is refused
      const again = await rotateKey(deps(), actor(), { merchantId: merchant, credentialId: made.credential.id, overlapMs: HOUR });
      assert.deepEqual(again.ok ? 'rotated' : again.problem, 'expired');
      const odd = await rotateKey(deps(), actor(), { merchantId: merchant, credentialId: rotated.credential.id, overlapMs: 5 });
      assert.deepEqual(odd.ok ? 'rotated' : odd.problem, 'overlap_invalid');
      const audit = (await store.auditLog.list(merchant, 20)).map((e) => e.action);
      assert.deepEqual(audit.filter((a) => a.startsWith('key.')).sort(), ['key.create', 'key.rotate']);
      assert.ok(!JSON.stringify(await store.auditLog.list(merchant, 20)).includes('secret"'), 'no secret in the audit log');
    });

    it('keys sent alone and signed requests honour the expiry too', async () => {
      const channel = `pc_${randomBytes(4).toString('hex')}`;
      const made = await createKey(deps(), actor(), {
        merchantId: merchant,
        dialect: 'checkoutcom',
        kind: 'api_key',
        keyId: channel,
        secret: 'sk_old',
        label: null,
      });
      assert.ok(made.ok);
      const project = String(800_000 + Math.floor(Math.random() * 100_000));
      const signed = await createKey(deps(), actor(), {
        merchantId: merchant,
        dialect: 'ecommpay',
        kind: 'api_key',
        keyId: project,
        secret: 'ecp-old',
        label: null,
      });
      assert.ok(signed.ok);
      assert.equal((await authenticateByKey(other, 'checkoutcom', 'sk_old', clock()))?.merchant.id, merchant);
      for (const c of [made.credential.id, signed.credential.id]) {
        const r = await rotateKey(deps(), actor(), { merchantId: merchant, credentialId: c, overlapMs: HOUR });
        assert.ok(r.ok);
      }
      now = new Date(now.getTime() + HOUR);
      for (const s of [store, other]) {
        assert.equal(await authenticateByKey(s, 'checkoutcom', 'sk_old', clock()), undefined);
        assert.equal(await authenticateBySignature(s, MASTER_KEY, 'ecommpay', project, (x) => x === 'ecp-old', clock()), undefined);
      }
    });

    it('a revoked key stops at once, on the process that revoked it and on another', async () => {
      const made = await createKey(deps(), actor(), {
        merchantId: merchant,
        dialect: 'globalpay',
        kind: 'api_key',
        keyId: site,
        secret: 'revoke-me',
        label: 'x',
      });
      assert.ok(made.ok);
      assert.equal((await authenticate(other, 'globalpay', site, 'revoke-me', clock()))?.id, merchant);
      const revoked = await revokeKey({ store }, actor(), { merchantId: merchant, credentialId: made.credential.id });
      assert.deepEqual(revoked, { ok: true });
      for (const s of [store, other]) assert.equal(await authenticate(s, 'globalpay', site, 'revoke-me', clock()), undefined);
      // another merchant's user cannot revoke it (nor see it): not found
      const stranger = { ...owner, merchantId: 'somebody-else' };
      const more = await createKey(deps(), actor(), {
        merchantId: merchant,
        dialect: 'globalpay',
        kind: 'api_key',
        keyId: site,
        secret: 'stays',
        label: null,
      });
      assert.ok(more.ok);
      const refused = await revokeKey({ store }, { user: stranger, ip: null }, { merchantId: merchant, credentialId: more.credential.id });
      assert.deepEqual(refused, { ok: false, problem: 'not_found' });
      assert.equal((await authenticate(other, 'globalpay', site, 'stays', clock()))?.id, merchant);
    });
  });
}
