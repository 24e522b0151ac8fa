/**
 * Seed 004's partial refund by articles ("Cards Russia Refund Request (Fiscalization)") pasted as
 * written, on a real Alipay (MethodID 24) payment with a priced article, through a real walletgate
 * and the Alipay+ sandbox, on SQLite and on PostgreSQL: the customer approves in Alipay; the seed's
 * refund (article 1231 × 1, Amount 980) → the seed's 201 with the article echoed; the same body
 * again → code 20 (its MerchantTransactionID names one refund); under a new MerchantTransactionID
 * → 201; a third → refused in GlobalPay's form. The merchant is notified of each refund and of the
 * payment refunded. Where walletgate answers otherwise than the seed, the rule says why
 * (docs/globalpay.md, "Refunds by articles").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';
import { SEED_AUTH_1 } from './globalpay-seed-004-wallets.js';
import { SEED_ARTICLES_REFUND_REQUEST, SEED_ARTICLES_REFUND_RESPONSE } from './globalpay-seed-004-refund-articles.js';
import { assertAllUsed, assertLikeSeed, ID, TIME, value, type SeedRule } from './seed-comparison.js';

/** The ref's example (dashboard-and-methods.md §2.5): 1000 × 2 less 2.00 % = 1960, VAT included. */
const paymentWithArticles = (ref: string, articles: unknown[], amount: number) => ({
  Payment: {
    MerchantTransactionID: ref,
    Amount: amount,
    Currency: 'CNY',
    MethodID: 24,
    ReturnURL: 'http://demo.smart2pay.com/redirect.php',
    BillingAddress: { Country: 'CN' },
    Articles: articles,
  },
});
const CUPS = { MerchantArticleID: '1231', Name: 'Tea cup', Quantity: 2, Price: 1000, VAT: 1000, Discount: 200 };
const SAUCER = { MerchantArticleID: '77', Name: 'Saucer', Quantity: 1, Price: 500, VAT: 1000, Discount: 0 };

