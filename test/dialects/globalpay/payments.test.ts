/** POST/GET /v1/payments: happy paths, listing filters, and every kind of bad input. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertGpError, kakaoPayment, SEED_AUTH_2, startHarness, type Harness } from './harness.js';
import { declined } from './fake-connector.js';

describe('GlobalPay /v1/payments', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  it('creates a KakaoPay payment: 201, Status 1 Open, RedirectURL to the landing page, every field', async () => {
    const res = await h.gp(
      'POST',
      '/v1/payments',
      kakaoPayment('kp-1', {
        SkinID: 7,
        CustomParameters: { cart: 'c-9' },
        Description: 'Coffee',
        Customer: { Email: 'a@b.kr', Phone: '01012345678' },
      }),
    );
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    const p = res.json.Payment;
    assert.equal(typeof p.ID, 'number');
    assert.match(p.Created, /^\d{14}$/);
    assert.equal(p.MerchantTransactionID, 'kp-1');
    assert.equal(p.Amount, '100');
    assert.equal(p.Currency, 'KRW');
    assert.equal(p.CapturedAmount, null);
    assert.equal(p.MethodID, 1135);
    assert.equal(p.SiteID, 30201);
    assert.equal(p.SkinID, 7);
    assert.deepEqual(p.CustomParameters, { cart: 'c-9' });
    assert.equal(p.Description, 'Coffee');
    assert.equal(p.TokenLifetime, 10);
    assert.equal(p.Customer.Email, 'a@b.kr');
    assert.equal(p.Customer.ID, p.ID);
    assert.deepEqual(p.Articles, [
      {
        MerchantArticleID: null,
        Name: 'TEST',
        Quantity: 1,
        Price: null,
        VAT: null,
        Discount: null,
        Type: null,
        TaxType: null,
        DiscountValue: null,
      },
    ]);
    assert.deepEqual(p.Status, { ID: 1, Info: 'Open', Reasons: null });
    assert.match(p.RedirectURL, /^http:\/\/wg\.test\/pay\/[A-Za-z0-9_-]+$/);
    assert.match(p.MethodTransactionID, /^T\d+$/);
    const start = h.wallet.calls.findLast((c) => c.name === 'startPayment')?.input as {
      amount: number;
      currency: string;
      itemName: string;
    };
    assert.deepEqual([start.amount, start.currency, start.itemName], [100, 'KRW', 'Coffee']);

    const got = await h.gp('GET', `/v1/payments/${p.ID}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.json.Payment, p);
  });

  it('tolerates lower-cased keys (PHP SDK), an integer Amount, the second seed key, and ignores unknown fields', async () => {
    const body = {
      payment: {
        merchanttransactionid: 'kp-lower',
        amount: 2500,
        currency: 'KRW',
        methodid: 1135,
        returnurl: 'https://shop.test/back',
        billingaddress: { country: 'KR' },
        Whatever: { x: 1 },
      },
    };
    const res = await h.gp('POST', '/v1/payments', body, { auth: SEED_AUTH_2 });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.Payment.Amount, '2500');
    assert.equal(res.json.Payment.BillingAddress.Country, 'KR');
    assert.equal(res.json.Payment.SiteID, 30201);
    assert.equal(Object.hasOwn(res.json.Payment, 'Whatever'), false);
  });

  it('shows the customer outcome: approve → 2 Success with CapturedAmount; cancel → 3 Cancelled', async () => {
    const a = (await h.gp('POST', '/v1/payments', kakaoPayment('kp-approve'))).json.Payment;
    await h.customerReturns('payment', a.ID, 'approve');
    const approved = (await h.gp('GET', `/v1/payments/${a.ID}`)).json.Payment;
    assert.deepEqual(approved.Status, { ID: 2, Info: 'Success', Reasons: null });
    assert.equal(approved.CapturedAmount, '100');
    assert.equal(approved.RedirectURL, null);

    const c = (await h.gp('POST', '/v1/payments', kakaoPayment('kp-cancel'))).json.Payment;
    await h.customerReturns('payment', c.ID, 'cancel');
    assert.deepEqual((await h.gp('GET', `/v1/payments/${c.ID}`)).json.Payment.Status.ID, 3);
  });

  it('a wallet that refuses to open checkout: 201 with Status 4 Failed and the reason (code 121, wallet code)', async () => {
    h.wallet.failNext.set('startPayment', declined('Invalid amount', '-780'));
    const res = await h.gp('POST', '/v1/payments', kakaoPayment('kp-declined'));
    assert.equal(res.status, 201);
    assert.equal(res.json.Payment.Status.ID, 4);
    assert.equal(res.json.Payment.Status.Info, 'Failed');
    assert.deepEqual(res.json.Payment.Status.Reasons, [
      { Code: '121', Info: 'Unable to authorize transaction - Invalid amount (wallet code -780)' },
    ]);
    assert.equal(res.json.Payment.RedirectURL, null);
  });

  it('refuses a duplicate MerchantTransactionID with code 20 and stores nothing', async () => {
    await h.gp('POST', '/v1/payments', kakaoPayment('kp-dup'));
    const before = await h.counts();
    const res = await h.gp('POST', '/v1/payments', kakaoPayment('kp-dup'));
    assertGpError(res, 400, 'Payment', '20', /^MerchantTransactionID is duplicated/);
    assert.equal(res.json.Payment.MerchantTransactionID, 'kp-dup');
    assert.deepEqual(await h.counts(), before);
  });

  const bad: [string, unknown, number, string, RegExp?][] = [
    ['malformed JSON', '{"Payment": {', 400, '2', /^Validation failed - body \(not valid JSON\)$/],
    ['a JSON array', '[1,2]', 400, '2', /body must be a JSON object/],
    ['an empty body', '', 400, '2'],
    ['no Payment root', { Refund: {} }, 400, '1', /^Missing parameter - Payment$/],
    ['Payment not an object', { Payment: 'x' }, 400, '2'],
    [
      'missing MerchantTransactionID',
      kakaoPayment('x', { MerchantTransactionID: undefined }),
      400,
      '1',
      /^Missing parameter - MerchantTransactionID$/,
    ],
    ['MerchantTransactionID with a space', kakaoPayment('has space'), 400, '2', /MerchantTransactionID/],
    ['MerchantTransactionID an object', kakaoPayment('x', { MerchantTransactionID: { a: 1 } }), 400, '2'],
    ['MerchantTransactionID too long', kakaoPayment('x'.repeat(51)), 400, '2'],
    ['missing Amount', kakaoPayment('x', { Amount: undefined }), 400, '1', /^Missing parameter - Amount$/],
    ['negative Amount', kakaoPayment('x', { Amount: -100 }), 400, '118', /^Amount invalid - Amount \(/],
    ['negative Amount string', kakaoPayment('x', { Amount: '-100' }), 400, '118'],
    ['zero Amount', kakaoPayment('x', { Amount: 0 }), 400, '118'],
    ['fractional Amount', kakaoPayment('x', { Amount: 1.5 }), 400, '118'],
    ['fractional Amount string', kakaoPayment('x', { Amount: '10.50' }), 400, '118'],
    ['huge Amount', kakaoPayment('x', { Amount: 1e15 }), 400, '118'],
    ['huge Amount string', kakaoPayment('x', { Amount: '99999999999999999999' }), 400, '118'],
    ['non-numeric Amount', kakaoPayment('x', { Amount: 'abc' }), 400, '118'],
    ['boolean Amount', kakaoPayment('x', { Amount: true }), 400, '118'],
    ['empty Amount', kakaoPayment('x', { Amount: '' }), 400, '118'],
    [
      'Amount above the KakaoPay limit',
      kakaoPayment('x', { Amount: 100_000_001 }),
      400,
      '118',
      /KakaoPay takes amounts between 1 and 100000000/,
    ],
    ['lower-case Currency', kakaoPayment('x', { Currency: 'krw' }), 400, '2', /^Validation failed - Currency \(RegEx: \^\[A-Z\]\{3\}\$\)$/],
    ['numeric Currency', kakaoPayment('x', { Currency: 410 }), 400, '2'],
    ['missing Currency', kakaoPayment('x', { Currency: undefined }), 400, '1'],
    [
      'a currency KakaoPay does not take',
      kakaoPayment('x', { Currency: 'USD' }),
      400,
      '100',
      /^Currency is invalid - KakaoPay does not take USD; it takes KRW\.$/,
    ],
    ['an unknown currency', kakaoPayment('x', { Currency: 'XYZ' }), 400, '100'],
    [
      'unknown MethodID',
      kakaoPayment('x', { MethodID: 9999 }),
      400,
      '5',
      /^Method is invalid - MethodID \(9999 is not a method walletgate knows; it knows 1135 KakaoPay, 1134 GCash, .*24 Alipay.*, 1 Bank Transfer, 69 Credit Card, 1045 Cards Russia\)$/,
    ],
    ['MethodID not a number', kakaoPayment('x', { MethodID: 'kakao' }), 400, '2'],
    ['MethodID of a wallet not configured here', kakaoPayment('x', { MethodID: 1134 }), 400, '9', /gcash is not available/],
    [
      'SkipHPP=1 without MethodID',
      kakaoPayment('x', { MethodID: undefined, SkipHPP: 1, Customer: { Email: 'a@b.example' } }),
      400,
      '1',
      /^Missing parameter - MethodID/,
    ],
    ['SkipHPP=1 without Customer.Email', kakaoPayment('x', { SkipHPP: 1 }), 400, '101', /^Customer email is missing - Customer\.Email$/],
    ['SkipHPP neither 0 nor 1', kakaoPayment('x', { SkipHPP: 2 }), 400, '2', /^Validation failed - SkipHPP \(0 or 1\)$/],
    [
      'an unknown id in IncludeMethodIDs',
      kakaoPayment('x', { MethodID: undefined, IncludeMethodIDs: [1135, 9999] }),
      400,
      '5',
      /IncludeMethodIDs\[1\]/,
    ],
    ['IncludeMethodIDs not a list', kakaoPayment('x', { MethodID: undefined, IncludeMethodIDs: 1135 }), 400, '2', /IncludeMethodIDs/],
    [
      'a text in ExcludeMethodIDs',
      kakaoPayment('x', { MethodID: undefined, ExcludeMethodIDs: ['kakao'] }),
      400,
      '2',
      /ExcludeMethodIDs\[0\]/,
    ],
    [
      'an unknown id in PrioritizeMethodIDs',
      kakaoPayment('x', { MethodID: undefined, PrioritizeMethodIDs: [0] }),
      400,
      '2',
      /PrioritizeMethodIDs\[0\]/,
    ],
    [
      'a MethodID outside IncludeMethodIDs',
      kakaoPayment('x', { IncludeMethodIDs: [24] }),
      400,
      '2',
      /^Validation failed - MethodID \(1135 is not in IncludeMethodIDs\)$/,
    ],
    ['a MethodID in ExcludeMethodIDs', kakaoPayment('x', { ExcludeMethodIDs: [1135] }), 400, '2', /1135 is in ExcludeMethodIDs/],
    ['no MethodID and no method on offer', kakaoPayment('x', { MethodID: undefined, ExcludeMethodIDs: [1135] }), 400, '9'],
    ['missing ReturnURL', kakaoPayment('x', { ReturnURL: undefined }), 400, '1', /ReturnURL/],
    ['ReturnURL not a URL', kakaoPayment('x', { ReturnURL: 'redirect.php' }), 400, '2', /ReturnURL/],
    ['ReturnURL not http', kakaoPayment('x', { ReturnURL: 'javascript:alert(1)' }), 400, '2'],
    [
      'BillingAddress.Country lower-case',
      kakaoPayment('x', { BillingAddress: { Country: 'kr' } }),
      400,
      '147',
      /^Address details are invalid \(BillingAddress\)Country - RegEx: \^\[A-Z\]\{2\}\$;$/,
    ],
    ['BillingAddress.Country alpha-3', kakaoPayment('x', { BillingAddress: { Country: 'KOR' } }), 400, '147'],
    ['BillingAddress not an object', kakaoPayment('x', { BillingAddress: 'KR' }), 400, '2'],
    [
      'a country KakaoPay is not offered in',
      kakaoPayment('x', { BillingAddress: { Country: 'US' } }),
      400,
      '19',
      /KakaoPay is not offered in US/,
    ],
    ['TokenLifetime zero', kakaoPayment('x', { TokenLifetime: 0 }), 400, '2', /TokenLifetime/],
    ['TokenLifetime text', kakaoPayment('x', { TokenLifetime: 'ten' }), 400, '2'],
    ['an invalid Customer.Email', kakaoPayment('x', { Customer: { Email: 'nope' } }), 400, '102', /Customer\.Email/],
    ['Articles not a list', kakaoPayment('x', { Articles: 'TEST' }), 400, '2'],
    [
      'an article with a negative Quantity',
      kakaoPayment('x', { Articles: [{ Name: 'A', Quantity: -1 }] }),
      400,
      '2',
      /Articles\[0\]\.Quantity/,
    ],
    ['a Description of 300 characters', kakaoPayment('x', { Description: 'd'.repeat(300) }), 400, '2', /Description/],
  ];
  for (const [what, body, http, code, info] of bad) {
    it(`refuses ${what} with code ${code} and stores nothing`, async () => {
      const before = await h.counts();
      const calls = h.wallet.calls.length;
      const res = await h.gp('POST', '/v1/payments', body);
      assertGpError(res, http, 'Payment', code, info);
      assert.deepEqual(await h.counts(), before);
      assert.equal(h.wallet.calls.length, calls, 'the wallet was called');
    });
  }

  it('echoes the request fields in an error body, and never a huge one', async () => {
    const res = await h.gp('POST', '/v1/payments', kakaoPayment('kp-echo', { Amount: 'abc', Description: 'x'.repeat(300) }));
    assertGpError(res, 400, 'Payment', '118');
    assert.equal(res.json.Payment.MerchantTransactionID, 'kp-echo');
    assert.equal(res.json.Payment.Amount, 'abc');
    assert.equal(res.json.Payment.Description, null);
  });
});

describe('GlobalPay GET /v1/payments (list)', () => {
  let h: Harness;
  const ids: Record<string, number> = {};
  before(async () => {
    h = await startHarness();
    for (const [ref, amount] of [
      ['list-a', 300],
      ['list-b', 100],
      ['list-c', 200],
    ] as const) {
      ids[ref] = (await h.gp('POST', '/v1/payments', kakaoPayment(ref, { Amount: amount }))).json.Payment.ID;
    }
    await h.customerReturns('payment', ids['list-b']!);
  });
  after(async () => h.close());

  const refs = (res: { json: { Payments: { MerchantTransactionID: string }[] } }) => res.json.Payments.map((p) => p.MerchantTransactionID);

  it('lists every payment of the merchant', async () => {
    const res = await h.gp('GET', '/v1/payments');
    assert.equal(res.status, 200);
    assert.deepEqual(refs(res).sort(), ['list-a', 'list-b', 'list-c']);
  });

  it('filters by merchantTransactionID, statusID, currency, amounts and typeID; names are case-insensitive', async () => {
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?merchantTransactionID=list-c')), ['list-c']);
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?MERCHANTTRANSACTIONID=list-c')), ['list-c']);
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?statusID=2')), ['list-b']);
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?statusid=1&sortBy=amount&sortDirection=asc')), ['list-c', 'list-a']);
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?minimumAmount=150&maximumAmount=250')), ['list-c']);
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?currency=EUR')), []);
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?typeID=2')), []);
    assert.equal(refs(await h.gp('GET', '/v1/payments?typeID=1')).length, 3);
    assert.equal(refs(await h.gp('GET', '/v1/payments?methodID=1135&country=KR')).length, 3);
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?methodID=1134')), []);
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?statusID=6')), []);
  });

  it('pages and sorts', async () => {
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?sortBy=amount&sortDirection=desc&pageSize=2&pageIndex=1')), ['list-a', 'list-c']);
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?sortBy=amount&sortDirection=desc&pageSize=2&pageIndex=2')), ['list-b']);
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?sortby=MerchantTransactionID&sortdirection=DESC')), [
      'list-c',
      'list-b',
      'list-a',
    ]);
  });

  it('filters by startDate / endDate (yyyyMMddHHmmss UTC)', async () => {
    assert.equal(refs(await h.gp('GET', '/v1/payments?startDate=20000101000000&endDate=29991231235959')).length, 3);
    assert.deepEqual(refs(await h.gp('GET', '/v1/payments?endDate=20000101000000')), []);
  });

  it('never lists another merchant’s payments', async () => {
    const { OTHER_AUTH } = await import('./harness.js');
    const res = await h.gp('GET', '/v1/payments', undefined, { auth: OTHER_AUTH });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { Payments: [] });
  });

  for (const [query, code] of [
    ['sortBy=price', '2'],
    ['sortDirection=up', '2'],
    ['startDate=2020-01-01', '2'],
    ['endDate=20201340000000', '2'],
    ['pageSize=0', '2'],
    ['pageSize=abc', '2'],
    ['pageIndex=-1', '2'],
    ['minimumAmount=-5', '2'],
    ['statusID=open', '2'],
    ['typeID=3', '2'],
    ['methodID=9999', '5'],
    ['currency=krw', '2'],
    ['country=KOR', '2'],
    ['pageSize=1&PageSize=2', '2'],
  ] as const) {
    it(`refuses ?${query} with code ${code}`, async () => {
      assertGpError(await h.gp('GET', `/v1/payments?${query}`), 400, 'Payment', code);
    });
  }
});
