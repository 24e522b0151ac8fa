/**
 * Each wallet's pages of the Alipay+ sandbox in Chromium, typed into like a person with seed 004's
 * test data: a cashier payment on a phone (iPhone 13; no horizontal scrolling at 375 px either;
 * one wrong-length input shows its error first) lands on the acquirer's return URL and inquiry
 * says succeeded; an auto debit authorization on a desktop (a centred card) lands there with an
 * authCode. Screenshots of each wallet's first step and its password/PIN step, phone and desktop,
 * go to test-artifacts/alipayplus-wallets/ (as test/browser/home-page-layout.test.ts keeps its own).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { devices } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { startApsHarness } from '../sandbox/alipayplus-harness.js';
import type { ApsHarness } from '../sandbox/alipayplus-harness.js';
import { WALLET_CASES, walletStarter } from '../sandbox/alipayplus-wallet-cases.js';
import type { TypedStep, WalletCase, WalletStarter } from '../sandbox/alipayplus-wallet-cases.js';

const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/alipayplus-wallets/', import.meta.url));

let h: ApsHarness;
let w: WalletStarter;
let browser: Browser;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  h = await startApsHarness('sqlite');
  w = walletStarter(h);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await h?.close();
});

/** The step whose screenshot shows the secret: the first with a PIN or password, else the SMS code. */
function secretStep(steps: TypedStep[]): number {
  const pin = steps.findIndex((s) => 'pin' in s.fields);
  return pin >= 0 ? pin : steps.findIndex((s) => 'code' in s.fields);
}

async function stepShown(page: Page, index: number): Promise<void> {
  await page.locator(`input[name="step"][value="${index}"]`).waitFor({ state: 'attached' });
}

async function typeStep(page: Page, s: TypedStep): Promise<void> {
  for (const [name, value] of Object.entries(s.fields)) {
    const input = page.locator(`input[name="${name}"]:not([type=hidden])`);
    await input.fill('');
    await input.pressSequentially(value);
  }
  if (s.terms) await page.getByRole('checkbox').check();
}

/** Walks every step; returns when the last one is submitted (the browser is leaving the step pages). */
async function walk(page: Page, c: WalletCase, steps: TypedStep[], shot: string, wrong: boolean): Promise<void> {
  const secret = secretStep(steps);
  for (const [i, s] of steps.entries()) {
    await stepShown(page, i);
    if (i === 0) await page.screenshot({ path: `${SCREENSHOTS}${c.type.toLowerCase()}-${shot}-1-first-step.png`, fullPage: true });
    if (wrong && i === c.wrong.step) {
      await typeStep(page, s);
      await page.locator(`input[name="${c.wrong.field}"]:not([type=hidden])`).fill(c.wrong.value);
      await page.locator('button.btn-primary').click();
      await page.getByRole('alert').waitFor();
      assert.equal(await page.getByRole('alert').innerText(), c.wrong.error);
      await stepShown(page, i);
    }
    await typeStep(page, s);
    if (i === secret) await page.screenshot({ path: `${SCREENSHOTS}${c.type.toLowerCase()}-${shot}-2-secret-step.png`, fullPage: true });
    if (i < steps.length - 1) {
      await page.locator('button.btn-primary').click();
      continue;
    }
    return page.locator('button.btn-primary').click();
  }
}

/** Back at the acquirer: straight away, or through the wallet's confirmation page. */
async function landBack(page: Page, c: WalletCase, back: string, confirmed: string): Promise<void> {
  const isBack = (u: URL) => u.origin + u.pathname === back;
  if (c.confirmation) {
    await page.getByRole('link', { name: 'Back to the merchant' }).waitFor();
    assert.equal(await page.locator('h1').innerText(), confirmed);
    await Promise.all([page.waitForURL(isBack), page.getByRole('link', { name: 'Back to the merchant' }).click()]);
  } else {
    await page.waitForURL(isBack);
  }
}

describe("Alipay+ sandbox: each wallet's pages in Chromium", () => {
  for (const c of WALLET_CASES) {
    it(`${c.name}: phone, cashier payment with a wrong input first (${c.pay.length} steps) → succeeded`, async () => {
      const started = await w.start(c, { recurring: false });
      const context = await browser.newContext({ ...devices['iPhone 13'] });
      try {
        const page = await context.newPage();
        await page.goto(started.url);
        assert.equal(await page.evaluate(() => document.documentElement.lang), c.lang);
        assert.match(await page.locator('.tag').innerText(), /SANDBOX/);
        assert.match(await page.locator('.brand').innerText(), new RegExp(c.name));
        for (const width of [375, 390]) {
          await page.setViewportSize({ width, height: 844 });
          const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
          assert.ok(scroll <= inner, `no horizontal scrolling at ${width} px (scrollWidth ${scroll})`);
        }
        await walk(page, c, c.pay, 'phone', true);
        await landBack(page, c, started.back, 'Payment successful');
        assert.equal(await started.state(), 'succeeded');
      } finally {
        await context.close();
      }
    });

    it(`${c.name}: desktop, auto debit authorization (${c.authorize.length} steps) → authCode at the return URL`, async () => {
      const started = await w.start(c, { recurring: true });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(started.url);
        const card = await page.locator('.sheet').boundingBox();
        assert.ok(card && Math.abs(card.x + card.width / 2 - 640) <= 2 && card.width <= 440, `a centred card: ${JSON.stringify(card)}`);
        await walk(page, c, c.authorize, 'desktop', false);
        await landBack(page, c, started.back, 'Auto-debit enabled');
        assert.match(new URL(page.url()).searchParams.get('authCode') ?? '', /^CODE[0-9a-f]{24}$/);
      } finally {
        await context.close();
      }
    });
  }
});
