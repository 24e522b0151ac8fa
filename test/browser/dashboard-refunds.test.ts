/**
 * Refunds from the dashboard in Chromium, on a desktop and on a phone (ADR 0024): part of a paid
 * payment through the form and its confirmation; then a CSV file with good and bad rows uploaded,
 * checked, submitted, followed until done (the page refreshes itself) and its result downloaded.
 * The payments are made through the GlobalPay API and approved in the KakaoPay sandbox. Screenshots
 * of each step go to test-artifacts/dashboard-refunds/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devices, type BrowserContextOptions, type Page } from 'playwright-core';
import { addUser } from '../../src/core/dashboard/add-user.js';
import { browserSession } from '../helpers/browser-session.js';
import { firstSignIn, noSideways } from '../helpers/dashboard-browser.js';
import { paidPayment } from '../helpers/dashboard-refund-fixtures.js';

const session = browserSession('dashboard-refunds');
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE = devices['iPhone 13'];
const PASSWORD = 'refunds password 2026';

async function signIn(page: Page, device: string): Promise<void> {
  const email = `refunds-${device}-${Date.now()}@shop.example`;
  const added = await addUser(
    { store: session.gw.services.store, clock: () => new Date() },
    { cli: 'cli' },
    { email, merchantId: 'demo', role: 'refunds' },
  );
  assert.ok(added.ok);
  await firstSignIn(page, session.gw.base, email, added.oneTimePassword, PASSWORD);
}

for (const [device, options] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  describe(`dashboard refunds on a ${device}`, () => {
    it('refunds part of a payment through the form and its confirmation', async () => {
      const id = await paidPayment(session.gw, `browser-${device}-${Date.now()}`);
      const ctx = await session.browser.newContext(options);
      try {
        const page = await ctx.newPage();
        await signIn(page, device);
        await page.goto(`${session.gw.base}/dashboard/payments/${id}/refund`);
        assert.equal(await page.getByLabel('Amount (KRW)').inputValue(), '15000', 'all that is left, by default');
        await page.getByLabel('Amount (KRW)').fill('4000');
        await page.getByLabel('Reason').fill('one cup broken');
        await noSideways(page);
        await session.shot(page, `${device}-1-refund-form`);
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.getByRole('heading', { name: 'Confirm the refund' }).waitFor();
        assert.equal(
          (await page.locator('p.summary').textContent())?.trim(),
          'Refund 4,000 KRW of 15,000 KRW; 11,000 KRW will be left to refund.',
        );
        await noSideways(page);
        await session.shot(page, `${device}-2-confirm`);
        await page.getByRole('button', { name: 'Refund 4,000 KRW' }).click();
        await page.getByRole('status').waitFor();
        assert.match((await page.getByRole('status').textContent()) ?? '', /^Refund \d+ of 4,000 KRW: done\.$/);
        await session.shot(page, `${device}-3-refunded`);
        const refunds = await session.gw.services.store.refunds.listByPayment('demo', id);
        assert.deepEqual(
          refunds.map((r) => [r.amount, r.status]),
          [[4000, 'succeeded']],
        );
      } finally {
        await ctx.close();
      }
    });

    it('uploads a CSV with good and bad rows, submits it, follows it to done and downloads the result', async () => {
      const stamp = `${device}-${Date.now()}`;
      const a = await paidPayment(session.gw, `csv-a-${stamp}`);
      await paidPayment(session.gw, `csv-b-${stamp}`);
      const dir = await mkdtemp(join(tmpdir(), 'walletgate-refunds-'));
      const file = join(dir, `refunds-${device}.csv`);
      await writeFile(
        file,
        `payment,amount,currency,reason\n${a},2000,KRW,damaged\ncsv-b-${stamp},,KRW,cancelled order\nnot-a-payment,100,KRW,typo\n`,
      );
      const ctx = await session.browser.newContext({ ...options, acceptDownloads: true });
      try {
        const page = await ctx.newPage();
        await signIn(page, device);
        await page.goto(`${session.gw.base}/dashboard/mass-refunds`);
        await page.getByRole('heading', { name: 'Upload a file' }).waitFor();
        await noSideways(page);
        await session.shot(page, `${device}-4-mass-refunds`);
        await page.getByLabel('CSV file').setInputFiles(file);
        await page.getByRole('button', { name: 'Upload and check' }).click();
        await page.getByRole('heading', { name: 'Checked' }).waitFor();
        assert.match((await page.locator('main').textContent()) ?? '', /2 of 3 rows are valid; 1 are not/);
        assert.match((await page.locator('main').textContent()) ?? '', /No payment "not-a-payment" of demo/);
        await noSideways(page);
        await session.shot(page, `${device}-5-checked`);
        await page.getByRole('button', { name: 'Refund the 2 valid rows' }).click();
        // the page refreshes itself until the batch is done
        await page.locator('#progress[data-state="done"]').waitFor({ timeout: 30_000 });
        assert.match((await page.locator('#progress').textContent()) ?? '', /2 refunded, 0 failed, 0 remaining/);
        await noSideways(page);
        await session.shot(page, `${device}-6-done`);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: 'Download the result (CSV)' }).click(),
        ]);
        const text = await readFile((await download.path())!, 'utf8');
        const lines = text.trim().split('\n');
        assert.equal(lines[0], 'row,payment,amount,currency,outcome,refund id,message');
        assert.match(lines[1]!, new RegExp(`^1,${a},2000,KRW,refunded,\\d+,`));
        assert.match(lines[2]!, /^2,csv-b-.*,15000,KRW,refunded,\d+,/);
        assert.match(lines[3]!, /^3,not-a-payment,100,KRW,invalid,,/);
      } finally {
        await ctx.close();
      }
    });
  });
}
