/**
 * The dashboard's core use cases on their own, with a clock the test moves: password hashes,
 * session idle and absolute expiry, the growing lock, and an audit row with every change.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, NOBODY_HASH, verifyPassword } from '../../src/core/dashboard/password-hash.js';
import { addUser } from '../../src/core/dashboard/add-user.js';
import { removeUser } from '../../src/core/dashboard/remove-user.js';
import { resetPassword } from '../../src/core/dashboard/reset-password.js';
import { signIn } from '../../src/core/dashboard/sign-in.js';
import { resolveSession } from '../../src/core/dashboard/resolve-session.js';
import { signOut } from '../../src/core/dashboard/sign-out.js';
import { changePassword } from '../../src/core/dashboard/change-password.js';
import { lockFor, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from '../../src/core/dashboard/dashboard-policy.js';
import { hashSessionId } from '../../src/core/dashboard/session-secrets.js';
import { openTestStore, type TestStore } from '../helpers/stores.js';

describe('dashboard password hashes', () => {
  it('are scrypt with their parameters and a 16-byte salt, verified in constant time; a tampered or foreign hash never matches', async () => {
    const stored = await hashPassword('correct horse battery staple');
    assert.match(stored, /^scrypt\$N=32768,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    assert.notEqual(await hashPassword('correct horse battery staple'), stored, 'a fresh salt each time');
    assert.equal(await verifyPassword('correct horse battery staple', stored), true);
    assert.equal(await verifyPassword('correct horse battery stapler', stored), false);
    assert.equal(await verifyPassword('anything', NOBODY_HASH), false);
    assert.equal(await verifyPassword('x', 'md5$abc'), false);
    assert.equal(
      await verifyPassword('x', stored.replace('N=32768', 'N=1073741824')),
      false,
      'absurd parameters are refused, not computed',
    );
  });

  it('locks for 30 s at the limit, doubling with each failure, at most 15 minutes', () => {
    assert.deepEqual(
      [4, 5, 6, 7, 9, 20].map((n) => lockFor(n, 5)),
      [0, 30_000, 60_000, 120_000, 480_000, 900_000],
    );
  });
});

describe('dashboard sessions and audit (SQLite)', () => {
  let t: TestStore;
  let now = new Date('2026-12-01T09:00:00Z');
  const deps = () => ({ store: t.store, clock: () => now });
  const later = (ms: number) => (now = new Date(now.getTime() + ms));
  before(async () => {
    t = await openTestStore('sqlite');
    await t.store.merchants.insert({ id: 'shop', name: 'Shop', notifyUrl: null });
  });
  after(() => t.cleanup());

  async function user(email: string): Promise<string> {
    const added = await addUser(deps(), { cli: 'cli' }, { email, merchantId: 'shop', role: 'owner' });
    assert.ok(added.ok);
    return added.oneTimePassword;
  }
  async function session(email: string, password: string): Promise<string> {
    const result = await signIn(deps(), { email, password, ip: '192.0.2.1', userAgent: 'test' });
    assert.ok(result.ok, JSON.stringify(result));
    return result.sessionId;
  }

  it('refuses an operator with a merchant, a merchant user without one, an address that is none, and an e-mail taken', async () => {
    const d = deps();
    assert.deepEqual(await addUser(d, { cli: 'cli' }, { email: 'a@b.example', merchantId: 'shop', role: 'operator' }), {
      ok: false,
      problem: 'role_invalid',
    });
    assert.deepEqual(await addUser(d, { cli: 'cli' }, { email: 'a@b.example', merchantId: null, role: 'owner' }), {
      ok: false,
      problem: 'role_invalid',
    });
    assert.deepEqual(await addUser(d, { cli: 'cli' }, { email: 'not an address', merchantId: 'shop', role: 'owner' }), {
      ok: false,
      problem: 'email_invalid',
    });
    assert.deepEqual(await addUser(d, { cli: 'cli' }, { email: 'a@b.example', merchantId: 'nope', role: 'owner' }), {
      ok: false,
      problem: 'merchant_unknown',
    });
    await user('taken@shop.example');
    assert.deepEqual(await addUser(d, { cli: 'cli' }, { email: 'TAKEN@shop.example', merchantId: 'shop', role: 'refunds' }), {
      ok: false,
      problem: 'email_taken',
    });
  });

  it('ends a session unused for 30 minutes, and any session 12 hours after sign-in; use slides the idle window', async () => {
    const password = await user('idle@shop.example');
    const id = await session('idle@shop.example', password);
    assert.equal(t.store.dashboardSessions.get(hashSessionId(id)) !== undefined, true);
    assert.ok(await t.store.dashboardSessions.get(hashSessionId(id)), 'only the hash is stored');
    assert.equal(await t.store.dashboardSessions.get(id), undefined);
    later(SESSION_IDLE_MS - 1000);
    assert.ok(await resolveSession(deps(), id), 'used just in time');
    later(SESSION_IDLE_MS - 1000);
    assert.ok(await resolveSession(deps(), id), 'the window slid');
    later(SESSION_IDLE_MS);
    assert.equal(await resolveSession(deps(), id), undefined, 'idle too long');
    assert.equal(await t.store.dashboardSessions.get(hashSessionId(id)), undefined, 'and deleted');

    const busy = await session('idle@shop.example', password);
    // used every 15 minutes for 11 h 45 min: never idle
    for (let i = 0; i < (SESSION_ABSOLUTE_MS - SESSION_IDLE_MS / 2) / (SESSION_IDLE_MS / 2); i++) {
      later(SESSION_IDLE_MS / 2);
      assert.ok(await resolveSession(deps(), busy));
    }
    later(SESSION_IDLE_MS / 2);
    assert.equal(await resolveSession(deps(), busy), undefined, 'twelve hours is the end, however busy');
  });

  it('removing a user ends its sessions and its sign-ins; a reset ends its sessions; each writes one audit row', async () => {
    const password = await user('gone@shop.example');
    const id = await session('gone@shop.example', password);
    const reset = await resetPassword(deps(), { cli: 'cli' }, 'gone@shop.example');
    assert.ok(reset.ok);
    assert.equal(await resolveSession(deps(), id), undefined);
    const id2 = await session('gone@shop.example', reset.oneTimePassword);
    const removed = await removeUser(deps(), { cli: 'cli' }, 'gone@shop.example');
    assert.ok(removed.ok);
    assert.equal(removed.sessionsEnded, 1);
    assert.equal(await resolveSession(deps(), id2), undefined);
    assert.deepEqual(
      await signIn(deps(), { email: 'gone@shop.example', password: reset.oneTimePassword, ip: '192.0.2.9', userAgent: null }),
      {
        ok: false,
        problem: 'invalid',
      },
    );
    assert.deepEqual(await removeUser(deps(), { cli: 'cli' }, 'gone@shop.example'), { ok: false, problem: 'unknown_user' });
    const actions = (await t.store.auditLog.list('shop', 100)).map((e) => `${e.action} by ${e.actor}`);
    assert.deepEqual(actions.slice(0, 4), [
      'user.remove by cli',
      'session.sign_in by gone@shop.example',
      'user.reset_password by cli',
      'session.sign_in by gone@shop.example',
    ]);
    // added back: the same row, enabled, with a new role
    const back = await addUser(deps(), { cli: 'cli' }, { email: 'gone@shop.example', merchantId: 'shop', role: 'read-only' });
    assert.ok(back.ok && back.revived && back.user.role === 'read-only' && back.user.disabledAt === null);
  });

  it('changing the password keeps this session, ends the others, and is audited', async () => {
    const oneTime = await user('change@shop.example');
    const here = await session('change@shop.example', oneTime);
    const elsewhere = await session('change@shop.example', oneTime);
    const signedIn = (await resolveSession(deps(), here))!;
    assert.deepEqual(await changePassword(deps(), signedIn, { current: oneTime, next: 'short', repeated: 'short', ip: null }), {
      ok: false,
      problem: 'too_short',
    });
    const next = 'a long new password';
    assert.deepEqual(await changePassword(deps(), signedIn, { current: oneTime, next, repeated: 'a long new passwore', ip: null }), {
      ok: false,
      problem: 'not_repeated',
    });
    assert.deepEqual(await changePassword(deps(), signedIn, { current: oneTime, next, repeated: next, ip: '192.0.2.1' }), { ok: true });
    assert.ok(await resolveSession(deps(), here));
    assert.equal(await resolveSession(deps(), elsewhere), undefined);
    const changed = (await t.store.auditLog.list('shop', 1))[0]!;
    assert.equal(changed.action, 'user.change_password');
    assert.deepEqual(changed.detail, { otherSessionsEnded: 1 });
    const stored = (await t.store.dashboardUsers.getByEmail('change@shop.example'))!;
    assert.equal(stored.mustChangePassword, false);
    assert.equal(await verifyPassword(next, stored.passwordHash), true);
  });

  it('signing out deletes the session and says so in the audit log; a second sign-out writes nothing', async () => {
    const password = await user('out@shop.example');
    const id = await session('out@shop.example', password);
    const signedIn = (await resolveSession(deps(), id))!;
    await signOut(deps(), signedIn, '192.0.2.1');
    assert.equal(await resolveSession(deps(), id), undefined);
    await signOut(deps(), signedIn, '192.0.2.1');
    const outs = (await t.store.auditLog.list('shop', 100)).filter(
      (e) => e.action === 'session.sign_out' && e.actor === 'out@shop.example',
    );
    assert.equal(outs.length, 1);
    assert.equal(outs[0]!.ip, '192.0.2.1');
  });

  it('forgets failures after an hour; throttles an address after 20 failures across accounts', async () => {
    const password = await user('slow@shop.example');
    for (let i = 0; i < 4; i++) await signIn(deps(), { email: 'slow@shop.example', password: 'no', ip: '198.51.100.1', userAgent: null });
    later(61 * 60_000);
    for (let i = 0; i < 4; i++) await signIn(deps(), { email: 'slow@shop.example', password: 'no', ip: '198.51.100.1', userAgent: null });
    assert.ok(
      (await signIn(deps(), { email: 'slow@shop.example', password, ip: '198.51.100.1', userAgent: null })).ok,
      'four and four an hour apart lock nothing',
    );
    later(61 * 60_000);
    const answers = [];
    for (let i = 0; i < 20; i++)
      answers.push(
        (await signIn(deps(), { email: `spray${i}@shop.example`, password: 'no', ip: '203.0.113.7', userAgent: null })).ok === false,
      );
    const last = await signIn(deps(), { email: 'slow@shop.example', password, ip: '203.0.113.7', userAgent: null });
    assert.deepEqual(last.ok ? 'signed in' : last.problem, 'throttled');
    assert.ok(
      (await signIn(deps(), { email: 'slow@shop.example', password, ip: '198.51.100.2', userAgent: null })).ok,
      'from another address the account still signs in',
    );
  });
});
