/**
 * walletgate's own customer landing page in real Chromium: a desktop gets a QR page that follows
 * the payment and moves on to the merchant by itself; a phone goes straight to the wallet.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from '../helpers/chromium.js';
import { devices, type Browser } from 'playwright-core';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';

describe('customer landing page', () => {
  let browser: Browser;
  let gw: Gateway;
  before(async () => {
    gw = await startGateway('sqlite');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await gw?.close();
  });

  async function newPayment(ref: string) {
    // the merchant's return page is the receiver on loopback, so the browser can really land there
    const res = await gw.gp('POST', '/v1/payments', {
      Payment: {
        MerchantTransactionID: ref,
        Amount: 15000,
        Currency: 'KRW',
        MethodID: 1135,
        ReturnURL: gw.receiver.url.replace('/notify', '/thanks'),
        Description: 'Coffee beans',
        BillingAddress: { Country: 'KR' },
      },
    });
    assert.equal(res.status, 201);
    return res.json.Payment as { ID: number; RedirectURL: string };
  }

  it('desktop: QR page with amount, then follows the payment to the merchant once approved on the phone', async () => {
    const p = await newPayment(`desk-${Date.now()}`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(p.RedirectURL);
    assert.ok(await page.locator('.qr svg').isVisible());
    assert.match(await page.locator('.amount').innerText(), /15,000 KRW/);
    const cont = page.getByRole('link', { name: 'Continue on this device' });
    assert.match((await cont.getAttribute('href')) ?? '', /\/sandbox\/kakaopay\/pg\/T\w+\/info/);
    await page.screenshot({ path: '/tmp/walletgate-landing-desktop.png', fullPage: true });
    // the customer approves on their phone; the desktop page notices and moves on
    const walked = await gw.customer(p.RedirectURL, 'approve');
    assert.equal(walked.status, 200);
    await page.waitForURL((u) => u.pathname === '/thanks', { timeout: 15_000 });
    assert.match(page.url(), /data=2/);
    await page.close();
  });

  it('phone: goes straight to the KakaoPay wallet page', async () => {
    const p = await newPayment(`phone-${Date.now()}`);
    const ctx = await browser.newContext({ ...devices['iPhone 13'] });
    const page = await ctx.newPage();
    await page.goto(p.RedirectURL);
    assert.match(page.url(), /\/sandbox\/kakaopay\/pg\/T\w+\/mInfo/);
    await page.screenshot({ path: '/tmp/walletgate-landing-phone.png' });
    await ctx.close();
  });

  it('an unknown link gets a friendly 404 page', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${gw.base}/pay/not-a-real-token`);
    assert.equal(res?.status(), 404);
    assert.match(await page.locator('h1').innerText(), /not valid/);
    await page.close();
  });
});
