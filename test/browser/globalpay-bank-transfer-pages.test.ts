/**
 * GlobalPay's pay-by-reference and POS pages in real Chromium, against a whole walletgate (SQLite,
 * sandboxes, workers): a Bank Transfer payment's instructions page (the account, the reference and
 * the amount shown, each in its own field so a triple-click selects exactly it for copying), paid
 * through the sandbox bank's page the instructions link, after which the payment's page says it is
 * paid; and an Alipay POS payment's pages: its RedirectURL (the QR code on a desktop) and its
 * ReferenceDetails.QRCodeURL (the wallet's page the scan opens). Desktop and phone; screenshots go
 * to test-artifacts/globalpay-bank-transfer-pages/ (git-ignored).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { devices, type Page } from 'playwright-core';
import { browserSession } from '../helpers/browser-session.js';
import { noSideways } from '../helpers/dashboard-browser.js';

const DESKTOP = { viewport: { width: 1280, height: 860 } };
const PHONE = devices['iPhone 13'];

const session = browserSession('globalpay-bank-transfer-pages');

const shot = (page: Page, name: string) => session.shot(page, name);

async function bankPayment(ref: string): Promise<{ ID: number; RedirectURL: string; ReferenceDetails: Record<string, string> }> {
  const res = await session.gw.gp('POST', '/v1/payments', {
    Payment: {
      MerchantTransactionID: ref,
      Amount: 400,
      Currency: 'PLN',
      ReturnURL: session.gw.receiver.url.replace('/notify', '/shop/return'),
      Description: 'Linen shirt',
      MethodID: 1,
      BillingAddress: { Country: 'DE' },
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.Payment;
}

/** The text a triple-click on the field labelled `label` selects: what a person copies. */
async function selected(page: Page, label: string): Promise<string> {
  await page
    .locator('dl.transfer dt', { hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd[1]')
    .click({ clickCount: 3 });
  return page.evaluate(() => (window.getSelection()?.toString() ?? '').trim());
}

/** An Alipay POS payment as seed 004 makes it (no SkipHPP: the currency step comes first). */
let posPayments = 0;
async function posPayment(): Promise<{ RedirectURL: string; ReferenceDetails: { QRCodeURL: string } }> {
  const res = await session.gw.gp('POST', '/v1/payments', {
    Payment: {
      MerchantTransactionID: `pos-browser-${Date.now()}-${++posPayments}`,
      Amount: 11,
      Currency: 'CNY',
      MethodID: 24,
      ReturnURL: session.gw.receiver.url.replace('/notify', '/shop/return'),
      TokenLifetime: 10,
      Customer: { Email: 'youremail@email.com' },
      BillingAddress: { Country: 'CN' },
      Details: { IsOffline: true, StoreName: 'Zara Palace Mall', StoreId: 'ZA2345', TerminalID: 'T8999' },
    },
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json.Payment;
}

describe('GlobalPay Bank Transfer and Alipay POS pages in Chromium', () => {
  for (const [device, options] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`${device}: the instructions shown and copyable, paid through the sandbox bank's page, then shown paid`, async () => {
      const p = await bankPayment(`bt-browser-${device}-${Date.now()}`);
      const ctx = await session.browser.newContext(options);
      try {
        const page = await ctx.newPage();
        assert.equal((await page.goto(p.RedirectURL))?.status(), 200);
        await page.getByRole('heading', { name: 'Pay by bank transfer' }).waitFor();
        assert.equal(await selected(page, 'IBAN'), p.ReferenceDetails.IBAN);
        assert.equal(await selected(page, 'Reference'), p.ReferenceDetails.ReferenceNumber);
        assert.equal(await selected(page, 'Amount'), p.ReferenceDetails.AmountToPay);
        assert.equal(await selected(page, 'Account holder'), p.ReferenceDetails.AccountHolder);
        await noSideways(page);
        await shot(page, `${device}-1-instructions`);

        await Promise.all([
          page.waitForURL((u) => u.pathname === '/sandbox/bank'),
          page.getByRole('link', { name: 'pay it from the sandbox bank' }).click(),
        ]);
        assert.equal(await page.locator('#reference').inputValue(), p.ReferenceDetails.ReferenceNumber);
        assert.equal(
          `${await page.locator('#amount').inputValue()} ${await page.locator('#currency').inputValue()}`,
          p.ReferenceDetails.AmountToPay,
        );
        await page.locator('#payer').fill('Jane Roe');
        const button = page.getByRole('button', { name: 'Pay in full' });
        const box = await button.boundingBox();
        assert.ok(box && box.height >= 44, `a thumb-sized button (${JSON.stringify(box)})`);
        await noSideways(page);
        await shot(page, `${device}-2-sandbox-bank`);
        await Promise.all([page.waitForLoadState('load'), button.click()]);
        await page.locator('[data-result="sent"]').waitFor();
        assert.match(await page.locator('[data-result]').innerText(), /walletgate says "paid"/);
        await shot(page, `${device}-3-sandbox-bank-sent`);

        await page.getByRole('link', { name: 'Back to the payment page' }).click();
        await page.waitForLoadState('load');
        const url = new URL(page.url());
        const text = await page.locator('body').innerText();
        // GlobalPay sends a customer whose payment has ended back to the shop with data=2; else the page says it is complete
        assert.ok(
          (url.pathname === '/shop/return' && url.searchParams.get('data') === '2') || /Payment complete/.test(text),
          `shown paid: ${page.url()} ${text.slice(0, 200)}`,
        );
        await shot(page, `${device}-4-paid`);
        assert.equal((await session.gw.gp('GET', `/v1/payments/${p.ID}`)).json.Payment.Status.ID, 2);
      } finally {
        await ctx.close();
      }
    });
  }

  it('Alipay POS: the RedirectURL asks for the preferred currency, then shows the QR code with the price in it; the QRCodeURL opens the wallet on a phone', async () => {
    const p = await posPayment();
    assert.ok(p.ReferenceDetails.QRCodeURL, 'a QR code URL');
    const desk = await session.browser.newContext(DESKTOP);
    try {
      const page = await desk.newPage();
      assert.equal((await page.goto(p.RedirectURL))?.status(), 200);
      // seed 004's currency step: the payment's own currency is chosen; the keyboard picks another
      const group = page.getByRole('group', { name: 'Select your preferred currency' });
      assert.equal(await group.getByRole('radio', { name: /^CNY/ }).isChecked(), true);
      await noSideways(page);
      await shot(page, 'desktop-5-alipay-pos-currency');
      await group.getByRole('radio', { name: /^HKD/ }).check();
      await Promise.all([page.waitForURL(p.RedirectURL), page.getByRole('button', { name: 'Continue' }).click()]);
      await page.locator('.qr svg').waitFor();
      assert.match((await page.locator('.shown-price').textContent()) ?? '', /^≈ 0\.12 HKD at the rates of /);
      await noSideways(page);
      await shot(page, 'desktop-6-alipay-pos-qr');
    } finally {
      await desk.close();
    }
    const phone = await session.browser.newContext(PHONE);
    try {
      const page = await phone.newPage();
      // another customer, on a phone: the same step, fitted to the screen
      await page.goto((await posPayment()).RedirectURL);
      await page.getByRole('group', { name: 'Select your preferred currency' }).waitFor();
      await noSideways(page);
      await shot(page, 'phone-5-alipay-pos-currency');
      const answer = await page.goto(p.ReferenceDetails.QRCodeURL);
      assert.equal(answer?.status(), 200);
      assert.match(new URL(page.url()).pathname, /^\/sandbox\/alipayplus\//);
      await noSideways(page);
      await shot(page, 'phone-6-alipay-pos-scanned');
    } finally {
      await phone.close();
    }
  });
});
