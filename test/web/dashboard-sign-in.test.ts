/**
 * The dashboard's sign-in over real HTTP (ADR 0022), on SQLite and PostgreSQL: first sign-in with a
 * one-time password, the same answer for an unknown e-mail and a wrong password, throttling, CSRF,
 * a new session id at every sign-in, sessions that outlive a restart, sign-out, and what each role
 * and merchant sees.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addUser } from '../../src/core/dashboard/add-user.js';
import { createMerchant } from '../../src/core/merchants/manage-merchants.js';
import { DEMO_USER_EMAIL } from '../../src/core/dashboard/dashboard-policy.js';
import type { DashboardRole } from '../../src/core/ports/dashboard-store.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';
import { DashboardClient, csrfIn } from '../helpers/dashboard-client.js';

const PASSWORD = 'correct horse battery staple';

for (const kind of storeKinds) {
  describe(`dashboard sign-in on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind, { workers: false });
      await createMerchant(gw.services.store, { id: 'other-shop', name: 'Other Shop', notifyUrl: null });
    });
    after(() => gw.close());

    const deps = () => ({ store: gw.services.store, clock: () => new Date() });
    async function newUser(email: string, merchantId: string | null, role: DashboardRole): Promise<string> {
      const added = await addUser(deps(), { cli: 'cli' }, { email, merchantId, role });
      assert.ok(added.ok, JSON.stringify(added));
      return added.oneTimePassword;
    }
    async function signedInClient(email: string, merchantId: string | null, role: DashboardRole): Promise<DashboardClient> {
      const client = new DashboardClient(gw.base);
      await client.firstSignIn(email, await newUser(email, merchantId, role), PASSWORD);
      return client;
    }

    it('sends a visitor without a session to the sign-in page, which has labelled fields and no cache', async () => {
      const client = new DashboardClient(gw.base);
      const home = await client.get('/dashboard');
      assert.equal(home.status, 303);
      assert.equal(home.location, '/dashboard/login');
      const form = await client.get('/dashboard/login');
      assert.equal(form.status, 200);
      assert.match(form.text, /<label for="email">E-mail<input id="email"/);
      assert.match(form.text, /<label for="password">Password<input id="password"/);
      assert.equal(form.headers.get('cache-control'), 'no-store');
      assert.equal(form.headers.get('x-frame-options'), 'DENY');
      assert.match(form.headers.get('set-cookie') ?? '', /^wg_signin=[\w-]+; Path=\/dashboard; HttpOnly; SameSite=Lax$/);
      // unknown dashboard paths are pages too
      const missing = await client.get('/dashboard/nothing-here');
      assert.equal(missing.status, 404);
      assert.match(missing.headers.get('content-type') ?? '', /^text\/html/);
    });

    it('first sign-in with the one-time password must choose a new one; then the home shows who, the merchant and the audit log', async () => {
      const oneTime = await newUser('owner@demo.example', 'demo', 'owner');
      const client = new DashboardClient(gw.base);
      const signedIn = await client.signIn('Owner@Demo.example', oneTime);
      assert.equal(signedIn.status, 303);
      assert.equal(signedIn.location, '/dashboard/password');
      assert.match(signedIn.headers.get('set-cookie') ?? '', /wg_session=[\w-]{43}; Path=\/dashboard; HttpOnly; SameSite=Lax/);
      // the home waits until the password is changed
      assert.equal((await client.get('/dashboard')).location, '/dashboard/password');
      const page = await client.get('/dashboard/password');
      const csrf = csrfIn(page.text);
      const short = await client.post('/dashboard/password', { csrf, current: oneTime, next: 'short', repeated: 'short' });
      assert.equal(short.status, 400);
      assert.match(short.text, /role="alert">The new password must have at least 12 characters/);
      const wrong = await client.post('/dashboard/password', { csrf, current: 'not it', next: PASSWORD, repeated: PASSWORD });
      assert.match(wrong.text, /role="alert">The current password is wrong/);
      const saved = await client.post('/dashboard/password', { csrf, current: oneTime, next: PASSWORD, repeated: PASSWORD });
      assert.equal(saved.status, 303);
      const home = await client.get('/dashboard');
      assert.equal(home.status, 200);
      assert.match(home.text, /Signed in as <b>owner@demo\.example<\/b>/);
      assert.match(home.text, /<span class="role">owner<\/span> of Demo/);
      for (const action of ['user.add', 'session.sign_in', 'user.change_password']) assert.ok(home.text.includes(action), action);
      assert.ok(home.text.includes('127.0.0.1'), 'the audit log says from where');
      // the one-time password no longer works; the new one does
      assert.equal((await new DashboardClient(gw.base).signIn('owner@demo.example', oneTime)).status, 401);
      assert.equal((await new DashboardClient(gw.base).signIn('owner@demo.example', PASSWORD)).location, '/dashboard');
    });

    it('answers an unknown e-mail exactly as a wrong password', async () => {
      await newUser('known@demo.example', 'demo', 'refunds');
      const wrong = await new DashboardClient(gw.base).signIn('known@demo.example', 'wrong password');
      const unknown = await new DashboardClient(gw.base).signIn('unknown@demo.example', 'wrong password');
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      const same = (html: string) => html.replace(/value="[^"]*"/g, 'value=""');
      assert.equal(same(wrong.text), same(unknown.text));
      assert.match(wrong.text, /role="alert">The e-mail or the password is wrong\./);
    });

    it('locks an account after 5 failures, known or unknown alike, even for the right password', async () => {
      const oneTime = await newUser('target@demo.example', 'demo', 'read-only');
      for (const email of ['target@demo.example', 'ghost@demo.example']) {
        for (let i = 1; i <= 4; i++) assert.equal((await new DashboardClient(gw.base).signIn(email, `guess ${i}`)).status, 401);
        const fifth = await new DashboardClient(gw.base).signIn(email, 'guess 5');
        assert.equal(fifth.status, 429, `${email}: the fifth failure locks`);
        assert.equal(fifth.headers.get('retry-after'), '30');
        assert.match(fifth.text, /role="alert">Too many failed sign-ins\. Try again in 1 minute\./);
      }
      const right = await new DashboardClient(gw.base).signIn('target@demo.example', oneTime);
      assert.equal(right.status, 429, 'no password is tried while locked');
      // a reset lifts the lock
      const { resetPassword } = await import('../../src/core/dashboard/reset-password.js');
      const reset = await resetPassword(deps(), { cli: 'cli' }, 'target@demo.example');
      assert.ok(reset.ok);
      assert.equal((await new DashboardClient(gw.base).signIn('target@demo.example', reset.oneTimePassword)).status, 303);
    });

    it('refuses a POST without the CSRF token, with a wrong one, or from another origin; the session goes on', async () => {
      const client = await signedInClient('csrf@demo.example', 'demo', 'owner');
      const csrf = csrfIn((await client.get('/dashboard')).text);
      for (const [form, headers] of [
        [{}, {}],
        [{ csrf: 'x'.repeat(43) }, {}],
        [{ csrf }, { origin: 'https://evil.example' }],
      ] as const) {
        const out = await client.post('/dashboard/logout', form, headers);
        assert.equal(out.status, 403);
        assert.match(out.text, /role="alert">This form has expired or came from another site/);
      }
      const pw = await client.post('/dashboard/password', {
        current: PASSWORD,
        next: 'another long password',
        repeated: 'another long password',
      });
      assert.equal(pw.status, 403);
      assert.equal((await client.get('/dashboard')).status, 200, 'still signed in');
      // a sign-in form needs its own token (its cookie), so another site cannot sign a browser in
      const bare = new DashboardClient(gw.base);
      const forged = await bare.post('/dashboard/login', { email: 'csrf@demo.example', password: PASSWORD, csrf: 'forged' });
      assert.equal(forged.status, 403);
      assert.equal(bare.session(), undefined);
    });

    it('gives a new session id at every sign-in and ends the one the browser carried (no fixation)', async () => {
      const client = await signedInClient('fixation@demo.example', 'demo', 'owner');
      const first = client.session()!;
      const planted = new DashboardClient(gw.base);
      planted.cookies.set('wg_session', first);
      assert.equal((await planted.get('/dashboard')).status, 200, 'a copied cookie is that session');
      // signed in, the sign-in page sends the browser home; a sign-in form posted anyway (from another tab) makes a new session
      assert.equal((await client.get('/dashboard/login')).location, '/dashboard');
      const fresh = new DashboardClient(gw.base);
      const form = await fresh.get('/dashboard/login');
      client.cookies.set('wg_signin', fresh.cookies.get('wg_signin')!);
      const again = await client.post('/dashboard/login', { email: 'fixation@demo.example', password: PASSWORD, csrf: csrfIn(form.text) });
      assert.equal(again.status, 303);
      assert.notEqual(client.session(), first);
      assert.equal((await planted.get('/dashboard')).status, 303, 'the previous session ended');
      // a chosen id is never adopted
      const attacker = new DashboardClient(gw.base);
      attacker.cookies.set('wg_session', 'chosen-by-the-attacker');
      await attacker.signIn('fixation@demo.example', PASSWORD);
      assert.notEqual(attacker.session(), 'chosen-by-the-attacker');
    });

    it('keeps a session across a restart, and signing out ends it', async () => {
      const client = await signedInClient('restart@demo.example', 'demo', 'owner');
      gw = await gw.restart();
      client.base = gw.base;
      const home = await client.get('/dashboard');
      assert.equal(home.status, 200);
      const copy = new DashboardClient(gw.base);
      copy.cookies.set('wg_session', client.session()!);
      const out = await client.post('/dashboard/logout', { csrf: csrfIn(home.text) });
      assert.equal(out.status, 303);
      assert.equal(out.location, '/dashboard/login?signed_out=1');
      assert.equal(client.session(), undefined);
      assert.equal((await copy.get('/dashboard')).status, 303, 'the session ended on the server, not only in the browser');
      assert.match((await client.get('/dashboard/login?signed_out=1')).text, /role="status">You signed out\./);
    });

    it('a read-only user sees its role; a merchant user never sees another merchant’s audit rows; an operator sees all', async () => {
      await newUser('staff@other.example', 'other-shop', 'owner');
      const readOnly = await signedInClient('viewer@demo.example', 'demo', 'read-only');
      const page = (await readOnly.get('/dashboard')).text;
      assert.match(page, /<span class="role">read-only<\/span>/);
      assert.match(page, /change nothing/);
      assert.ok(!page.includes('staff@other.example'), 'another merchant’s user and audit rows are not shown');
      assert.ok(!page.includes('other-shop'));
      const operator = await signedInClient('ops@walletgate.example', null, 'operator');
      const all = (await operator.get('/dashboard')).text;
      assert.match(all, /of every merchant/);
      for (const seen of ['staff@other.example', 'viewer@demo.example', 'other-shop', 'Other Shop']) assert.ok(all.includes(seen), seen);
      assert.ok(all.includes(DEMO_USER_EMAIL));
    });
  });
}
