import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from '../helpers/chromium.js';
import { devices } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { KAKAOPAY_MAGIC } from '../../src/sandbox/kakaopay/plugin.js';
import { SUB_CID, startHarness } from '../sandbox/kakaopay-harness.js';
import type { Harness } from '../sandbox/kakaopay-harness.js';

const SHOTS = '/tmp/walletgate-kakaopay';
let h: Harness;
let browser: Browser;

before(async () => {
  // the merchant's return page lives on the test server (browsers follow redirects before any route stub sees them)
  h = await startHarness({
    extra: (app) => app.get('/merchant/return', async (_req, reply) => reply.type('text/html').send('<h1>Merchant</h1>')),
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await h?.close();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}-${name}.png`, fullPage: true });
}

describe('KakaoPay sandbox pages in Chromium', () => {
  it('phone: confirm → SMS code (with a typo) → auto-debit agreement → approval_url with pg_token', async () => {
    const { next_redirect_mobile_url, tid } = await h.ready({
      cid: SUB_CID,
      total_amount: 9900,
      item_name: 'Premium membership (monthly)',
      approval_url: `${h.origin}/merchant/return?order=order-1`,
    });
    const context = await browser.newContext({ ...devices['iPhone 13'] });
    const page = await context.newPage();
    try {
      await page.goto(next_redirect_mobile_url);
      await page.getByText('₩9,900').first().waitFor();
      await shot(page, 'phone-1-confirm');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no horizontal scrolling on a phone (scrollWidth ${width})`);
      await page.getByRole('button', { name: 'Pay ₩9,900' }).click();

      await page.getByRole('heading', { name: 'Enter the verification code' }).waitFor();
      await page.getByLabel('6-digit code').fill('12a');
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('alert').waitFor();
      assert.match(await page.getByRole('alert').innerText(), /6-digit code/);
      await page.getByLabel('6-digit code').fill('482913');
      await shot(page, 'phone-2-code');
      await page.getByRole('button', { name: 'Confirm' }).click();

      await page.getByRole('heading', { name: 'Auto-debit agreement' }).waitFor();
      await page.getByLabel('I agree to all of the following').check();
      await shot(page, 'phone-3-agreement');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/merchant/return'),
        page.getByRole('button', { name: 'Agree and register' }).click(),
      ]);
      const final = new URL(page.url());
      assert.equal(final.searchParams.get('order'), 'order-1', 'the merchant query is kept');
      assert.match(final.searchParams.get('pg_token') ?? '', /^[0-9a-f]{20}$/);
      assert.equal((await h.call('order', { cid: SUB_CID, tid })).body.status, 'AUTH_PASSWORD');
    } finally {
      await context.close();
    }
  });

  it('desktop: the QR page shows a scannable code, and "continue on this device" leads to the phone flow', async () => {
    const { next_redirect_pc_url } = await h.ready({ total_amount: 129000, item_name: 'Noise-cancelling headphones' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    try {
      await page.goto(next_redirect_pc_url);
      const qr = page.locator('.qr svg');
      await qr.waitFor();
      const box = await qr.boundingBox();
      assert.ok(box && box.width >= 200 && box.height >= 200, `QR is large enough to scan: ${JSON.stringify(box)}`);
      await shot(page, 'desktop-qr');
      await page.getByRole('link', { name: 'Continue on this device' }).click();
      await page.getByRole('button', { name: 'Pay ₩129,000' }).waitFor();
      assert.match(page.url(), /\/mInfo$/);
    } finally {
      await context.close();
    }
  });

  it('desktop: the sandbox index lists every magic value', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    try {
      await page.goto(`${h.base}/`);
      assert.equal(await page.locator('table.magic tr').count(), Object.keys(KAKAOPAY_MAGIC).length);
      await shot(page, 'desktop-index');
    } finally {
      await context.close();
    }
  });

  it('phone: the expired page after "Simulate timeout"', async () => {
    const { next_redirect_mobile_url } = await h.ready({ item_name: 'Movie ticket' });
    const context = await browser.newContext({ ...devices['iPhone 13'] });
    const page = await context.newPage();
    try {
      await page.goto(next_redirect_mobile_url);
      await page.getByRole('button', { name: 'Simulate timeout' }).click();
      await page.getByRole('heading', { name: 'Payment expired' }).waitFor();
      await shot(page, 'phone-4-expired');
    } finally {
      await context.close();
    }
  });
});
