/**
 * Refunds by articles (src/core/refunds/refund-articles.ts), on SQLite and PostgreSQL, through
 * createRefund with a registry built here: one method that declares `refundsByArticles`, one that
 * does not. A full refund needs only the amount; a partial one names articles of the payment, never
 * more units than are left (pending refunds count), at the articles' price; two refunds racing for
 * the last unit: exactly one wins.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBackgroundWork } from '../../src/core/background-work.js';
import type { CoreDeps, Logger } from '../../src/core/deps.js';
import { isCoreError, type ErrorCode } from '../../src/core/errors.js';
import type { MethodCapabilities } from '../../src/core/methods.js';
import type { Article } from '../../src/core/model.js';
import type { Connector, RefundInput, RefundResult } from '../../src/core/ports/connector.js';
import { createRefund, type CreateRefundInput } from '../../src/core/refunds/create-refund.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';

const silent: Logger = { info() {}, warn() {}, error() {}, debug() {} };
const MERCHANT = 'articles-merchant';

const method = (over: Partial<MethodCapabilities>): MethodCapabilities => ({
  name: 'Test method',
  countries: ['RU'],
  currencies: ['RUB'],
  flows: ['redirect'],
  recurring: false,
  partialRefunds: true,
  minAmount: 1,
  maxAmount: 1_000_000_000,
  defaultLifetimeMinutes: 15,
  ...over,
});

/** A wallet that refunds whatever it is asked; `hold` keeps its refund calls waiting until released. */
class ReceiptWallet {
  readonly id = 'receipt_wallet';
  readonly capabilities = {
    receipt_cards: method({ name: 'Cards with receipts', refundsByArticles: true }),
    plain_cards: method({ name: 'Cards' }),
  };
  readonly refunds: RefundInput[] = [];
  hold: Promise<void> | null = null;
  /** Called on each refund call, before it waits for `hold`. */
  onRefund: (() => void) | null = null;
  private seq = 0;
  async refund(input: RefundInput): Promise<RefundResult> {
    this.refunds.push(input);
    this.onRefund?.();
    if (this.hold) await this.hold;
    return { refundRef: `RR${++this.seq}`, refundedTotal: input.amount, refundableAmount: 0 };
  }
}

const unused = async (): Promise<never> => {
  throw new Error('not used by these tests');
};