for (const kind of storeKinds) {
  describe(`seed 004 partial refund by articles, pasted as written, on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => gw.close());

    /** An Alipay payment the customer approved in the sandbox: its ID. */
    async function paid(ref: string, articles: unknown[], amount: number): Promise<number> {
      const res = await gw.gp('POST', '/v1/payments', paymentWithArticles(ref, articles, amount), SEED_AUTH_1);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const p = res.json.Payment;
      const walked = await gw.customer(p.RedirectURL, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && (n.json.Payment as any)?.Status?.ID === 2);
      return p.ID;
    }
    const refunds = async (id: number) => (await gw.gp('GET', `/v1/payments/${id}/refunds`, undefined, SEED_AUTH_1)).json.Refunds;
    const refundNote = (refundId: number) =>
      gw.receiver.waitFor((n) => (n.json.Refund as any)?.ID === refundId && (n.json.Refund as any)?.Status?.ID === 2);

    it("the seed's refund → the seed's 201; again under a new MerchantTransactionID → 201; a third → refused; each notified", async () => {
      const id = await paid(`articles-${kind}`, [CUPS], 1960);
      const seed = JSON.parse(SEED_ARTICLES_REFUND_RESPONSE);

      const first = await gw.gp('POST', `/v1/payments/${id}/refunds`, SEED_ARTICLES_REFUND_REQUEST, SEED_AUTH_1);
      assert.equal(first.status, 201, JSON.stringify(first.json));
      const rules: Record<string, SeedRule> = {
        'Refund.ID': ID,
        'Refund.Created': TIME,
        'Refund.InitialPaymentID': value(id, 'the payment refunded'),
        'Refund.Currency': value('CNY', "the payment's currency; the seed's null is a placeholder, as its ID 0"),
        'Refund.TypeID': value(1, 'Native, the one type GET …/refunds/types lists; the seed’s 0 is a placeholder'),
        'Refund.Status': value({ ID: 2, Info: 'Success', Reasons: null }, 'refunds settle synchronously (deviation 1)'),
      };
      assertAllUsed(assertLikeSeed(first.json, seed, rules), rules);
      assert.deepEqual(
        Object.keys(first.json.Refund.Articles[0]),
        Object.keys(seed.Refund.Articles[0]),
        "the article's fields in the seed's order",
      );
      const note1 = await refundNote(first.json.Refund.ID);
      assert.deepEqual((note1.json.Refund as any).Articles, seed.Refund.Articles, 'the notification carries the refunded article');
      assert.equal((note1.json.Refund as any).Amount, '980');
      await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === id && (n.json.Payment as any)?.Status?.ID === 21);

      // the same body again: its MerchantTransactionID already names a refund of this payment
      const again = await gw.gp('POST', `/v1/payments/${id}/refunds`, SEED_ARTICLES_REFUND_REQUEST, SEED_AUTH_1);
      assert.equal(again.status, 400);
      assert.equal(again.json.Refund.Status.Reasons[0].Code, '20');
      assert.equal((await refunds(id)).length, 1);

      const next = SEED_ARTICLES_REFUND_REQUEST.replace('"YandexPartialRefund"', '"YandexPartialRefund2"');
      const second = await gw.gp('POST', `/v1/payments/${id}/refunds`, next, SEED_AUTH_1);
      assert.equal(second.status, 201, JSON.stringify(second.json));
      assert.equal(second.json.Refund.Amount, '980');
      assert.deepEqual(second.json.Refund.Articles, seed.Refund.Articles);
      assert.deepEqual(second.json.Refund.Status, { ID: 2, Info: 'Success', Reasons: null });
      await refundNote(second.json.Refund.ID);
      await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === id && (n.json.Payment as any)?.Status?.ID === 22);

      const third = await gw.gp(
        'POST',
        `/v1/payments/${id}/refunds`,
        next.replace('YandexPartialRefund2', 'YandexPartialRefund3'),
        SEED_AUTH_1,
      );
      assert.equal(third.status, 400);
      assert.equal(third.json.Refund.ID, null);
      assert.equal(third.json.Refund.MerchantTransactionID, 'YandexPartialRefund3');
      assert.deepEqual(third.json.Refund.Status, {
        ID: null,
        Info: null,
        Reasons: [{ Code: '18', Info: `Refund is invalid - Payment ${id} is refunded; only a paid payment can be refunded.` }],
      });
      assert.deepEqual(
        (await refunds(id)).map((r: any) => [r.MerchantTransactionID, r.Amount, r.Articles[0].Quantity]),
        [
          ['YandexPartialRefund', '980', 1],
          ['YandexPartialRefund2', '980', 1],
        ],
      );
    });

    it('units, articles and amounts the payment does not allow are refused in GlobalPay form, and nothing is stored or refunded', async () => {
      const id = await paid(`articles-refusals-${kind}`, [CUPS, SAUCER], 2460);
      const ask = (ref: string, amount: number, articles: unknown[]) =>
        gw.gp(
          'POST',
          `/v1/payments/${id}/refunds`,
          { Refund: { MerchantTransactionID: ref, Amount: amount, Articles: articles } },
          SEED_AUTH_1,
        );
      const cases: [string, number, unknown[], string, RegExp][] = [
        [
          'too-many',
          1960,
          [{ MerchantArticleID: '1231', Quantity: 3 }],
          '18',
          /^Refund is invalid - Article 1231 of payment \d+: 2 of 2 unit\(s\) left.*asks for 3\.$/,
        ],
        [
          'unknown',
          500,
          [{ MerchantArticleID: '1232', Quantity: 1 }],
          '18',
          /^Refund is invalid - Article 1232 is not an article of payment \d+; its articles are 1231, 77\.$/,
        ],
        [
          'mismatch',
          1000,
          [{ MerchantArticleID: '1231', Quantity: 1 }],
          '118',
          /^Amount invalid - The refund of 1000 does not match the articles it names, which are worth 980 CNY.*send 980/,
        ],
      ];
      for (const [ref, amount, articles, code, info] of cases) {
        const res = await ask(ref, amount, articles);
        assert.equal(res.status, 400, ref);
        assert.equal(res.json.Refund.Status.Reasons[0].Code, code, ref);
        assert.match(res.json.Refund.Status.Reasons[0].Info, info, ref);
      }
      assert.deepEqual(await refunds(id), []);
      const payment = (await gw.gp('GET', `/v1/payments/${id}`, undefined, SEED_AUTH_1)).json.Payment;
      assert.deepEqual(payment.Status, { ID: 2, Info: 'Success', Reasons: null });
      // both articles at once, at their value: accepted
      const both = await ask('both', 1480, [
        { MerchantArticleID: '1231', Quantity: 1 },
        { MerchantArticleID: 77, Quantity: '1' },
      ]);
      assert.equal(both.status, 201, JSON.stringify(both.json));
      assert.deepEqual(
        both.json.Refund.Articles.map((a: any) => [a.MerchantArticleID, a.Quantity]),
        [
          ['1231', 1],
          ['77', 1],
        ],
      );
    });
  });
}
