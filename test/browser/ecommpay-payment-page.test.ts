/**
 * The ecommpay Payment Page in real Chromium, against a whole walletgate (SQLite, KakaoPay sandbox,
 * workers): links built by the official package's Payment class, opened at a desktop and a phone
 * viewport. The customer chooses KakaoPay on walletgate's hosted checkout (a desktop by keyboard:
 * Tab to the button, Enter), pays or declines in the sandbox's KakaoPay pages, and lands on the
 * merchant's success or fail URL (a page of the local merchant receiver), while the merchant gets
 * the final callback, verified with the package's Callback class. The choice page and the error
 * page pass an accessibility check (names, labels, contrast, keyboard, no sideways scrolling).
 * Screenshots of each step go to test-artifacts/ecommpay-payment-page/ (git-ignored), named
 * {viewport}-{story}-{n}-{step}.png.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { devices, type BrowserContext, type Page } from 'playwright-core';
import { browserSession } from '../helpers/browser-session.js';
import { ecommpay } from '../helpers/ecommpay-package.js';
import { DEMO_ECOMMPAY } from '../../src/dialects/ecommpay/demo.js';
import { DEMO_MERCHANT_ID } from '../../src/core/merchants/demo-merchant.js';

const SECRET = DEMO_ECOMMPAY.secretKey;
const DESKTOP = { viewport: { width: 1280, height: 860 } };
const PHONE = devices['iPhone 13'];

// ecommpay callbacks are acknowledged by 200
const session = browserSession('ecommpay-payment-page', (gw) => gw.receiver.answerWith(200));

const shop = (path: string) => session.gw.receiver.url.replace('/notify', path);

let seq = 0;
/** A Payment Page link for a new order, built as the merchant's code builds it. */
function paymentLink(tag: string, over: Record<string, unknown> = {}): { url: string; paymentId: string } {
  const paymentId = `ord-${tag}-${Date.now()}-${++seq}`;
  const p = new ecommpay.Payment(String(DEMO_ECOMMPAY.projectId), SECRET, {}, `${session.gw.base}/ecommpay`);
  p.paymentId = paymentId;
  p.paymentAmount = 15000;
  p.paymentCurrency = 'KRW';
  p.customerId = 'customer1';
  p.paymentDescription = 'Single-origin coffee beans, 1 kg';
  p.merchantSuccessUrl = shop('/shop/success');
  p.merchantFailUrl = shop('/shop/fail');
  p.languageCode = 'en';
  for (const [k, v] of Object.entries(over)) p[k] = v;
  return { url: p.getUrl(), paymentId };
}

async function shot(page: Page, name: string): Promise<void> {
  await session.shot(page, name);
}

/** The final callback about this payment, checked with the package's Callback (it throws on a bad signature). */
async function finalCallback(paymentId: string) {
  const n = await session.gw.receiver.waitFor((r) => {
    const payment = r.json.payment as { id?: string; status?: string } | undefined;
    return payment?.id === paymentId && ['success', 'decline', 'expired', 'cancelled', 'error'].includes(payment.status ?? '');
  });
  return new ecommpay.Callback(SECRET, n.body);
}

interface A11yReport {
  lang: string;
  h1: number;
  unnamed: string[];
  lowContrast: string[];
  scrollWidth: number;
  innerWidth: number;
}

/**
 * What a screen reader and a low-vision reader meet: the page's language, one h1, a name for every
 * control, and a WCAG AA contrast ratio (4.5:1, 3:1 for large text) for every visible text, against
 * the first opaque background behind it.
 */
async function accessibility(page: Page): Promise<A11yReport> {
  // tsx keeps function names with a __name helper the page does not have: give it one
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const ch = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * ch(r!) + 0.7152 * ch(g!) + 0.0722 * ch(b!);
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0.95)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const lowContrast: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const el = t.parentElement!;
      const text = (t.textContent ?? '').trim();
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (!text || box.width <= 1 || box.height <= 1 || style.visibility === 'hidden' || el.closest('[aria-hidden="true"]')) continue;
      const fg = rgb(style.color).slice(0, 3);
      const [l1, l2] = [lum(fg), lum(background(el))].sort((a, b) => b - a);
      const ratio = (l1! + 0.05) / (l2! + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) lowContrast.push(`"${text.slice(0, 30)}" ${ratio.toFixed(2)}:1`);
    }
    const unnamed = Array.from(document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea'))
      .filter((el) => {
        const labelled = el.getAttribute('aria-label') || (el as HTMLInputElement).labels?.length;
        return !labelled && !(el.textContent ?? '').trim();
      })
      .map((el) => el.outerHTML.slice(0, 80));
    return {
      lang: document.documentElement.lang,
      h1: document.querySelectorAll('h1').length,
      unnamed,
      lowContrast,
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    };
  });
}

