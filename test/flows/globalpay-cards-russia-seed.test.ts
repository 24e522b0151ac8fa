/**
 * Seed 004's two "Cards Russia Refund Request (Fiscalization)" examples pasted as written, on the
 * method they are written for: 1045 Cards Russia payments paid on walletgate's card form through the
 * card processor sandbox, on SQLite and on PostgreSQL.
 * - The full refund (`Amount` only) of a payment with articles: the seed's 201, the merchant notified.
 * - The partial refund by articles (article 1231 × 1, 980) → the seed's 201; Cards Russia keeps a
 *   receipt per article, so a partial refund naming no articles is refused (code 128), one unit too
 *   many is refused (code 18), and the rest goes back with its amount only.
 * Where walletgate answers otherwise than the seed, the rule says why (docs/globalpay.md, "Refunds").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';
import { SEED_AUTH_1 } from './globalpay-seed-004-wallets.js';
import {
  SEED_ARTICLES_REFUND_REQUEST,
  SEED_ARTICLES_REFUND_RESPONSE,
  SEED_FULL_REFUND_REQUEST,
  SEED_FULL_REFUND_RESPONSE,
} from './globalpay-seed-004-refund-articles.js';
import { assertAllUsed, assertLikeSeed, ID, TIME, value, type SeedRule } from './seed-comparison.js';

/** The ref's example (dashboard-and-methods.md §2.5): 1000 × 2 less 2.00 %, VAT included = 1960. */
const CUPS = { MerchantArticleID: '1231', Name: 'Tea cup', Quantity: 2, Price: 1000, VAT: 1000, Discount: 200 };
const BOX = { MerchantArticleID: '55', Name: 'Gift box', Quantity: 1, Price: 100, VAT: 2000 };

const SETTLED: SeedRule = value({ ID: 2, Info: 'Success', Reasons: null }, 'refunds settle synchronously (deviation 1)');
const NATIVE: SeedRule = value(1, 'Native, the one type GET …/refunds/types lists; the seed’s 5 and 0 are other platforms’ types');

for (const kind of storeKinds) {
  describe(`seed 004 Cards Russia refunds pasted as written, on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => gw.close());

    /** A 1045 Cards Russia payment the customer paid with the sandbox's approving card: its ID. */
    async function paidByCard(ref: string, amount: number, currency: string, articles: unknown[]): Promise<number> {
      const body = {
        Payment: {
          MerchantTransactionID: ref,
          Amount: amount,
          Currency: currency,
          MethodID: 1045,
          ReturnURL: 'http://demo.smart2pay.com/redirect.php',
          BillingAddress: { Country: 'RU' },
          Articles: articles,
        },
      };
      const res = await gw.gp('POST', '/v1/payments', body, SEED_AUTH_1);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const p = res.json.Payment;
      assert.equal(p.MethodID, 1045);
      const walked = await gw.customer(p.RedirectURL, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      await gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === p.ID && (n.json.Payment as any)?.Status?.ID === 2);
      return p.ID;
    }
    const refund = (id: number, body: unknown) => gw.gp('POST', `/v1/payments/${id}/refunds`, body, SEED_AUTH_1);
    const refundNote = (refundId: number) =>
      gw.receiver.waitFor((n) => (n.json.Refund as any)?.ID === refundId && (n.json.Refund as any)?.Status?.ID === 2);
    const paymentNote = (id: number, status: number) =>
      gw.receiver.waitFor((n) => (n.json.Payment as any)?.ID === id && (n.json.Payment as any)?.Status?.ID === status);

    it("the full refund, Amount only, of a payment with articles → the seed's 201; the payment is 22 Refunded, notified", async () => {
      const id = await paidByCard(`cards-ru-full-${kind}`, 100, 'EUR', [BOX]);
      const res = await refund(id, SEED_FULL_REFUND_REQUEST);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const rules: Record<string, SeedRule> = {
        'Refund.ID': ID,
        'Refund.Created': TIME,
        'Refund.InitialPaymentID': value(id, 'the payment refunded'),
        'Refund.TypeID': NATIVE,
        'Refund.Status': SETTLED,
      };
      assertAllUsed(assertLikeSeed(res.json, JSON.parse(SEED_FULL_REFUND_RESPONSE), rules), rules);
      await refundNote(res.json.Refund.ID);
      await paymentNote(id, 22);
    });

    it("the partial refund by articles → the seed's 201; none named → 128; one unit too many → 18; the rest by amount → 22", async () => {
      const id = await paidByCard(`cards-ru-partial-${kind}`, 1960, 'RUB', [CUPS]);

      // Cards Russia keeps a receipt per article: a partial refund must say which go back
      const bare = await refund(id, { Refund: { MerchantTransactionID: 'no-articles', Amount: 980 } });
      assert.equal(bare.status, 400, JSON.stringify(bare.json));
      assert.equal(bare.json.Refund.ID, null);
      assert.equal(bare.json.Refund.Status.Reasons[0].Code, '128');
      assert.match(bare.json.Refund.Status.Reasons[0].Info, /^Article is missing - A partial refund of payment \d+ must name the articles/);

      const first = await refund(id, SEED_ARTICLES_REFUND_REQUEST);
      assert.equal(first.status, 201, JSON.stringify(first.json));
      const rules: Record<string, SeedRule> = {
        'Refund.ID': ID,
        'Refund.Created': TIME,
        'Refund.InitialPaymentID': value(id, 'the payment refunded'),
        'Refund.Currency': value('RUB', "the payment's currency; the seed's null is a placeholder, as its ID 0"),
        'Refund.TypeID': NATIVE,
        'Refund.Status': SETTLED,
      };
      assertAllUsed(assertLikeSeed(first.json, JSON.parse(SEED_ARTICLES_REFUND_RESPONSE), rules), rules);
      const note = await refundNote(first.json.Refund.ID);
      assert.deepEqual((note.json.Refund as any).Articles, JSON.parse(SEED_ARTICLES_REFUND_RESPONSE).Refund.Articles);
      await paymentNote(id, 21);

      const tooMany = await refund(id, {
        Refund: { MerchantTransactionID: 'two-more', Amount: 1960, Articles: [{ MerchantArticleID: '1231', Quantity: 2 }] },
      });
      assert.equal(tooMany.status, 400, JSON.stringify(tooMany.json));
      assert.equal(tooMany.json.Refund.Status.Reasons[0].Code, '18');
      assert.match(tooMany.json.Refund.Status.Reasons[0].Info, /Article 1231 of payment \d+: 1 of 2 unit\(s\) left.*asks for 2\.$/);

      // everything left goes back with its amount only
      const rest = await refund(id, { Refund: { MerchantTransactionID: 'the-rest', Amount: 980 } });
      assert.equal(rest.status, 201, JSON.stringify(rest.json));
      assert.equal(rest.json.Refund.Articles, null);
      await refundNote(rest.json.Refund.ID);
      await paymentNote(id, 22);
      const listed = (await gw.gp('GET', `/v1/payments/${id}/refunds`, undefined, SEED_AUTH_1)).json.Refunds;
      assert.deepEqual(
        listed.map((r: any) => [r.MerchantTransactionID, r.Amount]),
        [
          ['YandexPartialRefund', '980'],
          ['the-rest', '980'],
        ],
      );
    });
  });
}
