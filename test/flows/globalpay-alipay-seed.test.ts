/**
 * Seed 004's Alipay (MethodID 24) examples pasted as written (only the base URL changes; the Basic
 * header is the seed's own) through a real walletgate and the Alipay+ sandbox's Alipay CN pages,
 * on SQLite and on PostgreSQL: the payment request with Articles → the seed's 201, the customer
 * approving in Alipay → 2 Success notified; the bad currency → the seed's 400 (code 2, Status.ID
 * null); the bad billing country → the seed's 400 (code 147, Status 4 Failed); the Alipay POS
 * request → the seed's 201 with Details echoed and ReferenceDetails.QRCodeURL, the code the customer
 * scans in the sandbox wallet → 2 Success notified. Where walletgate
 * answers otherwise, on purpose, the rule says why (docs/globalpay.md). Field order is the seed's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';
import {
  SEED_ALIPAY_BAD_CURRENCY_REQUEST,
  SEED_ALIPAY_BAD_CURRENCY_RESPONSE,
  SEED_ALIPAY_POS_BAD_COUNTRY_REQUEST,
  SEED_ALIPAY_POS_BAD_COUNTRY_RESPONSE,
  SEED_ALIPAY_POS_REQUEST,
  SEED_ALIPAY_POS_RESPONSE,
  SEED_ALIPAY_REQUEST,
  SEED_ALIPAY_RESPONSE,
} from './globalpay-seed-004-alipay.js';
import { SEED_AUTH_1 } from './globalpay-seed-004-wallets.js';
import { assertLikeSeed, ID, TIME, value, type SeedRule } from './seed-comparison.js';

/** The seed's keys appear in the answer in the seed's order (the answer may hold more). */
function assertSeedOrder(actual: Record<string, unknown>, seed: Record<string, unknown>): void {
  const keys = Object.keys(actual).filter((k) => Object.hasOwn(seed, k));
  assert.deepEqual(keys, Object.keys(seed));
}

const LANDING = { kind: 'match', pattern: /^http:\/\/127\.0\.0\.1:\d+\/pay\/[\w-]{20,}$/, why: "walletgate's landing page" } as const;

