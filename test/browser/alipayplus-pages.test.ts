/**
 * The Alipay+ sandbox's wallet page in Chromium, on a phone and on a desktop: the wallet's name and
 * the amount fit the screen, Approve and Cancel work and send the browser to paymentRedirectUrl.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { devices } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { createAlipayPlusConnector } from '../../src/connectors/alipayplus/alipayplus-connector.js';
import type { Connector } from '../../src/core/ports/connector.js';
import { CLIENT_ID, startApsHarness } from '../sandbox/alipayplus-harness.js';
import type { ApsHarness } from '../sandbox/alipayplus-harness.js';

let h: ApsHarness;
let aps: Connector;
let browser: Browser;

before(async () => {
  h = await startApsHarness('sqlite');
  aps = createAlipayPlusConnector({
    baseUrl: h.base,
    clientId: CLIENT_ID,
    privateKeyPem: h.acquirer.privateKeyPem,
    alipayPublicKeyPem: h.sandboxPublicKeyPem,
    keyVersion: '1',
    notifyUrl: h.notifyUrl,
    timeoutMs: 5000,
  });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await h?.close();
});

async function start(orderId: string, currency: string, amount: number) {
  // the acquirer's receiver answers any path: the browser lands there after the wallet
  const back = new URL(`/acquirer/return/${orderId}`, h.notifyUrl).href;
  const started = await aps.startPayment({
    method: currency === 'HKD' ? 'alipay_hk' : 'dana',
    orderId,
    customerRef: 'c1',
    itemName: 'Dim sum',
    amount,
    currency,
    recurring: false,
    returnUrls: { approve: back, cancel: back, fail: back },
  });
  return { started, back };
}

describe('Alipay+ sandbox wallet page in Chromium', () => {
  it('phone: the page fits the screen; Approve pays and returns to the acquirer', async () => {
    const { started, back } = await start(`phone-${Date.now()}`, 'HKD', 8_800);
    const context = await browser.newContext({ ...devices['iPhone 13'] });
    try {
      const page = await context.newPage();
      await page.goto(started.mobileUrl);
      assert.equal(await page.locator('h1').innerText(), 'AlipayHK (Alipay+ sandbox)');
      assert.equal(await page.locator('.amount').innerText(), 'HKD 88.00');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
      await Promise.all([page.waitForURL(back), page.getByRole('button', { name: 'Approve' }).click()]);
      assert.equal((await aps.lookupPayment(started.ref, started.wallet)).state, 'succeeded');
    } finally {
      await context.close();
    }
  });

  it('desktop: Cancel closes the payment and returns to the acquirer', async () => {
    const { started, back } = await start(`desk-${Date.now()}`, 'IDR', 150_000);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(started.desktopUrl);
      assert.equal(await page.locator('h1').innerText(), 'DANA (Alipay+ sandbox)');
      await Promise.all([page.waitForURL(back), page.getByRole('button', { name: 'Cancel' }).click()]);
      assert.equal((await aps.lookupPayment(started.ref, started.wallet)).state, 'abandoned');
    } finally {
      await context.close();
    }
  });
});
