/**
 * /docs in real Chromium (ADR 0030): the index lists every API description and guide; Swagger UI,
 * served by the gateway, renders each description with operations; "Try it out" on GlobalPay's
 * payment create, pre-authorised with the demo key (sandbox on), shows the gateway's 201; a guide
 * renders and its relative links lead to other guides and their headings; and no page asks another
 * host for anything, logs a console error or meets a 4xx. Screenshots (desktop and phone) go to
 * test-artifacts/docs-site/.
 */
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { devices, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { browserSession } from '../helpers/browser-session.js';
import { noSideways } from '../helpers/dashboard-browser.js';
import { DIALECTS, DIALECT_IDS } from '../../src/dialects/index.js';
import { DATA_API_OPENAPI } from '../../src/web/dashboard/data-api-routes.js';

const session = browserSession('docs-site', undefined, { workers: false });
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE = devices['iPhone 13'];
/** The folder browserSession made; long pages get a screenshot of their first screen, not all of it. */
const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/docs-site/', import.meta.url));
const APIS = [
  ...DIALECT_IDS.map((id) => ({ title: `${DIALECTS[id].title} API`, file: DIALECTS[id].openapi.file })),
  { title: DATA_API_OPENAPI.title, file: DATA_API_OPENAPI.file },
];
const API_TITLES = APIS.map((a) => a.title);

/** Console errors, page errors, 4xx/5xx answers and requests to any other host, for the context's life. */
function watch(ctx: BrowserContext): string[] {
  const problems: string[] = [];
  const host = new URL(session.gw.base).host;
  ctx.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()} (${m.location().url})`));
  ctx.on('weberror', (e) => problems.push(`page error: ${e.error().message}`));
  ctx.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} for ${r.url()}`));
  ctx.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'data:' && url.host !== host) problems.push(`request to ${r.url()}`);
  });
  return problems;
}

async function withContext(options: BrowserContextOptions, use: (page: Page) => Promise<void>): Promise<void> {
  const ctx = await session.browser.newContext(options);
  const problems = watch(ctx);
  try {
    await use(await ctx.newPage());
  } finally {
    await ctx.close();
  }
  assert.deepEqual(problems, [], 'no console error, no failed request, no other host');
}

/** Swagger UI on one description: waits for its operations to be drawn and returns how many. */
async function openApi(page: Page, title: string): Promise<number> {
  await page.goto(`${session.gw.base}/docs/api?urls.primaryName=${encodeURIComponent(title)}`);
  await page
    .locator('.swagger-ui .info .title')
    .filter({ hasText: /walletgate/ })
    .waitFor();
  await page.locator('.swagger-ui .opblock').first().waitFor();
  return page.locator('.swagger-ui .opblock').count();
}

describe('/docs in the browser', () => {
  for (const [device, options] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`${device}: the index lists every API and the guides, and fits the screen`, () =>
      withContext(options, async (page) => {
        const res = await page.goto(`${session.gw.base}/docs`);
        assert.equal(res?.status(), 200);
        const apis = page.locator('.api-list li');
        assert.equal(await apis.count(), API_TITLES.length);
        for (const title of API_TITLES) await apis.getByRole('link', { name: title, exact: true }).waitFor();
        await page.getByRole('link', { name: 'Start with the README' }).waitFor();
        await page.getByRole('heading', { name: 'Design decisions' }).waitFor();
        assert.ok((await page.locator('main a[href^="/docs/guides/"]').count()) > 20, 'the guides are listed');
        await noSideways(page);
        await session.shot(page, `index-${device}`);
      }));
  }

  it('renders every description with its operations, each chosen in the top bar; Try it out on GlobalPay’s create answers 201', () =>
    withContext(DESKTOP, async (page) => {
      await openApi(page, API_TITLES[0]!);
      const options = await page.locator('.topbar select option').allInnerTexts();
      assert.deepEqual(options, API_TITLES, 'the top bar offers every description');
      for (const { title, file } of [...APIS.slice(1), APIS[0]!]) {
        await page.locator('.topbar select').selectOption({ label: title });
        await page.locator('.swagger-ui .info .url', { hasText: `/docs/openapi/${file}` }).waitFor();
        await page.locator('.swagger-ui .opblock').first().waitFor();
        const operations = await page.locator('.swagger-ui .opblock').count();
        assert.ok(operations > 0, `${title}: ${operations} operations drawn`);
      }
      // back on GlobalPay (the loop ends there): the demo merchant's key is in place, the padlock closed
      await page.locator('.swagger-ui .btn.authorize.locked').waitFor();
      const op = page.locator('#operations-Payments-createPayment');
      await op.locator('.opblock-summary').click();
      await op.getByRole('button', { name: 'Try it out' }).click();
      await op.getByRole('button', { name: 'Execute' }).click();
      const status = op.locator('.live-responses-table tbody .response-col_status').first();
      await status.waitFor();
      assert.equal((await status.innerText()).trim(), '201');
      const body = await op.locator('.live-responses-table .response-col_description pre').first().innerText();
      assert.match(body, /"RedirectURL"/);
      await status.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENSHOTS}try-it-globalpay-desktop.png` });
    }));

  it('phone: the API reference draws its operations without scrolling sideways', () =>
    withContext(PHONE, async (page) => {
      assert.ok((await openApi(page, 'Adyen API')) > 0);
      await noSideways(page, 1);
      // the first screen only: the whole reference is tens of screens long on a phone
      await page.screenshot({ path: `${SCREENSHOTS}api-reference-phone.png` });
    }));

  it('a guide renders, and its relative links lead to another guide and to a heading in it', () =>
    withContext(DESKTOP, async (page) => {
      await page.goto(`${session.gw.base}/docs/guides/README`);
      await page.getByRole('heading', { name: 'walletgate', level: 1 }).waitFor();
      // README links docs/sandbox.md#the-sandbox-customer-api-for-merchants-ci as "POST /sandbox/customer"
      await page.locator('article a', { hasText: 'POST /sandbox/customer' }).first().click();
      await page.waitForURL((url) => url.pathname === '/docs/guides/sandbox');
      assert.equal(new URL(page.url()).hash, '#the-sandbox-customer-api-for-merchants-ci');
      assert.equal(await page.locator('#the-sandbox-customer-api-for-merchants-ci').count(), 1, 'the heading has GitHub’s anchor');
      // a code block stays readable: dark, monospace, and it scrolls inside itself
      const pre = page.locator('article pre').first();
      assert.match(await pre.evaluate((el) => getComputedStyle(el).fontFamily), /mono/i);
      await page.screenshot({ path: `${SCREENSHOTS}guide-sandbox-desktop.png` });
      // from a guide in a folder: ../ links resolve too (dialects/adyen.md → errors.md …)
      await page.goto(`${session.gw.base}/docs/guides/dialects/adyen`);
      const hrefs = await page.locator('article a[href^="/docs/guides/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      assert.ok(hrefs.length > 0, 'the Adyen guide links other guides');
      for (const href of new Set(hrefs.map((h) => h.split('#')[0]!))) {
        const res = await page.request.get(`${session.gw.base}${href}`);
        assert.equal(res.status(), 200, `${href} is served`);
      }
    }));

  it('phone: a guide with a wide table and long code fits the screen', () =>
    withContext(PHONE, async (page) => {
      await page.goto(`${session.gw.base}/docs/guides/connectors/README`);
      await page.locator('article table').first().waitFor();
      await noSideways(page, 1);
      await session.shot(page, 'guide-connectors-phone');
    }));
});
