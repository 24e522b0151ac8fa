/**
 * Signing in to the dashboard in Chromium, on a desktop and on a phone, as a person does: the
 * one-time password from `walletgate user reset` (the core use case here), a wrong password first
 * (the error is announced), the required new password, the home with the audit log, sign-out.
 * Screenshots of each step go to test-artifacts/dashboard-sign-in/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { devices, type BrowserContextOptions } from 'playwright-core';
import { resetPassword } from '../../src/core/dashboard/reset-password.js';
import { DEMO_USER_EMAIL } from '../../src/core/dashboard/dashboard-policy.js';
import { browserSession } from '../helpers/browser-session.js';
import { noSideways } from '../helpers/dashboard-browser.js';

const session = browserSession('dashboard-sign-in');
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE = devices['iPhone 13'];

for (const [device, options, password] of [
  ['desktop', DESKTOP, 'desk top password 2026'],
  ['phone', PHONE, 'phone password 2026!'],
] as const) {
  describe(`dashboard sign-in on a ${device}`, () => {
    it('signs in with the one-time password, chooses a new one, sees the home and signs out', async () => {
      const reset = await resetPassword({ store: session.gw.services.store, clock: () => new Date() }, { cli: 'cli' }, DEMO_USER_EMAIL);
      assert.ok(reset.ok);
      const ctx = await session.browser.newContext(options);
      try {
        const page = await ctx.newPage();
        await page.goto(`${session.gw.base}/dashboard`);
        assert.equal(new URL(page.url()).pathname, '/dashboard/login');
        await page.getByLabel('E-mail').fill(DEMO_USER_EMAIL);
        await page.getByLabel('Password').fill('not the password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alert').waitFor();
        assert.equal(await page.getByRole('alert').textContent(), 'The e-mail or the password is wrong.');
        await noSideways(page);
        await session.shot(page, `${device}-1-wrong-password`);

        await page.getByLabel('Password').fill(reset.oneTimePassword);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL('**/dashboard/password');
        await session.shot(page, `${device}-2-choose-password`);
        await page.getByLabel('Current password').fill(reset.oneTimePassword);
        await page.getByLabel('New password', { exact: false }).first().fill(password);
        await page.getByLabel('New password again').fill(password);
        await page.getByRole('button', { name: 'Save password' }).click();
        await page.waitForURL((url) => url.pathname === '/dashboard');
        await page.getByRole('heading', { name: 'Audit log' }).waitFor();
        assert.match((await page.locator('body').textContent()) ?? '', /Signed in as demo@walletgate\.test/);
        assert.ok((await page.locator('table.log tbody tr').count()) >= 3, 'the audit log has the reset, the sign-in and the change');
        await noSideways(page);
        await session.shot(page, `${device}-3-home`);

        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL('**/dashboard/login?signed_out=1');
        assert.equal(await page.getByRole('status').textContent(), 'You signed out.');
        await session.shot(page, `${device}-4-signed-out`);
        await page.goto(`${session.gw.base}/dashboard`);
        assert.equal(new URL(page.url()).pathname, '/dashboard/login');
      } finally {
        await ctx.close();
      }
    });
  });
}
