/**
 * The optional TOTP second factor over real HTTP (ADR 0026), on SQLite and PostgreSQL, with the
 * gateway's clock moved by the test (a code belongs to a 30-second step): enrolment confirmed by a
 * code, a sign-in that opens no session before the code, a code accepted once, wrong codes
 * throttled like passwords, switching it off with a code; audited.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import { addUser } from '../../src/core/dashboard/add-user.js';
import { resetPassword } from '../../src/core/dashboard/reset-password.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';
import { DashboardClient, csrfIn } from '../helpers/dashboard-client.js';

const PASSWORD = 'correct horse battery staple';

for (const kind of storeKinds) {
  describe(`dashboard TOTP on ${kind}`, () => {
    let gw: Gateway;
    let now = new Date();
    before(async () => {
      gw = await startGateway(kind, { workers: false, clock: () => now });
    });
    after(() => gw.close());
    const later = (seconds: number) => {
      now = new Date(now.getTime() + seconds * 1000);
    };
    const codeAt = (secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now.getTime() });

    async function owner(email: string): Promise<DashboardClient> {
      const added = await addUser(
        { store: gw.services.store, clock: () => now },
        { cli: 'cli' },
        { email, merchantId: 'demo', role: 'read-only' },
      );
      assert.ok(added.ok);
      const client = new DashboardClient(gw.base);
      await client.firstSignIn(email, added.oneTimePassword, PASSWORD);
      return client;
    }

    async function enrol(client: DashboardClient): Promise<string> {
      const page = await client.get('/dashboard/settings/security');
      assert.equal(page.status, 200, 'any signed-in user, a read-only one too');
      assert.match(page.text, /Two-step sign-in is <b>off<\/b>/);
      const started = await client.post('/dashboard/settings/security/totp/start', { csrf: csrfIn(page.text) });
      assert.equal(started.status, 303);
      const shown = await client.get('/dashboard/settings/security');
      assert.match(shown.text, /<svg[^>]*>/, 'the QR code, inline');
      const secret = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(shown.text)?.[1];
      assert.ok(secret, 'the key as text');
      const wrong = await client.post('/dashboard/settings/security/totp/confirm', {
        csrf: csrfIn(shown.text),
        code: '000000' === codeAt(secret) ? '111111' : '000000',
      });
      assert.equal(wrong.status, 400);
      const on = await client.post('/dashboard/settings/security/totp/confirm', { csrf: csrfIn(shown.text), code: codeAt(secret) });
      assert.equal(on.status, 200);
      assert.match(on.text, /Two-step sign-in is <b>on<\/b>/);
      return secret;
    }

    async function passwordStep(email: string): Promise<DashboardClient> {
      const client = new DashboardClient(gw.base);
      const answer = await client.signIn(email, PASSWORD);
      assert.equal(answer.status, 303);
      assert.equal(answer.location, '/dashboard/login/code');
      assert.equal(client.session(), undefined, 'no session before the code');
      assert.ok(client.cookies.get('wg_pending'));
      assert.equal((await client.get('/dashboard')).location, '/dashboard/login');
      return client;
    }

    it('enrols with a code, then asks for a code after the password; a code is accepted once; it is switched off with a code', async () => {
      const email = `totp-${kind}@demo.example`;
      const first = await owner(email);
      const secret = await enrol(first);
      const usedAtEnrolment = codeAt(secret);

      const client = await passwordStep(email);
      const form = await client.get('/dashboard/login/code');
      assert.match(form.text, /<label for="code">Code from your authenticator app/);
      const replay = await client.post('/dashboard/login/code', { csrf: csrfIn(form.text), code: usedAtEnrolment });
      assert.equal(replay.status, 401, 'the code used to enrol is not accepted again');
      later(30);
      const noToken = await client.post('/dashboard/login/code', { code: codeAt(secret) });
      assert.equal(noToken.status, 403);
      const code = codeAt(secret);
      const signedIn = await client.post('/dashboard/login/code', { csrf: csrfIn(noToken.text), code });
      assert.equal(signedIn.status, 303, signedIn.text.slice(0, 300));
      assert.equal(signedIn.location, '/dashboard');
      assert.ok(client.session());
      assert.equal((await client.get('/dashboard')).status, 200);

      // the same code, in another browser with the right password: refused (used once)
      const again = await passwordStep(email);
      const againForm = await again.get('/dashboard/login/code');
      assert.equal((await again.post('/dashboard/login/code', { csrf: csrfIn(againForm.text), code })).status, 401);

      const actions = (await gw.services.store.auditLog.list('demo', 100))
        .filter((e) => e.subject === `user ${email}`)
        .map((e) => e.action);
      assert.ok(actions.includes('user.totp_enable'));
      const signIns = (await gw.services.store.auditLog.list('demo', 100)).filter(
        (e) => e.subject === `user ${email}` && e.action === 'session.sign_in',
      );
      assert.ok(signIns.some((e) => e.detail.secondFactor === 'totp'));

      later(30);
      const security = await client.get('/dashboard/settings/security');
      const wrongOff = await client.post('/dashboard/settings/security/totp/disable', { csrf: csrfIn(security.text), code: code });
      assert.equal(wrongOff.status, 400, 'an old code does not switch it off');
      const off = await client.post('/dashboard/settings/security/totp/disable', { csrf: csrfIn(security.text), code: codeAt(secret) });
      assert.equal(off.status, 200);
      assert.match(off.text, /Two-step sign-in is <b>off<\/b>/);
      assert.equal((await new DashboardClient(gw.base).signIn(email, PASSWORD)).location, '/dashboard', 'no code asked any more');
    });

    it('throttles wrong codes like passwords: the 5th locks, and then the right code waits too', async () => {
      const email = `throttle-${kind}@demo.example`;
      const secret = await enrol(await owner(email));
      later(30);
      const client = await passwordStep(email);
      const right = codeAt(secret);
      const wrong = right === '123456' ? '654321' : '123456';
      for (let i = 1; i <= 4; i++) {
        const form = await client.get('/dashboard/login/code');
        assert.equal((await client.post('/dashboard/login/code', { csrf: csrfIn(form.text), code: wrong })).status, 401, `try ${i}`);
      }
      const fifth = await client.post('/dashboard/login/code', {
        csrf: csrfIn((await client.get('/dashboard/login/code')).text),
        code: wrong,
      });
      assert.equal(fifth.status, 429);
      assert.equal(fifth.headers.get('retry-after'), '30');
      const locked = await client.post('/dashboard/login/code', { csrf: csrfIn(fifth.text), code: right });
      assert.equal(locked.status, 429, 'no code is tried while locked');
      assert.equal(client.session(), undefined);
    });

    it('a pending sign-in ends after 5 minutes: the code then leads back to the password', async () => {
      const email = `late-${kind}@demo.example`;
      const secret = await enrol(await owner(email));
      later(30);
      const client = await passwordStep(email);
      const form = await client.get('/dashboard/login/code');
      later(5 * 60);
      const late = await client.post('/dashboard/login/code', { csrf: csrfIn(form.text), code: codeAt(secret) });
      assert.equal(late.status, 303);
      assert.equal(late.location, '/dashboard/login');
      assert.equal(client.session(), undefined);
    });

    it('a password reset ends a pending sign-in: its code opens nothing', async () => {
      const email = `reset-${kind}@demo.example`;
      const secret = await enrol(await owner(email));
      later(30);
      const client = await passwordStep(email);
      const form = await client.get('/dashboard/login/code');
      const reset = await resetPassword({ store: gw.services.store, clock: () => now }, { cli: 'cli' }, email);
      assert.ok(reset.ok);
      const stale = await client.post('/dashboard/login/code', { csrf: csrfIn(form.text), code: codeAt(secret) });
      assert.equal(stale.status, 303);
      assert.equal(stale.location, '/dashboard/login');
      assert.equal(client.session(), undefined);
    });
  });
}