for (const kind of storeKinds) {
  describe(`seed 004 Alipay (24) examples pasted as written, on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => gw.close());

    const count = async () => (await gw.gp('GET', '/v1/payments?pageSize=1000', undefined, SEED_AUTH_1)).json.Payments.length;

    it("the payment request → the seed's 201; the customer approves in Alipay → 2 Success, notified", async () => {
      const res = await gw.gp('POST', '/v1/payments', SEED_ALIPAY_REQUEST, SEED_AUTH_1);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const seed = JSON.parse(SEED_ALIPAY_RESPONSE);
      const rules: Record<string, SeedRule> = {
        'Payment.ID': ID,
        'Payment.Created': TIME,
        'Payment.NotificationDateTime': value(null, 'no notification has been delivered yet'),
        'Payment.BillingAddress': value(
          {
            ID: res.json.Payment.ID,
            City: null,
            ZipCode: null,
            State: null,
            Street: null,
            StreetNumber: null,
            HouseNumber: null,
            HouseExtension: null,
            Country: 'CN',
          },
          'the address sent is echoed, as the seed’s Alipay POS answer does',
        ),
        'Payment.TokenLifetime': value(10, 'the TokenLifetime sent is echoed, as the seed’s Alipay POS answer does'),
        'Payment.RedirectURL': LANDING,
        'Payment.MethodTransactionID': { kind: 'match', pattern: /^\S+$/, why: "the wallet's payment id" },
      };
      const used = assertLikeSeed(res.json, seed, rules);
      assert.deepEqual(
        Object.keys(rules).filter((r) => !used.has(r)),
        [],
      );
      assertSeedOrder(res.json.Payment, seed.Payment);
      const p = res.json.Payment;

      const walked = await gw.customer(p.RedirectURL, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      assert.equal(walked.json.finalUrl, `http://demo.smart2pay.com/redirect.php?data=2&MerchantTransactionID=s2ptest_h31`);
      const note = await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && (n.json.Payment as any)?.Status?.ID === 2);
      assert.equal(note.headers.authorization, SEED_AUTH_1);
      assert.equal((note.json.Payment as any).MethodID, 24);
      assert.deepEqual((note.json.Payment as any).Articles, seed.Payment.Articles);
    });

    it("Alipay POS → the seed's 201 (Details echoed, ReferenceDetails.QRCodeURL); the customer scans the code and approves → 2 Success", async () => {
      const res = await gw.gp('POST', '/v1/payments', SEED_ALIPAY_POS_REQUEST, SEED_AUTH_1);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const seed = JSON.parse(SEED_ALIPAY_POS_RESPONSE);
      const p = res.json.Payment;
      const rules: Record<string, SeedRule> = {
        'Payment.ID': ID,
        'Payment.Created': TIME,
        'Payment.Description': value(null, 'no Description was sent'),
        'Payment.BillingAddress.ID': ID,
        'Payment.ReferenceDetails.QRCodeURL': {
          kind: 'match',
          pattern: /^http:\/\/127\.0\.0\.1:\d+\/sandbox\/alipayplus\//,
          why: "the Alipay+ sandbox wallet's checkout",
        },
        'Payment.RedirectURL': LANDING,
        'Payment.MethodTransactionID': { kind: 'match', pattern: /^\S+$/, why: "the wallet's payment id" },
      };
      const used = assertLikeSeed(res.json, seed, rules);
      assert.deepEqual(
        Object.keys(rules).filter((r) => !used.has(r)),
        [],
      );
      assertSeedOrder(res.json.Payment, seed.Payment);
      assertSeedOrder(p.Details, seed.Payment.Details);
      assertSeedOrder(p.ReferenceDetails, seed.Payment.ReferenceDetails);
      assert.deepEqual(
        [p.Details.IsOffline, p.Details.StoreName, p.Details.StoreId, p.Details.TerminalID],
        [true, 'Zara Palace Mall', 'ZA2345', 'T8999'],
        'the POS Details are echoed',
      );

      // seed 004's POS flow: the customer first selects the preferred currency (no SkipHPP sent)
      const PHONE = { 'user-agent': 'Mozilla/5.0 (iPhone) Mobile' };
      const step = await fetch(p.RedirectURL, { redirect: 'manual', headers: PHONE });
      assert.equal(step.status, 200);
      const html = await step.text();
      assert.match(html, /Select your preferred currency/);
      assert.match(html, /value="CNY" checked/, "the payment's own currency first, chosen");
      assert.match(html, /charged by Alipay/);
      assert.match(
        html,
        /value="KRW">\s*<span class="code">KRW<\/span><span class="in">≈ 18 KRW/,
        '0.11 CNY at the sandbox table (7.9280 CNY, 1282 KRW per EUR)',
      );
      assert.match(html, /rates of 2018-11-07/);
      const choose = (currency: string) =>
        fetch(`${p.RedirectURL}/currency`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...PHONE },
          body: new URLSearchParams({ currency }).toString(),
        });
      const refused = await choose('XXX');
      assert.equal(refused.status, 400, 'a currency not on offer');
      assert.match(await refused.text(), /cannot be shown in XXX/);
      const chosen = await choose('KRW');
      assert.equal(chosen.status, 303);
      assert.equal(chosen.headers.get('location'), p.RedirectURL);
      assert.equal((await choose('USD')).status, 303, 'a second choice (the back button) changes nothing');
      // then a phone goes where the code leads; a desktop shows the code with the price in won
      const phone = await fetch(p.RedirectURL, { redirect: 'manual', headers: PHONE });
      assert.equal(phone.headers.get('location'), p.ReferenceDetails.QRCodeURL);
      const desktop = await (await fetch(p.RedirectURL)).text();
      assert.match(desktop, /0\.11 CNY/);
      assert.match(desktop, /≈ 18 KRW at the rates of 2018-11-07/);
      assert.equal(
        (await gw.gp('GET', `/v1/payments/${p.ID}`, undefined, SEED_AUTH_1)).json.Payment.Amount,
        '11',
        'the amount is unchanged',
      );
      const walked = await gw.customer(p.ReferenceDetails.QRCodeURL, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      assert.equal(walked.json.finalUrl, 'http://demo.smart2pay.com/redirect.php?data=2&MerchantTransactionID=s2ptest_k11');
      const note = await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && (n.json.Payment as any)?.Status?.ID === 2);
      assert.equal((note.json.Payment as any).Details.StoreId, 'ZA2345');
      assert.equal((note.json.Payment as any).ReferenceDetails.QRCodeURL, null, 'paid: nothing left to scan');
    });

    it('Alipay POS with SkipHPP=1 and the customer e-mail skips the currency step: the landing page leads to the code at once', async () => {
      const request = JSON.parse(SEED_ALIPAY_POS_REQUEST);
      const body = { Payment: { ...request.Payment, MerchantTransactionID: 's2ptest_pos_skip', SkipHPP: 1 } };
      const res = await gw.gp('POST', '/v1/payments', body, SEED_AUTH_1);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const p = res.json.Payment;
      const phone = await fetch(p.RedirectURL, { redirect: 'manual', headers: { 'user-agent': 'Mozilla/5.0 (iPhone) Mobile' } });
      assert.equal(phone.headers.get('location'), p.ReferenceDetails.QRCodeURL);
      const desktop = await (await fetch(p.RedirectURL)).text();
      assert.doesNotMatch(desktop, /preferred currency|≈/);
    });

    it('Alipay POS Details without IsOffline, StoreName, StoreId or TerminalID are refused, nothing stored; StoreName may be null', async () => {
      const before = await count();
      const request = JSON.parse(SEED_ALIPAY_POS_REQUEST);
      for (const field of ['IsOffline', 'StoreName', 'StoreId', 'TerminalID']) {
        const details = { ...request.Payment.Details };
        delete details[field];
        const body = { Payment: { ...request.Payment, MerchantTransactionID: `s2ptest_pos_${field}`, Details: details } };
        const res = await gw.gp('POST', '/v1/payments', body, SEED_AUTH_1);
        assert.equal(res.status, 400);
        assert.deepEqual(res.json.Payment.Status, {
          ID: null,
          Info: null,
          Reasons: [{ Code: '1', Info: `Missing parameter - Details.${field}` }],
        });
      }
      const posWith = (over: Record<string, unknown>, ref: string) => ({
        Payment: { ...request.Payment, MerchantTransactionID: ref, Details: { ...request.Payment.Details, ...over } },
      });
      const res = await gw.gp('POST', '/v1/payments', posWith({ IsOffline: 'yes' }, 's2ptest_pos_bool'), SEED_AUTH_1);
      assert.equal(res.json.Payment.Status.Reasons[0].Info, 'Validation failed - Details.IsOffline (true or false)');
      assert.equal(await count(), before);
      assert.equal((await gw.gp('POST', '/v1/payments', posWith({ StoreName: null }, 's2ptest_pos_null'), SEED_AUTH_1)).status, 201);
    });

    it('Currency "CN" → the seed\'s 400: code 2, Status.ID null, nothing stored', async () => {
      const before = await count();
      const res = await gw.gp('POST', '/v1/payments', SEED_ALIPAY_BAD_CURRENCY_REQUEST, SEED_AUTH_1);
      assert.equal(res.status, 400);
      const seed = JSON.parse(SEED_ALIPAY_BAD_CURRENCY_RESPONSE);
      assertLikeSeed(res.json, seed, {});
      assertSeedOrder(res.json.Payment, seed.Payment);
      assert.equal(await count(), before);
    });

    it('BillingAddress.Country "China" (the Alipay POS example) → the seed\'s 400: code 147, Status 4 Failed, nothing stored', async () => {
      const before = await count();
      const res = await gw.gp('POST', '/v1/payments', SEED_ALIPAY_POS_BAD_COUNTRY_REQUEST, SEED_AUTH_1);
      assert.equal(res.status, 400);
      const seed = JSON.parse(SEED_ALIPAY_POS_BAD_COUNTRY_RESPONSE);
      const stored = 'walletgate stores nothing for a refused request';
      const rules: Record<string, SeedRule> = {
        'Payment.ID': value(null, stored),
        'Payment.Created': value(null, stored),
        'Payment.SiteID': value(null, stored),
        'Payment.NotificationDateTime': value(null, stored),
        'Payment.Status.Reasons': value(
          [{ Code: '147', Info: 'Address details are invalid (BillingAddress)Country - RegEx: ^[A-Z]{2}$;' }],
          'walletgate takes upper-case country codes only',
        ),
      };
      assertLikeSeed(res.json, seed, rules);
      assertSeedOrder(res.json.Payment, seed.Payment);
      assert.equal(await count(), before);
    });

    it('an Alipay payment without Articles, or with an article lacking Name or Quantity, is refused and nothing stored', async () => {
      const before = await count();
      const request = JSON.parse(SEED_ALIPAY_REQUEST);
      const cases: [unknown, string, string][] = [
        [undefined, '128', 'Article is missing - Articles (Alipay payments need at least one article with Name and Quantity)'],
        [[], '128', 'Article is missing - Articles (Alipay payments need at least one article with Name and Quantity)'],
        [[{ Quantity: 1 }], '1', 'Missing parameter - Articles[0].Name'],
        [[{ Name: 'TEST', Quantity: 1 }, { Name: 'TEST' }], '1', 'Missing parameter - Articles[1].Quantity'],
      ];
      for (const [articles, code, info] of cases) {
        const body = { Payment: { ...request.Payment, MerchantTransactionID: `s2ptest_art_${code}`, Articles: articles } };
        const res = await gw.gp('POST', '/v1/payments', body, SEED_AUTH_1);
        assert.equal(res.status, 400);
        assert.deepEqual(res.json.Payment.Status, { ID: null, Info: null, Reasons: [{ Code: code, Info: info }] });
      }
      assert.equal(await count(), before);
    });
  });
}