for (const kind of storeKinds) {
  describe(`refunds by articles on ${kind}`, () => {
    let ts: TestStore;
    let deps: CoreDeps;
    const wallet = new ReceiptWallet();
    let seq = 0;
    before(async () => {
      ts = await openTestStore(kind);
      await ts.store.merchants.insert({ id: MERCHANT, name: 'Articles merchant', notifyUrl: null });
      const connector = Object.assign(wallet, {
        startPayment: unused,
        completePayment: unused,
        lookupPayment: unused,
        chargeAgreement: unused,
        revokeAgreement: unused,
        agreementStatus: unused,
      }) as unknown as Connector;
      deps = {
        store: ts.store,
        connectors: { receipt_wallet: connector },
        notify: async () => {},
        links: {
          landing: (t) => `http://wg.test/pay/${t}`,
          walletReturn: (t, o) => `http://wg.test/pay/${t}/${o}`,
          publicBase: 'http://wg.test',
        },
        clock: () => new Date(),
        log: silent,
        background: createBackgroundWork(silent),
        inFlightGraceMs: 60_000,
        masterKey: 'articles-test-master-key',
        rates: null,
      };
    });
    after(async () => ts.cleanup());

    /** A paid payment of `amount` with these articles, made through `methodCode`. */
    async function paid(methodCode: string, amount: number, articles: Article[] | null): Promise<number> {
      const ref = `pay-${++seq}`;
      const p = await ts.store.payments.insert({
        merchantId: MERCHANT,
        dialect: 'globalpay',
        reference: ref,
        uniqueReference: null,
        method: methodCode,
        connector: 'receipt_wallet',
        amount,
        currency: 'RUB',
        status: 'succeeded',
        capturedAmount: amount,
        refundedAmount: 0,
        refundReservedAmount: 0,
        description: null,
        customer: null,
        billingAddress: null,
        shippingAddress: null,
        articles,
        returnUrl: null,
        customerToken: `token-${kind}-${ref}`,
        expiresAt: null,
        preapprovalId: null,
        connectorState: { ref: `W-${ref}` },
        failureCode: null,
        failureMessage: null,
        extras: {},
      });
      return p.id;
    }

    const refund = (paymentId: number, over: Partial<CreateRefundInput>) =>
      createRefund(deps, { merchantId: MERCHANT, dialect: 'globalpay', paymentId, ...over });

    /** The refusal is a CoreError with this code whose message says `about`; nothing was stored. */
    async function refused(paymentId: number, over: Partial<CreateRefundInput>, code: ErrorCode, about: RegExp): Promise<void> {
      const before = (await ts.store.refunds.listByPayment(MERCHANT, paymentId)).length;
      await assert.rejects(refund(paymentId, over), (e) => {
        assert.ok(isCoreError(e), String(e));
        assert.equal(e.code, code, e.message);
        assert.match(e.message, about);
        return true;
      });
      assert.equal((await ts.store.refunds.listByPayment(MERCHANT, paymentId)).length, before, 'nothing stored');
      const p = await ts.store.payments.getById(paymentId);
      assert.equal(p!.refundReservedAmount, 0, 'nothing reserved');
    }

    // the ref's example: Price 1000, Quantity 2, Discount 2.00 %, VAT 10 % (included) → 1960; one unit 980
    const cup: Article = { merchantArticleId: '1231', name: 'Cup', quantity: 2, price: 1000, vat: 1000, discount: 200 };
    const saucer: Article = { merchantArticleId: '77', name: 'Saucer', quantity: 1, price: 500, vat: 1000, discount: 0 };

    it('a full refund needs only the amount, even where the method wants articles; nothing is left after it', async () => {
      const id = await paid('receipt_cards', 2460, [cup, saucer]);
      const { refund: r, payment } = await refund(id, { amount: 2460 });
      assert.equal(r.status, 'succeeded');
      assert.equal(payment.status, 'refunded');
      await refused(id, { amount: 980, articles: [{ merchantArticleId: '1231', quantity: 1 }] }, 'payment_not_refundable', /is refunded/);
      // an omitted amount is everything left: also a full refund
      const other = await paid('receipt_cards', 2460, [cup, saucer]);
      assert.equal((await refund(other, {})).refund.amount, 2460);
    });

    it('partial refunds by articles: the amount is checked, or computed when omitted; the units left shrink', async () => {
      const id = await paid('receipt_cards', 2460, [cup, saucer]);
      const first = await refund(id, { amount: 980, articles: [{ merchantArticleId: '1231', quantity: 1 }] });
      assert.equal(first.refund.amount, 980);
      assert.deepEqual(first.refund.articles, [{ merchantArticleId: '1231', quantity: 1 }]);
      assert.equal(first.payment.status, 'partially_refunded');
      // within one minor unit of the articles' value
      const second = await refund(id, { amount: 979, articles: [{ merchantArticleId: '1231', quantity: 1 }] });
      assert.equal(second.refund.amount, 979);
      await refused(
        id,
        { articles: [{ merchantArticleId: '1231', quantity: 1 }] },
        'refund_article_exceeds',
        /Article 1231 of payment \d+: 0 of 2 unit\(s\) left.*asks for 1/,
      );
      // no amount: the articles' value
      const third = await refund(id, { articles: [{ merchantArticleId: '77', quantity: 1 }] });
      assert.equal(third.refund.amount, 500);
      assert.equal(third.payment.refundedAmount, 2459);
    });

    it('one unit too many, an article the payment does not have, an amount off the articles, a bad quantity: refused, nothing stored', async () => {
      const id = await paid('receipt_cards', 2460, [cup, saucer]);
      await refused(
        id,
        { amount: 1960, articles: [{ merchantArticleId: '1231', quantity: 3 }] },
        'refund_article_exceeds',
        /1231.*2 of 2 unit\(s\) left.*asks for 3/,
      );
      // an id named twice adds up
      await refused(
        id,
        {
          articles: [
            { merchantArticleId: '1231', quantity: 2 },
            { merchantArticleId: '1231', quantity: 1 },
          ],
        },
        'refund_article_exceeds',
        /asks for 3/,
      );
      await refused(
        id,
        { amount: 500, articles: [{ merchantArticleId: '9999', quantity: 1 }] },
        'refund_article_unknown',
        new RegExp(`Article 9999 is not an article of payment ${id}; its articles are 1231, 77`),
      );
      await refused(
        id,
        { amount: 1000, articles: [{ merchantArticleId: '1231', quantity: 1 }] },
        'refund_amount_mismatch',
        /The refund of 1000 does not match.*worth 980 RUB.*send 980/,
      );
      await refused(id, { amount: 978, articles: [{ merchantArticleId: '1231', quantity: 1 }] }, 'refund_amount_mismatch', /worth 980/);
      await refused(
        id,
        { amount: 980, articles: [{ merchantArticleId: '1231', quantity: 0 }] },
        'request_invalid',
        /quantity must be a whole number of at least 1/,
      );
      await refused(id, { amount: 980, articles: [{ merchantArticleId: '1231', quantity: 1.5 }] }, 'request_invalid', /quantity/);
      await refused(id, { amount: 980, articles: [{ quantity: 1 }] }, 'request_invalid', /names no merchantArticleId/);
      const none = await paid('receipt_cards', 1000, null);
      await refused(
        none,
        { amount: 500, articles: [{ merchantArticleId: '1231', quantity: 1 }] },
        'refund_article_unknown',
        /it has no articles/,
      );
    });

    it('a partial refund without articles: refused when the method wants them, allowed when it does not', async () => {
      const strict = await paid('receipt_cards', 2460, [cup, saucer]);
      await refused(
        strict,
        { amount: 980 },
        'refund_articles_required',
        new RegExp(`partial refund of payment ${strict} must name the articles.*everything left \\(2460 RUB\\)`),
      );
      // after a refund by articles, "everything left" is what a full refund takes
      await refund(strict, { articles: [{ merchantArticleId: '77', quantity: 1 }] });
      await refused(strict, { amount: 1000 }, 'refund_articles_required', /everything left \(1960 RUB\)/);
      assert.equal((await refund(strict, { amount: 1960 })).payment.status, 'refunded');

      const relaxed = await paid('plain_cards', 2460, [cup, saucer]);
      const r = await refund(relaxed, { amount: 980 });
      assert.equal(r.refund.status, 'succeeded');
      assert.equal(r.refund.articles, null);
      // a payment without articles: nothing to name
      const bare = await paid('receipt_cards', 1000, null);
      assert.equal((await refund(bare, { amount: 300 })).refund.status, 'succeeded');
    });

    it('articles without prices: units are counted, the amount is the merchant’s and must be named', async () => {
      const id = await paid('receipt_cards', 5000, [{ merchantArticleId: 'A', name: 'Gift', quantity: 2 }]);
      await refused(id, { articles: [{ merchantArticleId: 'A', quantity: 1 }] }, 'amount_invalid', /carry no prices.*must name its amount/);
      assert.equal((await refund(id, { amount: 1234, articles: [{ merchantArticleId: 'A', quantity: 2 }] })).refund.amount, 1234);
      await refused(id, { amount: 1, articles: [{ merchantArticleId: 'A', quantity: 1 }] }, 'refund_article_exceeds', /0 of 2/);
    });

    it('a failed refund gives its units back', async () => {
      const id = await paid('receipt_cards', 1960, [cup]);
      const failing = Object.create(deps.connectors.receipt_wallet!) as Connector;
      failing.refund = async () => {
        const { ConnectorError } = await import('../../src/core/ports/connector.js');
        throw new ConnectorError('declined', 'refused by the test wallet');
      };
      const r = await createRefund(
        { ...deps, connectors: { receipt_wallet: failing } },
        { merchantId: MERCHANT, dialect: 'globalpay', paymentId: id, articles: [{ merchantArticleId: '1231', quantity: 2 }] },
      );
      assert.equal(r.refund.status, 'failed');
      assert.equal((await refund(id, { articles: [{ merchantArticleId: '1231', quantity: 2 }] })).refund.amount, 1960);
    });

    it('two concurrent refunds for the last unit: exactly one wins, the other is refused while the winner is still pending', async () => {
      // the amount has room for both: only the units can refuse one of them
      const id = await paid('receipt_cards', 10_000, [{ merchantArticleId: 'L', name: 'Lamp', quantity: 2 }]);
      await refund(id, { amount: 100, articles: [{ merchantArticleId: 'L', quantity: 1 }] });
      // the winner waits in the wallet (its refund pending) until the other is refused; were both let
      // through, the second wallet call releases them, and the assertions below fail
      let release!: () => void;
      wallet.hold = new Promise((resolve) => (release = resolve));
      const calls = wallet.refunds.length;
      wallet.onRefund = () => {
        if (wallet.refunds.length >= calls + 2) release();
      };
      const race = [1, 2].map((n) =>
        refund(id, { reference: `last-${n}`, amount: 100, articles: [{ merchantArticleId: 'L', quantity: 1 }] }).catch((e: unknown) => {
          release();
          throw e;
        }),
      );
      const [a, b] = await Promise.allSettled(race);
      wallet.hold = null;
      wallet.onRefund = null;
      const outcomes = [a!, b!];
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      assert.equal(won.length, 1, 'exactly one wins');
      assert.equal(lost.length, 1);
      assert.ok(isCoreError(lost[0]!.reason) && lost[0]!.reason.code === 'refund_article_exceeds', String(lost[0]!.reason));
      assert.equal(wallet.refunds.length, calls + 1, 'the wallet was asked once');
      const refunds = await ts.store.refunds.listByPayment(MERCHANT, id);
      assert.equal(refunds.length, 2);
      assert.ok(refunds.every((r) => r.status === 'succeeded'));
      const p = await ts.store.payments.getById(id);
      assert.equal(p!.refundedAmount, 200);
      assert.equal(p!.refundReservedAmount, 0);
    });
  });
}
