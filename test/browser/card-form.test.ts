/**
 * walletgate's card form in real Chromium, against a whole walletgate (SQLite, the card processor
 * sandbox, workers): a GlobalPay payment with MethodID 69 Credit Card. On a desktop the customer
 * submits the form empty, then with a Luhn-invalid number, a past expiry and a 2-digit CVC, and
 * reads the message under each field (the number and CVC asked for again, the expiry and name kept);
 * then a good Visa pays and the browser lands on the merchant's ReturnURL with data=2. On a phone
 * (iPhone 13) the form fits without sideways scrolling, its fields are thumb-sized, and the declined
 * test card ends on the ReturnURL with data=4. Screenshots go to test-artifacts/card-form/ (git-ignored).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { devices, type Page } from 'playwright-core';
import { browserSession } from '../helpers/browser-session.js';

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = devices['iPhone 13'];

const session = browserSession('card-form');

const shot = (page: Page, name: string) => session.shot(page, name);

async function cardPayment(ref: string): Promise<{ ID: number; RedirectURL: string }> {
  const res = await session.gw.gp('POST', '/v1/payments', {
    Payment: {
      MerchantTransactionID: ref,
      Amount: 49_90,
      Currency: 'EUR',
      ReturnURL: session.gw.receiver.url.replace('/notify', '/shop/return'),
      Description: 'Trail running shoes, size 42',
      MethodID: 69,
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.Payment;
}

const errorOf = (page: Page, field: string) => page.locator(`#${field}-error`).innerText();

describe('the card form in Chromium', () => {
  it('desktop: messages for an empty and a wrong card, then a good card pays and lands on the ReturnURL with data=2', async () => {
    const ref = `card-browser-${Date.now()}`;
    const p = await cardPayment(ref);
    const ctx = await session.browser.newContext(DESKTOP);
    try {
      const page = await ctx.newPage();
      assert.equal((await page.goto(p.RedirectURL))?.status(), 200);
      await page.getByRole('heading', { name: 'Demo Shop' }).waitFor();
      assert.match(await page.locator('.amount').innerText(), /49\.90 EUR/);
      assert.match(await page.locator('main').innerText(), /Trail running shoes, size 42/);
      assert.match(await page.locator('main').innerText(), new RegExp(ref));
      const a11y = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        h1: document.querySelectorAll('h1').length,
        unlabelled: Array.from(document.querySelectorAll('input:not([type=hidden])')).filter((i) => !(i as HTMLInputElement).labels?.length)
          .length,
      }));
      assert.deepEqual(a11y, { lang: 'en', h1: 1, unlabelled: 0 });
      await shot(page, 'desktop-1-form');

      // empty: one message per field, from the server
      await page.getByRole('button', { name: /^Pay 49\.90 EUR$/ }).click();
      await page.locator('[role=alert]').waitFor();
      assert.equal(await errorOf(page, 'card_number'), 'Enter your card number.');
      assert.equal(await errorOf(page, 'card_expiry'), 'Enter the expiry date as MM/YY.');
      assert.match(await errorOf(page, 'card_cvc'), /3-digit security code/);
      assert.equal(await errorOf(page, 'card_name'), 'Enter the name as it appears on the card.');

      // wrong: a Luhn-invalid number, a past expiry, a 2-digit CVC; the name is kept
      await page.getByLabel('Card number').fill('4111 1111 1111 1112');
      await page.getByLabel('Expiry date (MM/YY)').fill('01/21');
      await page.getByLabel('Security code (CVC)').fill('12');
      await page.getByLabel('Name on card').fill('Anna Schmidt');
      await page.getByRole('button', { name: /^Pay / }).click();
      await page.locator('#card_number-error').waitFor();
      assert.equal(await errorOf(page, 'card_number'), 'This is not a valid card number. Check it and try again.');
      assert.equal(await errorOf(page, 'card_expiry'), 'Your card has expired: the expiry date is in the past.');
      assert.match(await errorOf(page, 'card_cvc'), /3-digit security code/);
      assert.equal(await page.getByLabel('Card number').inputValue(), '', 'the number is never sent back');
      assert.equal(await page.getByLabel('Security code (CVC)').inputValue(), '', 'the CVC is never sent back');
      assert.equal(await page.getByLabel('Expiry date (MM/YY)').inputValue(), '01/21');
      assert.equal(await page.getByLabel('Name on card').inputValue(), 'Anna Schmidt');
      assert.equal(await page.getByLabel('Card number').getAttribute('aria-invalid'), 'true');
      assert.ok(!(await page.content()).includes('4111 1111 1111 1112'));
      await shot(page, 'desktop-2-messages');

      // a good card: typed as a customer types (the page groups the digits), paid, back at the shop
      await page.getByLabel('Card number').pressSequentially('4111111111111111');
      assert.equal(await page.getByLabel('Card number').inputValue(), '4111 1111 1111 1111');
      await page.getByLabel('Expiry date (MM/YY)').fill('');
      await page.getByLabel('Expiry date (MM/YY)').pressSequentially('1230');
      assert.equal(await page.getByLabel('Expiry date (MM/YY)').inputValue(), '12/30');
      await page.getByLabel('Security code (CVC)').fill('123');
      await shot(page, 'desktop-3-filled');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/shop/return' && u.searchParams.get('data') === '2'),
        page.getByRole('button', { name: /^Pay / }).click(),
      ]);
      assert.equal(new URL(page.url()).searchParams.get('MerchantTransactionID'), ref);
      const got = await session.gw.gp('GET', `/v1/payments/${p.ID}`);
      assert.equal(got.json.Payment.Status.ID, 2);
    } finally {
      await ctx.close();
    }
  });

  it('phone: the form fits, thumb-sized fields, the declined test card ends on the ReturnURL with data=4', async () => {
    const p = await cardPayment(`card-phone-${Date.now()}`);
    const ctx = await session.browser.newContext(PHONE);
    try {
      const page = await ctx.newPage();
      await page.goto(p.RedirectURL);
      const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(width[0]! <= width[1]!, `no sideways scrolling (${width.join(' > ')})`);
      const box = await page.getByLabel('Card number').boundingBox();
      assert.ok(box && box.height >= 44, `a thumb-sized field (${JSON.stringify(box)})`);
      assert.equal(await page.getByLabel('Card number').getAttribute('inputmode'), 'numeric');
      assert.equal(await page.getByLabel('Card number').getAttribute('autocomplete'), 'cc-number');
      await shot(page, 'phone-1-form');
      await page.getByLabel('Card number').fill('4000 0000 0000 0002');
      await page.getByLabel('Expiry date (MM/YY)').fill('08/31');
      await page.getByLabel('Security code (CVC)').fill('321');
      await page.getByLabel('Name on card').fill('Min Kim');
      await shot(page, 'phone-2-filled');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/shop/return' && u.searchParams.get('data') === '4'),
        page.getByRole('button', { name: /^Pay / }).tap(),
      ]);
      const got = await session.gw.gp('GET', `/v1/payments/${p.ID}`);
      assert.equal(got.json.Payment.Status.ID, 4);
      assert.match(JSON.stringify(got.json.Payment.Status.Reasons), /do not honour/);
    } finally {
      await ctx.close();
    }
  });
});
