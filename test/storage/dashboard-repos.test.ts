/** The dashboard's repos (migration 0010: users, sessions, failed sign-ins, audit log), on both stores. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MissingRowError } from '../../src/core/ports/store.js';
import type { DashboardSession } from '../../src/core/ports/dashboard-store.js';
import { FAILURE_MEMORY_MS, SESSION_IDLE_MS } from '../../src/core/dashboard/dashboard-policy.js';
import { forgetEndedSessions } from '../../src/core/dashboard/forget-ended-sessions.js';
import { openTestStore, storeKinds } from '../helpers/stores.js';
import type { TestStore } from '../helpers/stores.js';

for (const kind of storeKinds) {
  describe(`dashboard repos on ${kind}`, () => {
    let t: TestStore;
    before(async () => {
      t = await openTestStore(kind);
      await t.store.merchants.insert({ id: 'shop-a', name: 'Shop A', notifyUrl: null });
      await t.store.merchants.insert({ id: 'shop-b', name: 'Shop B', notifyUrl: null });
    });
    after(() => t.cleanup());

    const user = (email: string, merchantId: string | null = 'shop-a', role: 'owner' | 'read-only' | 'operator' = 'owner') => ({
      email,
      merchantId,
      role,
      passwordHash: 'scrypt$N=32768,r=8,p=1$c2FsdA$aGFzaA',
      mustChangePassword: true,
    });

    it('keeps one user per e-mail, whatever its case, and finds it case-insensitively', async () => {
      const anna = await t.store.dashboardUsers.insert(user('Anna@Shop-A.example'));
      assert.ok(anna);
      assert.equal(anna.email, 'anna@shop-a.example');
      assert.equal(anna.mustChangePassword, true);
      assert.equal(anna.disabledAt, null);
      assert.ok(anna.createdAt instanceof Date);
      assert.equal(await t.store.dashboardUsers.insert(user('ANNA@shop-a.EXAMPLE', 'shop-b')), undefined);
      assert.equal((await t.store.dashboardUsers.getByEmail('anna@SHOP-A.example'))?.id, anna.id);
      assert.equal((await t.store.dashboardUsers.get(anna.id))?.email, anna.email);
      assert.equal(await t.store.dashboardUsers.get(999_999), undefined);
    });

    it('refuses an operator with a merchant and a merchant user without one (a check constraint)', async () => {
      await assert.rejects(t.store.dashboardUsers.insert(user('op@x.example', 'shop-a', 'operator')));
      await assert.rejects(t.store.dashboardUsers.insert(user('nobody@x.example', null, 'owner')));
      const op = await t.store.dashboardUsers.insert(user('op@walletgate.example', null, 'operator'));
      assert.equal(op?.merchantId, null);
    });

    it('updates a user and lists the enabled ones of a merchant, or all', async () => {
      const bob = (await t.store.dashboardUsers.insert(user('bob@shop-b.example', 'shop-b', 'read-only')))!;
      const changed = await t.store.dashboardUsers.update(bob.id, { passwordHash: 'scrypt$new', mustChangePassword: false });
      assert.equal(changed.passwordHash, 'scrypt$new');
      assert.equal(changed.mustChangePassword, false);
      assert.deepEqual(
        (await t.store.dashboardUsers.list('shop-b')).map((u) => u.email),
        ['bob@shop-b.example'],
      );
      const gone = await t.store.dashboardUsers.update(bob.id, { disabledAt: new Date(1_700_000_000_000) });
      assert.equal(gone.disabledAt?.getTime(), 1_700_000_000_000);
      assert.deepEqual(await t.store.dashboardUsers.list('shop-b'), []);
      assert.ok((await t.store.dashboardUsers.list()).some((u) => u.email === 'anna@shop-a.example'));
      await assert.rejects(t.store.dashboardUsers.update(999_999, { role: 'owner' }), MissingRowError);
    });

    it('keeps sessions by their hash, slides them, and ends one or all of a user', async () => {
      const anna = (await t.store.dashboardUsers.getByEmail('anna@shop-a.example'))!;
      const session = (idHash: string): DashboardSession => ({
        idHash,
        userId: anna.id,
        csrfToken: `csrf-${idHash}`,
        createdAt: new Date(1_000),
        lastSeenAt: new Date(1_000),
        expiresAt: new Date(50_000),
        ip: '127.0.0.1',
        userAgent: 'test',
      });
      assert.deepEqual(await t.store.dashboardSessions.insert(session('h1')), session('h1'));
      await t.store.dashboardSessions.insert(session('h2'));
      await t.store.dashboardSessions.insert(session('h3'));
      assert.equal(await t.store.dashboardSessions.touch('h1', new Date(2_000)), true);
      assert.equal((await t.store.dashboardSessions.get('h1'))?.lastSeenAt.getTime(), 2_000);
      assert.equal(await t.store.dashboardSessions.touch('nope', new Date(2_000)), false);
      assert.equal(await t.store.dashboardSessions.delete('h1'), true);
      assert.equal(await t.store.dashboardSessions.delete('h1'), false);
      assert.equal(await t.store.dashboardSessions.get('h1'), undefined);
      await t.store.dashboardSessions.insert(session('h4'));
      assert.equal(await t.store.dashboardSessions.deleteByUser(anna.id, 'h4'), 2, 'all but the one kept');
      assert.equal(await t.store.dashboardSessions.get('h2'), undefined);
      assert.ok(await t.store.dashboardSessions.get('h4'));
      assert.equal(await t.store.dashboardSessions.deleteByUser(anna.id), 1);
    });

    it('counts failed sign-ins per key, also concurrent ones through two connections, forgets old ones, locks and clears', async () => {
      const key = 'account:anna@shop-a.example';
      const at = new Date(10_000);
      const first = await t.store.loginFailures.recordFailure(key, at, new Date(0));
      assert.equal(first.failures, 1);
      assert.equal(first.lockedUntil, null);
      const other = await t.openAnother();
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? other : t.store).loginFailures.recordFailure(key, new Date(11_000), new Date(0))),
      );
      assert.equal((await t.store.loginFailures.get(key))?.failures, 11);
      await t.store.loginFailures.lock(key, new Date(99_000));
      assert.equal((await t.store.loginFailures.get(key))?.lockedUntil?.getTime(), 99_000);
      // a failure after the window starts the count again
      const later = await t.store.loginFailures.recordFailure(key, new Date(500_000), new Date(400_000));
      assert.equal(later.failures, 1);
      assert.equal(later.lastFailureAt.getTime(), 500_000);
      await t.store.loginFailures.clear(key);
      assert.equal(await t.store.loginFailures.get(key), undefined);
      assert.equal(await t.store.loginFailures.get('ip:10.0.0.1'), undefined);
    });

    it('housekeeping deletes ended sessions and forgotten failure counts, and nothing that still counts', async () => {
      const anna = (await t.store.dashboardUsers.getByEmail('anna@shop-a.example'))!;
      const now = 10 * 60 * 60_000;
      const session = (idHash: string, lastSeenAt: number, expiresAt: number): DashboardSession => ({
        idHash,
        userId: anna.id,
        csrfToken: `csrf-${idHash}`,
        createdAt: new Date(0),
        lastSeenAt: new Date(lastSeenAt),
        expiresAt: new Date(expiresAt),
        ip: null,
        userAgent: null,
      });
      await t.store.dashboardSessions.insert(session('live', now - 60_000, now + 60_000));
      await t.store.dashboardSessions.insert(session('idle', now - SESSION_IDLE_MS, now + 60_000));
      await t.store.dashboardSessions.insert(session('over', now - 1_000, now));
      await t.store.loginFailures.recordFailure('ip:10.0.0.2', new Date(now - FAILURE_MEMORY_MS - 1), new Date(0));
      await t.store.loginFailures.recordFailure('ip:10.0.0.3', new Date(now - FAILURE_MEMORY_MS - 1), new Date(0));
      await t.store.loginFailures.lock('ip:10.0.0.3', new Date(now + 60_000));
      await t.store.loginFailures.recordFailure('ip:10.0.0.4', new Date(now - 1_000), new Date(0));

      assert.deepEqual(await forgetEndedSessions({ store: t.store, clock: () => new Date(now) }), { sessions: 2, loginFailures: 1 });
      assert.ok(await t.store.dashboardSessions.get('live'));
      assert.equal(await t.store.dashboardSessions.get('idle'), undefined);
      assert.equal(await t.store.dashboardSessions.get('over'), undefined);
      assert.equal(await t.store.loginFailures.get('ip:10.0.0.2'), undefined, 'old and not locking: forgotten');
      assert.ok(await t.store.loginFailures.get('ip:10.0.0.3'), 'old but still locking: kept');
      assert.ok(await t.store.loginFailures.get('ip:10.0.0.4'), 'recent: kept');
      await t.store.dashboardSessions.delete('live');
    });

    it('lists a merchant’s audit entries newest first, never another merchant’s; everyone’s when asked for all', async () => {
      const entry = (merchantId: string | null, action: string) => ({
        merchantId,
        userId: null,
        actor: 'cli',
        action,
        subject: 'user x@y.example',
        detail: { role: 'owner', n: 1 },
        ip: null,
      });
      const a1 = await t.store.auditLog.append(entry('shop-a', 'user.add'));
      assert.deepEqual(a1.detail, { role: 'owner', n: 1 });
      assert.ok(a1.createdAt instanceof Date);
      await t.store.auditLog.append(entry('shop-b', 'user.add'));
      const a2 = await t.store.auditLog.append(entry('shop-a', 'user.reset_password'));
      await t.store.auditLog.append(entry(null, 'user.add'));
      assert.deepEqual(
        (await t.store.auditLog.list('shop-a', 50)).map((e) => e.id),
        [a2.id, a1.id],
      );
      assert.equal((await t.store.auditLog.list('shop-a', 1)).length, 1);
      assert.deepEqual(
        (await t.store.auditLog.list(undefined, 50)).map((e) => e.merchantId),
        [null, 'shop-a', 'shop-b', 'shop-a'],
      );
    });

    it('writes audit rows inside a transaction, and a rolled-back one leaves none', async () => {
      const before = (await t.store.auditLog.list(undefined, 100)).length;
      await assert.rejects(
        t.store.transaction(async (tx) => {
          await tx.auditLog.append({ merchantId: 'shop-a', userId: null, actor: 'cli', action: 'x', subject: 'y', detail: {}, ip: null });
          throw new Error('roll back');
        }),
      );
      assert.equal((await t.store.auditLog.list(undefined, 100)).length, before);
    });
  });
}