function assertAccessible(r: A11yReport): void {
  assert.equal(r.lang, 'en');
  assert.equal(r.h1, 1, 'one h1');
  assert.deepEqual(r.unnamed, [], 'every control has a name');
  assert.deepEqual(r.lowContrast, [], 'every text has AA contrast');
  assert.ok(r.scrollWidth <= r.innerWidth, `no sideways scrolling (${r.scrollWidth} > ${r.innerWidth})`);
}

/** The sandbox's KakaoPay pages, as a customer on a phone: pay, enter the SMS code, confirm. */
/**
 * The result step: walletgate's page with the outcome, which sends the customer on by itself. Caught
 * as the answer arrives (the browser moves on after a few seconds, so nothing here races it), then
 * checked in a page of its own without the timed move-on: its words, where it leads, accessibility.
 */
function resultStep(page: Page): Promise<string> {
  return page
    .waitForResponse(
      (r) => /\/pay\/[\w-]+(\/[a-z]+)?$/.test(new URL(r.url()).pathname) && r.status() === 200 && r.request().method() === 'GET',
    )
    .then((r) => r.text())
    .then((html) => {
      if (!html.includes('http-equiv="refresh"')) throw new Error(`not the result step: ${html.slice(0, 300)}`);
      return html;
    });
}

async function checkResultStep(ctx: BrowserContext, html: string, story: string, want: { title: string; to: string }): Promise<void> {
  const refresh = /<meta http-equiv="refresh" content="(\d+);url=([^"]+)">/.exec(html);
  assert.ok(refresh, 'the page moves on by itself');
  assert.equal(refresh[2]!.replaceAll('&amp;', '&'), want.to);
  const still = await ctx.newPage();
  try {
    await still.setContent(html.replace(refresh[0], ''));
    await still.getByRole('heading', { name: want.title }).waitFor();
    assert.equal(await still.getByRole('link', { name: 'Back to the shop now' }).getAttribute('href'), want.to);
    assert.ok((await still.textContent('.amount'))?.includes('15,000'));
    assertAccessible(await accessibility(still));
    await shot(still, `${story}-result`);
  } finally {
    await still.close();
  }
}

async function payInWallet(page: Page, story: string, first: number): Promise<void> {
  const pay = page.getByRole('button', { name: 'Pay ₩15,000' });
  await pay.waitFor();
  await shot(page, `${story}-${first}-kakaopay-confirm`);
  await pay.click();
  await page.getByRole('heading', { name: 'Enter the verification code' }).waitFor();
  await page.getByLabel('6-digit code').fill('482913');
  await shot(page, `${story}-${first + 1}-kakaopay-code`);
  await page.getByRole('button', { name: 'Confirm' }).click();
}

const onShop = (path: string) => (u: URL) => u.pathname === `/shop/${path}`;

