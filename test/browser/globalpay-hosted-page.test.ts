/**
 * The GlobalPay hosted payment page in real Chromium, against a whole walletgate (SQLite, Alipay+
 * sandbox, workers): a payment made through the GlobalPay API without MethodID, HKD, with
 * PrioritizeMethodIDs [1135]; the desktop customer opens its RedirectURL, sees the methods that fit
 * (KakaoPay first, then AlipayHK), chooses AlipayHK, gets the QR page, the phone approves (the
 * sandbox customer), and the desktop page moves on to the merchant's ReturnURL with data=2. The
 * choice page passes a light accessibility check (language, one h1, named buttons, no sideways
 * scrolling). On a phone, IncludeMethodIDs [1145] leaves AlipayHK alone, and the tap goes straight
 * to the wallet's pages. Screenshots go to test-artifacts/globalpay-hosted-page/ (git-ignored).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { devices, type Page } from 'playwright-core';
import { browserSession } from '../helpers/browser-session.js';

const DESKTOP = { viewport: { width: 1280, height: 860 } };
const PHONE = devices['iPhone 13'];

const session = browserSession('globalpay-hosted-page');

const shot = (page: Page, name: string) => session.shot(page, name);

describe('GlobalPay hosted payment page in Chromium', () => {
  it('desktop: the choice in the prioritized order, AlipayHK chosen, the QR page, the phone approves, the ReturnURL with data=2', async () => {
    const ref = `hpp-browser-${Date.now()}`;
    const returnUrl = session.gw.receiver.url.replace('/notify', '/shop/return');
    const res = await session.gw.gp('POST', '/v1/payments', {
      Payment: {
        MerchantTransactionID: ref,
        Amount: 12_50,
        Currency: 'HKD',
        ReturnURL: returnUrl,
        Description: 'Oolong tea, 250 g',
        PrioritizeMethodIDs: [1135],
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const p = res.json.Payment;
    assert.equal(p.MethodID, null);

    const ctx = await session.browser.newContext(DESKTOP);
    try {
      const page = await ctx.newPage();
      assert.equal((await page.goto(p.RedirectURL))?.status(), 200);
      await page.getByRole('heading', { name: 'Demo Shop' }).waitFor();
      assert.match(await page.locator('.amount').innerText(), /12\.50 HKD/);
      assert.match(await page.locator('main').innerText(), /Oolong tea, 250 g/);
      assert.match(await page.locator('main').innerText(), new RegExp(ref));
      // Bank Transfer takes HKD too: the sandbox's rate table converts it into the collection account's EUR
      assert.deepEqual(await page.locator('button.method .name').allInnerTexts(), [
        'Pay with KakaoPay',
        'Pay with AlipayHK',
        'Pay with Bank Transfer',
      ]);
      const a11y = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        h1: document.querySelectorAll('h1').length,
        unnamed: Array.from(document.querySelectorAll('button, a[href]')).filter((el) => !(el.textContent ?? '').trim()).length,
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      assert.deepEqual({ lang: a11y.lang, h1: a11y.h1, unnamed: a11y.unnamed }, { lang: 'en', h1: 1, unnamed: 0 });
      assert.ok(a11y.scrollWidth <= a11y.innerWidth, 'no sideways scrolling');
      await shot(page, 'desktop-1-choice');

      await Promise.all([
        page.waitForURL((u) => /^\/pay\/[\w-]+$/.test(u.pathname)),
        page.getByRole('button', { name: 'Pay with AlipayHK' }).click(),
      ]);
      await page.locator('.qr svg').waitFor();
      assert.match(await page.locator('main').innerText(), /Pay with AlipayHK/);
      await shot(page, 'desktop-2-qr-waiting');

      // the customer's phone approves in AlipayHK; the desktop page notices and moves on by itself
      const walked = await session.gw.customer(p.RedirectURL, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      await page.waitForURL((u) => u.pathname === '/shop/return' && u.searchParams.get('data') === '2', { timeout: 20_000 });
      assert.equal(new URL(page.url()).searchParams.get('MerchantTransactionID'), ref);
      await shot(page, 'desktop-3-return-url');
      const got = await session.gw.gp('GET', `/v1/payments/${p.ID}`);
      assert.equal(got.json.Payment.MethodID, 1145);
      assert.equal(got.json.Payment.Status.ID, 2);
    } finally {
      await ctx.close();
    }
  });

  it('phone: IncludeMethodIDs [1145] offers AlipayHK only, a thumb-sized button, the tap goes straight to the AlipayHK pages', async () => {
    const res = await session.gw.gp('POST', '/v1/payments', {
      Payment: {
        MerchantTransactionID: `hpp-phone-${Date.now()}`,
        Amount: 12_50,
        Currency: 'HKD',
        ReturnURL: session.gw.receiver.url.replace('/notify', '/shop/return'),
        IncludeMethodIDs: [1145],
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const ctx = await session.browser.newContext(PHONE);
    try {
      const page = await ctx.newPage();
      await page.goto(res.json.Payment.RedirectURL);
      assert.deepEqual(await page.locator('button.method .name').allInnerTexts(), ['Pay with AlipayHK']);
      const button = page.getByRole('button', { name: 'Pay with AlipayHK' });
      const box = await button.boundingBox();
      assert.ok(box && box.height >= 44, `a thumb-sized button (${JSON.stringify(box)})`);
      const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(width[0]! <= width[1]!, 'no sideways scrolling');
      await shot(page, 'phone-1-choice');
      await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/sandbox/alipayplus/')), button.tap()]);
      await shot(page, 'phone-2-alipayhk');
      assert.equal((await session.gw.gp('GET', `/v1/payments/${res.json.Payment.ID}`)).json.Payment.MethodID, 1145);
    } finally {
      await ctx.close();
    }
  });
});
