/**
 * The dashboard's settings in Chromium, on a desktop and on a phone (ADR 0026): an owner sets the
 * GlobalPay notification URL, rotates a key (the secret shown once), adds a read-only user, sends a
 * test notification and sees it delivered, switches on two-step sign-in (the code computed here with
 * otpauth), signs out and signs in again with a code. The gateway's clock is the test's, so a code of
 * a later step exists without waiting. Screenshots go to test-artifacts/dashboard-settings/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import { devices, type BrowserContextOptions } from 'playwright-core';
import { addUser } from '../../src/core/dashboard/add-user.js';
import type { OutboxNotification } from '../../src/core/model.js';
import { browserSession } from '../helpers/browser-session.js';
import { noSideways } from '../helpers/dashboard-browser.js';

/** The gateway's clock: the real one, moved on by the test (a later TOTP step); everything stamped by the store keeps the real one. */
let ahead = 0;
const clock = () => new Date(Date.now() + ahead);
const session = browserSession('dashboard-settings', undefined, { clock });
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE = devices['iPhone 13'];
const PASSWORD = 'settings browser password';

async function approvedPayment(ref: string): Promise<void> {
  const res = await session.gw.gp('POST', '/v1/payments', {
    Payment: {
      MerchantTransactionID: ref,
      Amount: 15000,
      Currency: 'KRW',
      MethodID: 1135,
      ReturnURL: 'http://shop.example/return',
      BillingAddress: { Country: 'KR' },
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  await session.gw.customer(res.json.Payment.RedirectURL, 'approve');
}

for (const [device, options] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  describe(`dashboard settings on a ${device}`, () => {
    it('notification URL, key rotation, a new user, a test notification, two-step sign-in', async () => {
      const { gw } = session;
      const email = `owner-${device}@demo.example`;
      const added = await addUser({ store: gw.services.store, clock }, { cli: 'cli' }, { email, merchantId: 'demo', role: 'owner' });
      assert.ok(added.ok);
      await approvedPayment(`browser-settings-${device}-${Date.now()}`);
      const ctx = await session.browser.newContext(options);
      try {
        const page = await ctx.newPage();
        const signIn = async (password: string) => {
          await page.goto(`${gw.base}/dashboard/login`);
          await page.getByLabel('E-mail').fill(email);
          await page.getByLabel('Password').fill(password);
          await page.getByRole('button', { name: 'Sign in' }).click();
        };
        await signIn(added.oneTimePassword);
        await page.waitForURL('**/dashboard/password');
        await page.getByLabel('Current password').fill(added.oneTimePassword);
        await page.getByLabel('New password', { exact: false }).first().fill(PASSWORD);
        await page.getByLabel('New password again').fill(PASSWORD);
        await page.getByRole('button', { name: 'Save password' }).click();
        await page.waitForURL((url) => url.pathname === '/dashboard');

        // the notification URL
        await page.getByRole('link', { name: 'Settings' }).click();
        await page.waitForURL('**/dashboard/settings');
        await page.getByLabel('GlobalPay notification URL').fill(gw.receiver.url);
        await page.locator('form:has(#url-globalpay)').getByRole('button', { name: 'Save' }).click();
        await page.getByRole('status').filter({ hasText: 'The notification URL is saved.' }).waitFor();
        await noSideways(page, 1);
        await session.shot(page, `${device}-1-settings`);

        // rotate the first GlobalPay key: the new secret once
        const firstKey = page.locator('table.log tbody tr').filter({ hasText: 'GlobalPay' }).first();
        await firstKey.getByLabel('Old key works for').selectOption('1h');
        await firstKey.getByRole('button', { name: 'Rotate' }).click();
        await page.getByRole('heading', { name: 'Key rotated' }).waitFor();
        const secret = (await page.locator('#secret').textContent()) ?? '';
        assert.ok(secret.length >= 20, 'the new secret is shown');
        await noSideways(page, 1);
        await session.shot(page, `${device}-2-key-rotated`);
        await page.getByRole('link', { name: 'Back to the settings' }).click();
        assert.ok(!(await page.content()).includes(secret), 'and never again');

        // a read-only user
        await page.getByLabel('E-mail').fill(`reader-${device}@demo.example`);
        await page.getByLabel('Role', { exact: true }).last().selectOption('read-only');
        await page.getByRole('button', { name: 'Add user' }).click();
        await page.getByRole('heading', { name: 'User added' }).waitFor();
        assert.match((await page.locator('#secret').textContent()) ?? '', /^\w{5}-\w{5}-\w{5}-\w{5}$/);
        await session.shot(page, `${device}-3-user-added`);
        await page.getByRole('link', { name: 'Back to the settings' }).click();

        // a test notification, delivered (the dispatcher's attempt is the truth)
        const attempts: OutboxNotification[] = [];
        let wake = () => {};
        const stop = gw.services.dispatcher()!.onAttempt((row) => {
          attempts.push(row);
          wake();
        });
        await page.getByRole('button', { name: 'Send a test notification (GlobalPay)' }).click();
        await page.waitForURL('**/dashboard/settings/test-notification/**');
        const id = Number(/test-notification\/(\d+)/.exec(page.url())![1]);
        await new Promise<void>((resolve) => {
          wake = () => {
            if (attempts.some((a) => a.id === id && a.status === 'delivered')) resolve();
          };
          wake();
        });
        stop();
        await page.reload();
        assert.equal(await page.locator('#delivery-status').getAttribute('data-status'), 'delivered');
        await noSideways(page, 1);
        await session.shot(page, `${device}-4-test-notification`);

        // two-step sign-in
        await page.goto(`${gw.base}/dashboard/settings/security`);
        await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
        const key = (await page.locator('#totp-secret').textContent()) ?? '';
        assert.match(key, /^[A-Z2-7]{32}$/);
        assert.equal(await page.locator('.qr svg').count(), 1, 'the QR code');
        await noSideways(page, 1);
        await session.shot(page, `${device}-5-totp-enrol`);
        const code = () => TOTP.generate({ secret: Secret.fromBase32(key), timestamp: clock().getTime() });
        await page.getByLabel('Code from your authenticator app').fill(code());
        await page.getByRole('button', { name: 'Switch two-step sign-in on' }).click();
        await page.getByText('Two-step sign-in is on.').first().waitFor();

        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL('**/dashboard/login?signed_out=1');
        await signIn(PASSWORD);
        await page.waitForURL('**/dashboard/login/code');
        await session.shot(page, `${device}-6-code-step`);
        ahead += 30_000;
        await page.getByLabel('Code from your authenticator app').fill(code());
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((url) => url.pathname === '/dashboard');
        assert.match((await page.locator('body').textContent()) ?? '', new RegExp(`Signed in as ${email.replace(/\./g, '\\.')}`));
        await noSideways(page, 1);
        await session.shot(page, `${device}-7-signed-in-with-code`);
      } finally {
        await ctx.close();
      }
    });
  });
}
