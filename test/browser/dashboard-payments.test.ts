/**
 * The dashboard's payments in Chromium, on a desktop and on a phone (ADR 0023): payments made
 * through GlobalPay and Checkout.com, found by each kind of id from the one search box, the list,
 * and a payment's story. Screenshots go to test-artifacts/dashboard-payments/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { devices, type BrowserContextOptions } from 'playwright-core';
import { resetPassword } from '../../src/core/dashboard/reset-password.js';
import { DEMO_USER_EMAIL } from '../../src/core/dashboard/dashboard-policy.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { DIALECTS } from '../../src/dialects/index.js';
import { browserSession } from '../helpers/browser-session.js';
import { noSideways } from '../helpers/dashboard-browser.js';

const session = browserSession('dashboard-payments');
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE = devices['iPhone 13'];

let gpId = 0;
let ckoId = '';

/** Makes the two payments once, inside the first test (the session's gateway exists only then). */
async function makePayments(): Promise<void> {
  if (gpId !== 0) return;
  const gp = await session.gw.gp('POST', '/v1/payments', {
    Payment: {
      MerchantTransactionID: 'browser-gp-1',
      Amount: 15000,
      Currency: 'KRW',
      MethodID: 1135,
      ReturnURL: 'http://shop.example/back',
      Customer: { Email: 'kim@shop.example', FirstName: 'Min', LastName: 'Kim' },
    },
  });
  assert.equal(gp.status, 201, JSON.stringify(gp.json));
  gpId = gp.json.Payment.ID as number;
  const cko = await fetch(`${session.gw.base}/checkoutcom/payments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEMO_CHECKOUTCOM.secretKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      source: { type: 'kakaopay' },
      amount: 3000,
      currency: 'KRW',
      reference: 'browser-cko-1',
      success_url: 'http://shop.example/ok',
      failure_url: 'http://shop.example/ko',
      processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
    }),
  });
  const json = (await cko.json()) as { id: string };
  assert.equal(cko.status, 202, JSON.stringify(json));
  ckoId = json.id;
}

for (const [device, options, password] of [
  ['desktop', DESKTOP, 'desk top password 2026'],
  ['phone', PHONE, 'phone password 2026!'],
] as const) {
  describe(`dashboard payments on a ${device}`, () => {
    it('lists payments of two APIs, finds each by its kinds of id, and opens a payment’s story', async () => {
      await makePayments();
      const reset = await resetPassword({ store: session.gw.services.store, clock: () => new Date() }, { cli: 'cli' }, DEMO_USER_EMAIL);
      assert.ok(reset.ok);
      const ctx = await session.browser.newContext(options);
      try {
        const page = await ctx.newPage();
        await page.goto(`${session.gw.base}/dashboard/login`);
        await page.getByLabel('E-mail').fill(DEMO_USER_EMAIL);
        await page.getByLabel('Password').fill(reset.oneTimePassword);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL('**/dashboard/password');
        await page.getByLabel('Current password').fill(reset.oneTimePassword);
        await page.getByLabel('New password', { exact: false }).first().fill(password);
        await page.getByLabel('New password again').fill(password);
        await page.getByRole('button', { name: 'Save password' }).click();
        await page.waitForURL((url) => url.pathname === '/dashboard');

        await page.getByRole('link', { name: 'Payments' }).click();
        await page.waitForURL('**/dashboard/payments');
        const body = (await page.locator('table.log').textContent()) ?? '';
        assert.ok(body.includes('browser-gp-1') && body.includes('browser-cko-1'), 'both APIs’ payments are listed');
        await noSideways(page);
        await session.shot(page, `${device}-1-list`);

        const ckoNumber = DIALECTS.checkoutcom.paymentId!.parse(ckoId)!;
        for (const [kind, q, id] of [
          ['walletgate / GlobalPay id', String(gpId), gpId],
          ['Checkout.com pay_…', ckoId, ckoNumber],
          ['merchant reference', 'browser-cko-1', ckoNumber],
          ['Adyen pspReference', DIALECTS.adyen.paymentId!.format(gpId), gpId],
        ] as const) {
          await page.goto(`${session.gw.base}/dashboard/payments`);
          await page.getByLabel('Find by any id', { exact: false }).fill(q);
          await page.getByRole('button', { name: 'Find' }).click();
          await page.waitForURL(`**/dashboard/payments/${id}`);
          await page.getByRole('heading', { name: `Payment ${id}`, level: 1 }).waitFor();
          assert.equal(new URL(page.url()).pathname, `/dashboard/payments/${id}`, kind);
        }
        await page.goto(`${session.gw.base}/dashboard/payments/${gpId}`);
        await page.getByRole('heading', { name: 'What happened' }).waitFor();
        const story = (await page.locator('main').textContent()) ?? '';
        assert.ok(story.includes('browser-gp-1') && story.includes('Min Kim'), 'the story names the payment and its customer');
        assert.ok(
          (await page.locator('#operations table.log tbody tr, section[aria-labelledby="operations"] tbody tr').count()) >= 1,
          'operations are listed',
        );
        assert.equal(await page.locator('#refund-actions').count(), 1);
        await noSideways(page);
        await session.shot(page, `${device}-2-story`);
      } finally {
        await ctx.close();
      }
    });
  });
}
