/**
 * Reports and analytics in Chromium (ADR 0025), on a desktop and a phone: run a payments report,
 * wait for it, download it and read its rows; open the analytics and see chart.js draw every chart
 * from the gateway's own scripts, with no console error and no request to another host.
 * Screenshots go to test-artifacts/dashboard-reports/.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { devices, type BrowserContextOptions, type Page } from 'playwright-core';
import { addUser } from '../../src/core/dashboard/add-user.js';
import { browserSession } from '../helpers/browser-session.js';
import { firstSignIn } from '../helpers/dashboard-browser.js';
import { newPayment } from '../storage/sample-records.js';

const session = browserSession('dashboard-reports');
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE = devices['iPhone 13'];
const PASSWORD = 'reports password 2026';
const DAY = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

async function signIn(page: Page, email: string): Promise<void> {
  const store = session.gw.services.store;
  const added = await addUser({ store, clock: () => new Date() }, { cli: 'cli' }, { email, merchantId: 'demo', role: 'owner' });
  assert.ok(added.ok);
  await firstSignIn(page, session.gw.base, email, added.oneTimePassword, PASSWORD);
}

/** Console errors, page errors and requests to any other host, collected for the page's life. */
function watch(page: Page): { problems: string[] } {
  const problems: string[] = [];
  const host = new URL(session.gw.base).host;
  page.on('console', (m) => {
    // the browser's own look for /favicon.ico (none is served) is not the page's doing
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} for ${r.url()}`));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'data:' && url.host !== host) problems.push(`request to ${r.url()}`);
  });
  return { problems };
}

for (const [device, options] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const) {
  describe(`dashboard reports on a ${device}`, () => {
    it('runs a payments report, downloads it, and draws the analytics charts offline', async () => {
      const store = session.gw.services.store;
      const now = Date.now();
      const reference = `browser-${device}`;
      await store.payments.insert(
        newPayment('demo', {
          createdAt: new Date(now - DAY),
          amount: 1050,
          currency: 'EUR',
          status: 'succeeded',
          reference: `=${reference}`,
        }),
      );
      await store.payments.insert(
        newPayment('demo', {
          createdAt: new Date(now - 2 * DAY),
          amount: 20000,
          currency: 'KRW',
          status: 'created',
          reference: `${reference}-2`,
        }),
      );
      const ctx = await session.browser.newContext({ ...options, acceptDownloads: true });
      try {
        const page = await ctx.newPage();
        const { problems } = watch(page);
        await signIn(page, `${device}@demo.example`);

        await page.goto(`${session.gw.base}/dashboard/reports`);
        await page.locator('#kind').selectOption('payments');
        await page.locator('#from').fill(day(now - 3 * DAY));
        await page.locator('#to').fill(day(now + DAY));
        await page.getByRole('button', { name: 'Run report' }).click();
        await page.waitForURL('**/dashboard/reports?queued=1');
        assert.match((await page.getByRole('status').textContent()) ?? '', /The report is running/);
        // the report is written in the background of this same process: wait for it, then look again
        await session.gw.services.deps.background.drain();
        await page.getByRole('link', { name: 'Refresh' }).click();
        const link = page.locator('tr[data-state="done"] a[download]').first();
        await link.waitFor();
        await session.shot(page, `${device}-1-reports`);
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        assert.match(download.suggestedFilename(), /^payments_\d{8}-\d{8}_r\d+\.csv$/);
        const rows = parse(await readFile(await download.path(), 'utf8')) as string[][];
        const mine = rows.filter((r) => r[5]?.includes(reference));
        assert.deepEqual(
          mine.map((r) => [r[5], r[6], r[7]]),
          [
            [`${reference}-2`, '20000', 'KRW'],
            [`'=${reference}`, '10.50', 'EUR'],
          ],
        );

        await page.getByRole('link', { name: 'Analytics' }).click();
        await page.waitForURL('**/dashboard/analytics');
        const canvases = page.locator('canvas');
        const count = await canvases.count();
        assert.ok(count >= 3, `charts: ${count}`);
        await page
          .locator('canvas[data-drawn="true"]')
          .nth(count - 1)
          .waitFor({ state: 'attached' });
        const drawn = await page.evaluate(() => {
          const chart = (window as unknown as { Chart: { instances: Record<string, unknown> } }).Chart;
          const painted = Array.from(document.querySelectorAll('canvas')).map((c) => {
            const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
            let n = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
            return n;
          });
          return { instances: Object.keys(chart.instances).length, painted };
        });
        assert.equal(drawn.instances, count);
        assert.ok(
          drawn.painted.every((n) => n > 100),
          `every canvas has pixels: ${drawn.painted.join(', ')}`,
        );
        assert.ok((await page.getByRole('img', { name: /Payments created and paid by day/ }).count()) === 1);
        assert.ok((await page.locator('th[scope="col"]').count()) > 0);
        await session.shot(page, `${device}-2-analytics`);
        assert.deepEqual(problems, []);
      } finally {
        await ctx.close();
      }
    });
  });
}