describe('ecommpay Payment Page in Chromium', () => {
  it('desktop: the choice by keyboard, the QR page waits while the phone pays in KakaoPay, both land on the success URL', async () => {
    const { url, paymentId } = paymentLink('desk-ok');
    const desktop = await session.browser.newContext(DESKTOP);
    let phone: BrowserContext | undefined;
    try {
      const page = await desktop.newPage();
      const res = await page.goto(url);
      assert.equal(res?.status(), 200);
      await page.getByRole('heading', { name: 'Demo Shop' }).waitFor();
      assert.match(await page.locator('.amount').innerText(), /15,000 KRW/);
      assert.match(await page.locator('main').innerText(), /Single-origin coffee beans/);
      assertAccessible(await accessibility(page));
      await shot(page, 'desktop-ok-1-choice');

      // keyboard only: Tab until the KakaoPay button has the focus (it shows a focus ring), then Enter
      const button = page.getByRole('button', { name: 'Pay with KakaoPay' });
      assert.equal(
        await button.getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).innerText()),
        'Open the KakaoPay app, or scan a QR code',
      );
      let tabs = 0;
      while (!(await button.evaluate((b) => b === document.activeElement)) && tabs < 10) {
        await page.keyboard.press('Tab');
        tabs++;
      }
      assert.ok(tabs < 10, 'the KakaoPay button is reached with Tab');
      assert.notEqual(await button.evaluate((b) => getComputedStyle(b).outlineStyle), 'none', 'the focus is visible');
      await shot(page, 'desktop-ok-2-keyboard-focus');
      await Promise.all([page.waitForURL((u) => /^\/pay\/[\w-]+$/.test(u.pathname)), page.keyboard.press('Enter')]);
      await page.locator('.qr svg').waitFor();
      assert.match(await page.locator('.amount').innerText(), /15,000 KRW/);
      await shot(page, 'desktop-ok-3-qr-waiting');

      // the customer scans the QR code: their phone opens the same payment and goes to the wallet
      phone = await session.browser.newContext(PHONE);
      const phonePage = await phone.newPage();
      await phonePage.goto(page.url());
      await payInWallet(phonePage, 'desktop-ok', 4);
      await phonePage.waitForURL(onShop('success'));
      await shot(phonePage, 'desktop-ok-6-phone-on-success-url');

      // the desktop page notices and moves on by itself
      await page.waitForURL(onShop('success'), { timeout: 20_000 });
      await shot(page, 'desktop-ok-7-success-url');
      const cb = await finalCallback(paymentId);
      assert.equal(cb.isPaymentSuccess(), true);
      assert.equal(cb.getPaymentId(), paymentId);
    } finally {
      await phone?.close();
      await desktop.close();
    }
  });

  it('phone: the choice page fits the screen, the tap goes straight to KakaoPay, paying lands on the success URL', async () => {
    const { url, paymentId } = paymentLink('phone-ok');
    const ctx = await session.browser.newContext(PHONE);
    try {
      const page = await ctx.newPage();
      await page.goto(url);
      const button = page.getByRole('button', { name: 'Pay with KakaoPay' });
      await button.waitFor();
      assertAccessible(await accessibility(page));
      const box = await button.boundingBox();
      assert.ok(box && box.height >= 44, `a thumb-sized button (${JSON.stringify(box)})`);
      await shot(page, 'phone-ok-1-choice');
      await button.tap();
      await page.waitForURL((u) => u.pathname.startsWith('/sandbox/kakaopay/'));
      const result = resultStep(page);
      await payInWallet(page, 'phone-ok', 2);
      await checkResultStep(ctx, await result, 'phone-ok-3', { title: 'Payment complete', to: shop('/shop/success') });
      await page.waitForURL(onShop('success'));
      await shot(page, 'phone-ok-4-success-url');
      const cb = await finalCallback(paymentId);
      assert.equal(cb.isPaymentSuccess(), true);
      // the same link opened again: no second payment, the customer is told where the first one went
      await page.goto(url);
      await page.waitForURL(onShop('success'));
      const made = await session.gw.services.store.payments.list(DEMO_MERCHANT_ID, { reference: paymentId }, { index: 1, size: 5 });
      assert.equal(made.total, 1, 'one payment');
    } finally {
      await ctx.close();
    }
  });

  it('phone: force_payment_method=kakaopay-wallet opens the wallet at once; a declined payment lands on the fail URL', async () => {
    const { url, paymentId } = paymentLink('phone-decline', { forcePaymentMethod: 'kakaopay-wallet' });
    const ctx = await session.browser.newContext(PHONE);
    try {
      const page = await ctx.newPage();
      await page.goto(url);
      assert.match(new URL(page.url()).pathname, /^\/sandbox\/kakaopay\//, 'no choice page: straight to the wallet');
      const decline = page.getByRole('button', { name: 'Simulate decline' });
      await decline.waitFor();
      await shot(page, 'phone-decline-1-kakaopay');
      const result = resultStep(page);
      await Promise.all([page.waitForURL(onShop('fail')), decline.click()]);
      await checkResultStep(ctx, await result, 'phone-decline-1b', { title: 'Payment not completed', to: shop('/shop/fail') });
      await shot(page, 'phone-decline-2-fail-url');
      const cb = await finalCallback(paymentId);
      assert.equal(cb.isPaymentSuccess(), false);
      assert.equal((cb.callback.payment as { status: string }).status, 'decline');
    } finally {
      await ctx.close();
    }
  });

  it('desktop: the customer cancels in KakaoPay on this device and lands on the fail URL', async () => {
    const { url, paymentId } = paymentLink('desk-cancel');
    const ctx = await session.browser.newContext(DESKTOP);
    try {
      const page = await ctx.newPage();
      await page.goto(url);
      await page.getByRole('button', { name: 'Pay with KakaoPay' }).click();
      await page.locator('.qr svg').waitFor();
      await page.getByRole('link', { name: 'Continue on this device' }).click();
      const cancel = page.getByRole('button', { name: 'Cancel payment' });
      await cancel.waitFor();
      await shot(page, 'desktop-cancel-1-kakaopay');
      await Promise.all([page.waitForURL(onShop('fail')), cancel.click()]);
      await shot(page, 'desktop-cancel-2-fail-url');
      const cb = await finalCallback(paymentId);
      assert.equal(cb.isPaymentSuccess(), false);
    } finally {
      await ctx.close();
    }
  });

  it('a tampered link: a clear, accessible error page (403) on a desktop and a phone', async () => {
    const { url } = paymentLink('tampered');
    const bad = url.replace('payment_amount=15000', 'payment_amount=1500');
    for (const [name, options] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const ctx = await session.browser.newContext(options);
      try {
        const page = await ctx.newPage();
        const res = await page.goto(bad);
        assert.equal(res?.status(), 403);
        await page.getByRole('heading', { name: 'This payment link is not valid' }).waitFor();
        assert.match(await page.locator('main').innerText(), /Nothing has been charged/);
        assertAccessible(await accessibility(page));
        await shot(page, `${name}-error-1-bad-signature`);
      } finally {
        await ctx.close();
      }
    }
  });
});
