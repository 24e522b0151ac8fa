/** /v1/preapprovals and /v1/payments/recurrent: happy paths, closing, and bad input. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertGpError, kakaoPreapproval, OTHER_AUTH, startHarness, type Harness } from './harness.js';
import { declined } from './fake-connector.js';
import { ConnectorError } from '../../../src/core/ports/connector.js';

function recurrent(preapprovalId: unknown, reference: string, over: Record<string, unknown> = {}) {
  return {
    Payment: {
      PreapprovalID: preapprovalId,
      MerchantTransactionID: reference,
      Amount: 100,
      Currency: 'KRW',
      MethodID: 1135,
      Description: 'recurring payment',
      BillingAddress: { Country: 'KR' },
      ...over,
    },
  };
}

describe('GlobalPay /v1/preapprovals', () => {
  let h: Harness;
  let active: number;
  let pending: number;
  before(async () => {
    h = await startHarness();
    active = (await h.gp('POST', '/v1/preapprovals', kakaoPreapproval('pre-active'))).json.Preapproval.ID;
    await h.customerReturns('preapproval', active);
    pending = (
      await h.gp('POST', '/v1/preapprovals', kakaoPreapproval('pre-pending', { PreapprovedMaximumAmount: 5000, RecurringPeriod: 30 }))
    ).json.Preapproval.ID;
  });
  after(async () => h.close());

  it('gets a preapproval: active → Status 2 Open without RedirectURL', async () => {
    const res = await h.gp('GET', `/v1/preapprovals/${active}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.Preapproval.Status, { ID: 2, Info: 'Open', Reasons: null });
    assert.equal(res.json.Preapproval.RedirectURL, null);
    const p = (await h.gp('GET', `/v1/preapprovals/${pending}`)).json.Preapproval;
    assert.equal(p.PreapprovedMaximumAmount, 5000);
    assert.equal(p.RecurringPeriod, 30);
    assert.match(p.RedirectURL, /^http:\/\/wg\.test\/pay\//);
  });

  it('lists preapprovals, filtered by statusID and merchantPreapprovalID', async () => {
    const all = await h.gp('GET', '/v1/preapprovals');
    assert.equal(all.status, 200);
    assert.deepEqual(all.json.Preapprovals.map((p: { ID: number }) => p.ID).sort(), [active, pending].sort());
    assert.deepEqual(
      (await h.gp('GET', '/v1/preapprovals?statusID=2')).json.Preapprovals.map((p: { ID: number }) => p.ID),
      [active],
    );
    assert.deepEqual(
      (await h.gp('GET', '/v1/preapprovals?MerchantPreapprovalID=pre-pending')).json.Preapprovals.map((p: { ID: number }) => p.ID),
      [pending],
    );
    assert.deepEqual((await h.gp('GET', '/v1/preapprovals', undefined, { auth: OTHER_AUTH })).json, { Preapprovals: [] });
    assertGpError(await h.gp('GET', '/v1/preapprovals?statusID=x'), 400, 'Preapproval', '2');
  });

  it('charges an active preapproval and lists its payments', async () => {
    const res = await h.gp('POST', '/v1/payments/recurrent', recurrent(String(active), 'rec-1', { Amount: '700' }));
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.Payment.PreapprovalID, active);
    assert.equal(res.json.Payment.Amount, '700');
    assert.equal(res.json.Payment.Status.ID, 2);
    const list = await h.gp('GET', `/v1/preapprovals/${active}/payments`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.json.Payments.map((p: { MerchantTransactionID: string }) => p.MerchantTransactionID),
      ['rec-1'],
    );
    assert.deepEqual((await h.gp('GET', '/v1/payments?typeID=2')).json.Payments.length, 1);
  });

  it('a charge the wallet declines: 201, Status 4 Failed with the reason', async () => {
    h.wallet.failNext.set('chargeAgreement', declined());
    const res = await h.gp('POST', '/v1/payments/recurrent', recurrent(active, 'rec-declined'));
    assert.equal(res.status, 201);
    assert.equal(res.json.Payment.Status.ID, 4);
    assert.deepEqual(res.json.Payment.Status.Reasons, [
      { Code: '121', Info: 'Unable to authorize transaction - The customer has insufficient balance (wallet code -782)' },
    ]);
  });

  it('a charge refused because the customer ended the agreement in the wallet: the payment fails and the preapproval closes (4 ClosedByCustomer), so the next charge is refused without a wallet call', async () => {
    const own = (await h.gp('POST', '/v1/preapprovals', kakaoPreapproval('pre-gone'))).json.Preapproval.ID;
    await h.customerReturns('preapproval', own);
    h.wallet.failNext.set(
      'chargeAgreement',
      new ConnectorError('declined', 'The agreement is inactive', { providerCode: '-750', outcome: 'agreement_gone' }),
    );
    const res = await h.gp('POST', '/v1/payments/recurrent', recurrent(own, 'rec-gone'));
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.Payment.Status.ID, 4);
    const closed = (await h.gp('GET', `/v1/preapprovals/${own}`)).json.Preapproval;
    assert.equal(closed.Status.ID, 4, JSON.stringify(closed.Status));
    const calls = h.wallet.calls.length;
    assertGpError(await h.gp('POST', '/v1/payments/recurrent', recurrent(own, 'rec-after')), 400, 'Payment', '12');
    assert.equal(h.wallet.calls.length, calls);
  });

  const badRecurrent: [string, () => unknown, number, string, RegExp?][] = [
    ['a pending preapproval', () => recurrent(pending, 'r-x'), 400, '12', /is pending; only an open preapproval can be charged/],
    ['an unknown PreapprovalID', () => recurrent(999999, 'r-x'), 404, '12', /Preapproval 999999 was not found/],
    ['a missing PreapprovalID', () => recurrent(undefined, 'r-x'), 400, '115', /^Preapproval ID is missing - PreapprovalID$/],
    ['a non-numeric PreapprovalID', () => recurrent('abc', 'r-x'), 400, '12'],
    [
      "a currency other than the preapproval's",
      () => recurrent(active, 'r-x', { Currency: 'USD' }),
      400,
      '100',
      /^Currency is invalid - Currency USD is not the currency of preapproval \d+: its payments are in KRW$/,
    ],
    ['a zero Amount', () => recurrent(active, 'r-x', { Amount: 0 }), 400, '118'],
    ['a fractional Amount', () => recurrent(active, 'r-x', { Amount: '1.5' }), 400, '118'],
    ['a missing Amount', () => recurrent(active, 'r-x', { Amount: undefined }), 400, '1'],
    ['a missing MerchantTransactionID', () => recurrent(active, undefined as unknown as string), 400, '1'],
    ['an already used MerchantTransactionID', () => recurrent(active, 'rec-1'), 400, '20'],
    ['an unknown MethodID', () => recurrent(active, 'r-x', { MethodID: 77 }), 400, '5'],
    [
      'a MethodID of another wallet than the preapproval',
      () => recurrent(active, 'r-x', { MethodID: 1145 }),
      400,
      '111',
      /^Method ID is invalid for preapproval - MethodID 1145 \(AlipayHK\) is not the method of preapproval \d+, which was made with 1135 \(KakaoPay\): send MethodID 1135 or leave it out$/,
    ],
    ['malformed JSON', () => '{"Payment":', 400, '2'],
  ];
  for (const [what, body, http, code, info] of badRecurrent) {
    it(`recurrent: refuses ${what} (${http}, code ${code}) and stores nothing`, async () => {
      const before = await h.counts();
      const calls = h.wallet.calls.length;
      assertGpError(await h.gp('POST', '/v1/payments/recurrent', body()), http, 'Payment', code, info);
      assert.deepEqual(await h.counts(), before);
      assert.equal(h.wallet.calls.length, calls);
    });
  }

  it('recurrent: another merchant cannot charge this preapproval (404, code 12)', async () => {
    const before = await h.counts();
    assertGpError(await h.gp('POST', '/v1/payments/recurrent', recurrent(active, 'steal'), { auth: OTHER_AUTH }), 404, 'Payment', '12');
    assert.deepEqual(await h.counts(), before);
  });

  const badCreate: [string, unknown, string, RegExp?][] = [
    [
      'a missing MerchantPreapprovalID',
      kakaoPreapproval('x', { MerchantPreapprovalID: undefined }),
      '103',
      /^Merchant preapproval ID is missing - MerchantPreapprovalID$/,
    ],
    ['an invalid MerchantPreapprovalID', kakaoPreapproval('has space'), '104'],
    ['a duplicate MerchantPreapprovalID', kakaoPreapproval('pre-active'), '109', /^Merchant preapproval ID is duplicated/],
    ['a missing Description', kakaoPreapproval('x', { Description: undefined }), '107'],
    ['a Description that is not text', kakaoPreapproval('x', { Description: 5 }), '108'],
    ['a missing ReturnURL', kakaoPreapproval('x', { ReturnURL: undefined }), '105'],
    ['an invalid ReturnURL', kakaoPreapproval('x', { ReturnURL: 'nope' }), '106'],
    ['a missing MethodID', kakaoPreapproval('x', { MethodID: undefined }), '1', /^Missing parameter - MethodID$/],
    ['an unknown MethodID', kakaoPreapproval('x', { MethodID: 4242 }), '5'],
    ['a missing Customer', kakaoPreapproval('x', { Customer: undefined }), '101', /^Customer email is missing - Customer\.Email$/],
    ['a Customer without Email', kakaoPreapproval('x', { Customer: { FirstName: 'John' } }), '101'],
    [
      'an invalid Customer.Email',
      kakaoPreapproval('x', { Customer: { Email: 'jdoe@' } }),
      '102',
      /^Customer email is invalid - Customer\.Email/,
    ],
    [
      'a missing BillingAddress',
      kakaoPreapproval('x', { BillingAddress: undefined }),
      '1',
      /^Missing parameter - BillingAddress\.Country$/,
    ],
    ['a BillingAddress without Country', kakaoPreapproval('x', { BillingAddress: { City: 'Seoul' } }), '1'],
    ['an invalid BillingAddress.Country', kakaoPreapproval('x', { BillingAddress: { Country: 'Korea' } }), '147'],
    ['a country KakaoPay is not offered in', kakaoPreapproval('x', { BillingAddress: { Country: 'ID' } }), '19'],
    ['a currency KakaoPay does not take', kakaoPreapproval('x', { Currency: 'IDR' }), '100', /it takes KRW/],
    ['a negative PreapprovedMaximumAmount', kakaoPreapproval('x', { PreapprovedMaximumAmount: -1 }), '118'],
    ['no Preapproval root', { Payment: {} }, '1', /^Missing parameter - Preapproval$/],
    ['malformed JSON', '{"Preapproval": [', '2'],
  ];
  for (const [what, body, code, info] of badCreate) {
    it(`create: refuses ${what} with code ${code} and stores nothing`, async () => {
      const before = await h.counts();
      assertGpError(await h.gp('POST', '/v1/preapprovals', body), 400, 'Preapproval', code, info);
      assert.deepEqual(await h.counts(), before);
    });
  }

  it('another merchant sees 404 for this preapproval, its payments, and cannot close it', async () => {
    for (const [method, path] of [
      ['GET', `/v1/preapprovals/${active}`],
      ['GET', `/v1/preapprovals/${active}/payments`],
      ['DELETE', `/v1/preapprovals/${active}`],
    ] as const) {
      const res = await h.gp(method, path, undefined, { auth: OTHER_AUTH });
      assertGpError(res, 404, 'Preapproval', '12');
      assert.doesNotMatch(res.text, /pre-active/);
    }
    assert.equal((await h.gp('GET', `/v1/preapprovals/${active}`)).json.Preapproval.Status.ID, 2);
  });

  it('a wallet that refuses to revoke: 402 code 121, the preapproval stays open', async () => {
    h.wallet.failNext.set('revokeAgreement', declined('Temporary block', '-799'));
    assertGpError(await h.gp('DELETE', `/v1/preapprovals/${active}`), 402, 'Preapproval', '121', /Temporary block/);
    assert.equal((await h.gp('GET', `/v1/preapprovals/${active}`)).json.Preapproval.Status.ID, 2);
  });

  it('DELETE closes: 200 with Status.ID 4 (what the SDK checks); the wallet agreement is revoked; charging it is refused', async () => {
    const res = await h.gp('DELETE', `/v1/preapprovals/${active}`, undefined, {
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.Preapproval.Status, { ID: 4, Info: 'Closed', Reasons: null });
    assert.equal(h.wallet.calls.at(-1)?.name, 'revokeAgreement');
    assertGpError(await h.gp('DELETE', `/v1/preapprovals/${active}`), 400, 'Preapproval', '113', /already closed/);
    assertGpError(await h.gp('POST', '/v1/payments/recurrent', recurrent(active, 'after-close')), 400, 'Payment', '12');
  });

  it('not found and malformed ids: 404 code 12', async () => {
    assertGpError(await h.gp('GET', '/v1/preapprovals/123456789'), 404, 'Preapproval', '12');
    assertGpError(await h.gp('GET', '/v1/preapprovals/abc'), 404, 'Preapproval', '12');
    assertGpError(await h.gp('GET', '/v1/preapprovals/0/payments'), 404, 'Preapproval', '12');
    assertGpError(await h.gp('DELETE', '/v1/preapprovals/-1'), 404, 'Preapproval', '12');
  });
});
