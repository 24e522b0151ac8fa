/** /v1/payments/{id}/refunds: create, list, details, types, and bad input. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertGpError, kakaoPayment, OTHER_AUTH, startHarness, type Harness } from './harness.js';
import { declined, timedOut } from './fake-connector.js';

const refund = (reference: unknown, amount: unknown, over: Record<string, unknown> = {}) => ({
  Refund: { MerchantTransactionID: reference, Amount: amount, ...over },
});

describe('GlobalPay refunds', () => {
  let h: Harness;
  let paid: number;
  let unpaid: number;
  before(async () => {
    h = await startHarness();
    paid = (await h.gp('POST', '/v1/payments', kakaoPayment('to-refund', { Amount: 1000 }))).json.Payment.ID;
    await h.customerReturns('payment', paid);
    unpaid = (await h.gp('POST', '/v1/payments', kakaoPayment('unpaid'))).json.Payment.ID;
  });
  after(async () => h.close());

  it('the refund types of a payment: Native, partial allowed', async () => {
    const res = await h.gp('GET', `/v1/payments/${paid}/refunds/types`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {
      RefundTypes: [
        { Name: 'Native', ID: 1, AllowsPartialRefund: true, Customer: null, BillingAddress: null, BankAddress: null, Details: null },
      ],
    });
  });

  it('a partial refund: 201 Success, TypeID 1, the payment becomes 21 PartiallyRefunded', async () => {
    const res = await h.gp(
      'POST',
      `/v1/payments/${paid}/refunds`,
      refund('rf-1', '400', { Description: 'broken cup', Details: { note: 1 } }),
    );
    assert.equal(res.status, 201, res.text);
    const r = res.json.Refund;
    assert.equal(r.InitialPaymentID, paid);
    assert.equal(r.Amount, '400');
    assert.equal(r.Currency, 'KRW');
    assert.equal(r.TypeID, 1);
    assert.equal(r.Description, 'broken cup');
    assert.deepEqual(r.Details, { note: 1 });
    assert.match(r.MethodTransactionID, /^R\d+$/);
    assert.deepEqual(r.Status, { ID: 2, Info: 'Success', Reasons: null });
    assert.deepEqual((h.wallet.calls.at(-1)?.input as { amount: number }).amount, 400);
    assert.deepEqual((await h.gp('GET', `/v1/payments/${paid}`)).json.Payment.Status, { ID: 21, Info: 'PartiallyRefunded', Reasons: null });

    const got = await h.gp('GET', `/v1/payments/${paid}/refunds/${r.ID}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.json.Refund, r);
    const list = await h.gp('GET', `/v1/payments/${paid}/refunds`);
    assert.deepEqual(list.json, { Refunds: [r] });
  });

  it('a refund the wallet declines: 201, Status 4 Failed with the reason; nothing refunded', async () => {
    h.wallet.failNext.set('refund', declined('Cancel amount exceeds', '-701'));
    const res = await h.gp('POST', `/v1/payments/${paid}/refunds`, refund('rf-declined', 100));
    assert.equal(res.status, 201);
    assert.equal(res.json.Refund.Status.ID, 4);
    assert.equal(res.json.Refund.Status.Reasons[0].Code, '121');
    assert.equal((await h.gp('GET', `/v1/payments/${paid}`)).json.Payment.Status.ID, 21);
  });

  it('a refund the wallet does not answer: 201 with Status 1 Open and the amount still reserved (the sweeper settles it)', async () => {
    h.wallet.failNext.set('refund', timedOut());
    const res = await h.gp('POST', `/v1/payments/${paid}/refunds`, refund('rf-timeout', 100));
    assert.equal(res.status, 201);
    assert.equal(res.json.Refund.Status.ID, 1);
    assert.ok(Number.isInteger(res.json.Refund.ID));
    const stored = await h.store.refunds.getById(res.json.Refund.ID);
    assert.equal(stored!.status, 'pending');
    assert.equal(stored!.needsSync, true);
    assert.equal((await h.store.payments.getById(paid))!.refundReservedAmount, 100);
  });

  it('a refund retried with the same MerchantTransactionID: 400 code 20, nothing refunded twice, even when both arrive at once', async () => {
    const own = (await h.gp('POST', '/v1/payments', kakaoPayment('dup-refund', { Amount: 1000 }))).json.Payment.ID;
    await h.customerReturns('payment', own);
    const first = await h.gp('POST', `/v1/payments/${own}/refunds`, refund('rf-once', 10));
    assert.equal(first.status, 201, first.text);
    const again = await h.gp('POST', `/v1/payments/${own}/refunds`, refund('rf-once', 10));
    assertGpError(again, 400, 'Refund', '20');
    assert.match(again.json.Refund.Status.Reasons[0].Info, /MerchantTransactionID/);
    const racing = await Promise.all([1, 2, 3].map(() => h.gp('POST', `/v1/payments/${own}/refunds`, refund('rf-race', 10))));
    assert.deepEqual(racing.map((r) => r.status).sort(), [201, 400, 400]);
    assert.equal((await h.store.payments.getById(own))!.refundedAmount, 20);
    // one refund carries the reference
    assert.equal(
      (await h.gp('GET', `/v1/payments/${own}/refunds`)).json.Refunds.filter(
        (r: { MerchantTransactionID: string }) => r.MerchantTransactionID === 'rf-once',
      ).length,
      1,
    );
  });

  const bad: [string, () => [number, unknown], number, string, RegExp?][] = [
    [
      'a refund larger than what is left',
      () => [paid, refund('rf-x', 100_000)],
      400,
      '18',
      /^Refund is invalid - The refund of 100000 exceeds the \d+ KRW left to refund/,
    ],
    ['a refund of an unpaid payment', () => [unpaid, refund('rf-x', 10)], 400, '18', /only a paid payment can be refunded/],
    ['a negative amount', () => [paid, refund('rf-x', -10)], 400, '118'],
    ['a zero amount', () => [paid, refund('rf-x', 0)], 400, '118'],
    ['a fractional amount', () => [paid, refund('rf-x', 0.5)], 400, '118'],
    ['a huge amount', () => [paid, refund('rf-x', Number.MAX_SAFE_INTEGER * 4)], 400, '118'],
    ['a non-numeric amount', () => [paid, refund('rf-x', 'all')], 400, '118'],
    ['a missing amount', () => [paid, refund('rf-x', undefined)], 400, '1', /^Missing parameter - Amount$/],
    ['a missing MerchantTransactionID', () => [paid, refund(undefined, 10)], 400, '1', /MerchantTransactionID/],
    ['a MerchantTransactionID of the wrong type', () => [paid, refund(['a'], 10)], 400, '2'],
    ['no Refund root', () => [paid, { Payment: { Amount: 10 } }], 400, '1', /^Missing parameter - Refund$/],
    ['malformed JSON', () => [paid, '{"Refund": {"Amount": }}'], 400, '2'],
    ...articleCases(),
    ['an unknown payment', () => [987654321, refund('rf-x', 10)], 404, '17', /Payment 987654321 was not found/],
    ['a malformed payment id', () => [-1, refund('rf-x', 10)], 404, '17'],
  ];
  /** Refund.Articles that GlobalPay's format refuses (code 1 or 2), and one the payment refuses (code 18). */
  function articleCases(): [string, () => [number, unknown], number, string, RegExp?][] {
    const withArticles = (articles: unknown): [number, unknown] => [paid, refund('rf-x', 10, { Articles: articles })];
    const one = (article: Record<string, unknown>) => withArticles([{ MerchantArticleID: '1231', Quantity: 1, ...article }]);
    return [
      ['Articles that are not a list', () => withArticles({ MerchantArticleID: '1' }), 400, '2', /^Validation failed - Articles \(a list/],
      [
        'more than 100 Articles',
        () => withArticles(Array.from({ length: 101 }, () => ({ MerchantArticleID: '1', Quantity: 1 }))),
        400,
        '2',
      ],
      ['an article that is not an object', () => withArticles([7]), 400, '2', /^Validation failed - Articles\[0\] \(an object/],
      [
        'an article without MerchantArticleID',
        () => withArticles([{ Quantity: 1 }]),
        400,
        '1',
        /^Missing parameter - Articles\[0\]\.MerchantArticleID$/,
      ],
      ['a MerchantArticleID of the wrong type', () => one({ MerchantArticleID: { id: 1 } }), 400, '2', /Articles\[0\]\.MerchantArticleID/],
      [
        'a MerchantArticleID over 50 characters',
        () => one({ MerchantArticleID: '1'.repeat(51) }),
        400,
        '2',
        /Articles\[0\]\.MerchantArticleID/,
      ],
      [
        'an article without Quantity',
        () => withArticles([{ MerchantArticleID: '1231' }]),
        400,
        '1',
        /^Missing parameter - Articles\[0\]\.Quantity$/,
      ],
      [
        'a zero Quantity',
        () => one({ Quantity: 0 }),
        400,
        '2',
        /^Validation failed - Articles\[0\]\.Quantity \(a whole number from 1 to 999\)$/,
      ],
      ['a negative Quantity', () => one({ Quantity: -1 }), 400, '2', /Articles\[0\]\.Quantity/],
      ['a Quantity over 999', () => one({ Quantity: 1000 }), 400, '2', /Articles\[0\]\.Quantity/],
      ['a fractional Quantity', () => one({ Quantity: 1.5 }), 400, '2', /Articles\[0\]\.Quantity/],
      ['a huge Quantity', () => one({ Quantity: 1e300 }), 400, '2', /Articles\[0\]\.Quantity/],
      ['a Quantity in words', () => one({ Quantity: 'two' }), 400, '2', /Articles\[0\]\.Quantity/],
      ['a negative Price', () => one({ Price: -5 }), 400, '2', /Articles\[0\]\.Price/],
      ['a huge VAT', () => one({ VAT: Number.MAX_SAFE_INTEGER * 2 }), 400, '2', /Articles\[0\]\.VAT/],
      ['a DiscountValue in words', () => one({ DiscountValue: 'some' }), 400, '2', /Articles\[0\]\.DiscountValue/],
      [
        'an unknown key in an article',
        () => one({ Colour: 'red' }),
        400,
        '2',
        /^Validation failed - Articles\[0\]\.Colour \(not an article field; a refund article takes MerchantArticleID, Name, Quantity/,
      ],
      [
        'an article the payment does not have',
        () => one({}),
        400,
        '18',
        /^Refund is invalid - Article 1231 is not an article of payment \d+; none of its articles has a merchantArticleId\.$/,
      ],
    ];
  }

  for (const [what, make, http, code, info] of bad) {
    it(`refuses ${what} (${http}, code ${code}) and stores nothing`, async () => {
      const [id, body] = make();
      const before = await h.counts();
      const calls = h.wallet.calls.length;
      assertGpError(await h.gp('POST', `/v1/payments/${id}/refunds`, body), http, 'Refund', code, info);
      assert.deepEqual(await h.counts(), before);
      assert.equal(h.wallet.calls.length, calls);
    });
  }

  it('another merchant can neither refund nor see this payment’s refunds (404, nothing leaked)', async () => {
    const before = await h.counts();
    const refunds = (await h.gp('GET', `/v1/payments/${paid}/refunds`)).json.Refunds as { ID: number }[];
    for (const [method, path, body, code] of [
      ['POST', `/v1/payments/${paid}/refunds`, refund('steal', 10), '17'],
      ['GET', `/v1/payments/${paid}/refunds`, undefined, '17'],
      ['GET', `/v1/payments/${paid}/refunds/types`, undefined, '17'],
      ['GET', `/v1/payments/${paid}/refunds/${refunds[0]!.ID}`, undefined, '18'],
    ] as const) {
      const res = await h.gp(method, path, body, { auth: OTHER_AUTH });
      assertGpError(res, 404, 'Refund', code);
      assert.doesNotMatch(res.text, /to-refund|rf-1/);
    }
    assert.deepEqual(await h.counts(), before);
  });

  it('not found: an unknown refund id is 404 code 18; a refund of another payment too', async () => {
    assertGpError(await h.gp('GET', `/v1/payments/${paid}/refunds/5`), 404, 'Refund', '18');
    assertGpError(await h.gp('GET', `/v1/payments/${paid}/refunds/abc`), 404, 'Refund', '18');
    const r = (await h.gp('GET', `/v1/payments/${paid}/refunds`)).json.Refunds[0];
    assertGpError(await h.gp('GET', `/v1/payments/${unpaid}/refunds/${r.ID}`), 404, 'Refund', '18');
    assertGpError(await h.gp('GET', '/v1/payments/555/refunds'), 404, 'Refund', '17');
    assertGpError(await h.gp('GET', '/v1/payments/555/refunds/types'), 404, 'Refund', '17');
  });

  it('refunds what is left; a refund still in progress keeps its reservation, so nothing more can be refunded', async () => {
    // 400 refunded, 100 still reserved by the refund the wallet did not answer
    const left = 1000 - 400 - 100;
    assertGpError(
      await h.gp('POST', `/v1/payments/${paid}/refunds`, refund('rf-too-much', left + 1)),
      400,
      'Refund',
      '18',
      /\(100 is in refunds still in progress\)|exceeds the 500/,
    );
    const res = await h.gp('POST', `/v1/payments/${paid}/refunds`, refund('rf-rest', left));
    assert.equal(res.status, 201, res.text);
    assert.equal((await h.gp('GET', `/v1/payments/${paid}`)).json.Payment.Status.ID, 21);
    assertGpError(
      await h.gp('POST', `/v1/payments/${paid}/refunds`, refund('rf-more', 1)),
      400,
      'Refund',
      '18',
      /Nothing is left to refund .* \(100 is in refunds still in progress\)/,
    );
  });
});
