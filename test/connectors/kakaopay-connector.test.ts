import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorError } from '../../src/core/ports/connector.js';
import type { Connector, StartPaymentInput } from '../../src/core/ports/connector.js';
import { createKakaoPayConnector } from '../../src/connectors/kakaopay/kakaopay-connector.js';
import { STATUS_TO_STATE, mapStatus, parseKst } from '../../src/connectors/kakaopay/mapping.js';
import { driveCustomer } from '../../src/sandbox/customer-driver.js';
import { CID, SECRET, SUB_CID, pgTokenOf, startHarness } from '../sandbox/kakaopay-harness.js';
import type { Harness } from '../sandbox/kakaopay-harness.js';

let h: Harness;
let kakao: Connector;
before(async () => {
  h = await startHarness({ slowMs: 2000 });
  kakao = createKakaoPayConnector({ baseUrl: h.base, secretKey: SECRET, cids: { oneTime: CID, subscription: SUB_CID } });
});
after(async () => h.close());

let n = 0;
/** What the connector stores for a one-time / subscription payment, for calls that need no partner ids. */
const ONE_TIME = { cid: 'one_time' } as const;
const SUBSCRIPTION = { cid: 'subscription' } as const;

function paymentInput(overrides: Partial<StartPaymentInput> = {}): StartPaymentInput {
  n += 1;
  return {
    method: 'kakaopay',
    orderId: `pay_${n}`,
    customerRef: 'cust_1',
    itemName: 'Wireless earbuds',
    amount: 10000,
    currency: 'KRW',
    recurring: false,
    returnUrls: {
      approve: `http://gateway.example/pay/t${n}/return`,
      cancel: `http://gateway.example/pay/t${n}/cancel`,
      fail: `http://gateway.example/pay/t${n}/fail`,
    },
    ...overrides,
  };
}

/** Start a payment and let the sandbox customer approve it; returns what approve needs. */
async function startAndApproveByCustomer(overrides: Partial<StartPaymentInput> = {}) {
  const input = paymentInput(overrides);
  const started = await kakao.startPayment(input);
  const { finalUrl } = await driveCustomer({ url: started.mobileUrl, action: 'approve' });
  const returned = new URL(finalUrl);
  assert.equal(`${returned.origin}${returned.pathname}`, input.returnUrls.approve);
  const pgToken = returned.searchParams.get('pg_token');
  assert.ok(pgToken);
  return { input, started, returnParams: { pg_token: pgToken } };
}

async function rejects(
  p: Promise<unknown>,
  kind: ConnectorError['kind'],
  providerCode?: string,
  message?: RegExp,
): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ConnectorError, `expected a ConnectorError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    if (providerCode !== undefined) assert.equal(e.providerCode, providerCode);
    if (message) assert.match(e.message, message);
    return e;
  }
  assert.fail('expected a rejection');
}

describe('one-time payment', () => {
  it('ready → customer → approve → order → partial refunds ×2 → full refund', async () => {
    const { input, started, returnParams } = await startAndApproveByCustomer();
    assert.match(started.ref, /^T[0-9A-Za-z]{19}$/);
    assert.equal(started.desktopUrl, `${h.base}/pg/${started.ref}/info`);
    assert.equal(started.appUrl, `${h.base}/pg/${started.ref}/aInfo`);
    assert.deepEqual(started.wallet, { cid: 'one_time', partnerOrderId: input.orderId, partnerUserId: input.customerRef });
    assert.equal((await kakao.lookupPayment(started.ref, ONE_TIME)).state, 'awaiting_approval');

    const done = await kakao.completePayment({
      ref: started.ref,
      wallet: started.wallet,
      returnParams,
      amount: 10000,
    });
    assert.match(done.approvalRef, /^A/);
    assert.equal(done.agreementToken, null);
    assert.equal(done.amount, 10000);
    assert.equal(done.instrument, 'MONEY');
    assert.equal(done.approvedAt.toISOString(), h.clock.now.toISOString(), 'KST timestamps are read as +09:00');

    const paid = await kakao.lookupPayment(started.ref, ONE_TIME);
    assert.deepEqual(
      { ...paid, actions: paid.actions.map((a) => a.kind) },
      {
        state: 'succeeded',
        agreementToken: null,
        rawStatus: 'SUCCESS_PAYMENT',
        amount: 10000,
        refundedAmount: 0,
        refundableAmount: 10000,
        actions: ['payment'],
      },
    );

    const r1 = await kakao.refund({ ref: started.ref, amount: 3000, currency: 'KRW', refundableAmount: 10000, refundId: 'rf_1' }, ONE_TIME);
    assert.deepEqual(
      { refundedTotal: r1.refundedTotal, refundableAmount: r1.refundableAmount },
      { refundedTotal: 3000, refundableAmount: 7000 },
    );
    const r2 = await kakao.refund({ ref: started.ref, amount: 2000, currency: 'KRW', refundableAmount: 7000, refundId: 'rf_2' }, ONE_TIME);
    assert.equal(r2.refundableAmount, 5000);
    const partly = await kakao.lookupPayment(started.ref, ONE_TIME);
    assert.equal(partly.state, 'partially_refunded');
    assert.equal(partly.refundedAmount, 5000);

    const r3 = await kakao.refund({ ref: started.ref, amount: 5000, currency: 'KRW', refundableAmount: 5000, refundId: 'rf_3' }, ONE_TIME);
    assert.equal(r3.refundableAmount, 0);
    assert.notEqual(r3.refundRef, r1.refundRef);
    const refunded = await kakao.lookupPayment(started.ref, ONE_TIME);
    assert.equal(refunded.state, 'refunded');
    assert.deepEqual(
      refunded.actions.map((a) => [a.kind, a.amount, a.payload]),
      [
        ['payment', 10000, null],
        ['refund', 3000, 'rf_1'],
        ['refund', 2000, 'rf_2'],
        ['refund', 5000, 'rf_3'],
      ],
    );
    assert.equal(refunded.actions[1]?.ref, r1.refundRef);
    assert.ok(refunded.actions.every((a) => a.at instanceof Date));
  });

  it('refuses a refund whose refundable amount is stale: declined -710', async () => {
    const { started, returnParams } = await startAndApproveByCustomer({ amount: 5000 });
    await kakao.completePayment({
      ref: started.ref,
      wallet: started.wallet,
      returnParams,
      amount: 5000,
    });
    await rejects(
      kakao.refund({ ref: started.ref, amount: 1000, currency: 'KRW', refundableAmount: 4000, refundId: 'rf_x' }, ONE_TIME),
      'declined',
      '-710',
    );
    await rejects(
      kakao.refund({ ref: started.ref, amount: 6000, currency: 'KRW', refundableAmount: 5000, refundId: 'rf_y' }, ONE_TIME),
      'declined',
      '-710',
    );
  });

  it('maps a customer who walked away to abandoned', async () => {
    const started = await kakao.startPayment(paymentInput());
    await driveCustomer({ url: started.mobileUrl, action: 'abandon' });
    const found = await kakao.lookupPayment(started.ref, ONE_TIME);
    assert.equal(found.state, 'abandoned');
    assert.equal(found.rawStatus, 'QUIT_PAYMENT');
  });
});

describe('recurring', () => {
  it('registers a SID for 0 won, charges it, reports and revokes it', async () => {
    const { input, started, returnParams } = await startAndApproveByCustomer({ amount: 0, recurring: true, itemName: 'Monthly plan' });
    const done = await kakao.completePayment({
      ref: started.ref,
      wallet: started.wallet,
      returnParams,
      amount: 0,
    });
    assert.match(done.agreementToken ?? '', /^S[0-9A-Za-z]{19}$/);
    const sid = done.agreementToken ?? '';
    const reg = await kakao.lookupPayment(started.ref, SUBSCRIPTION);
    assert.equal(reg.state, 'agreement_issued');
    assert.equal(reg.agreementToken, sid, 'order names the SID too (the sweeper stores agreements from it)');
    assert.deepEqual(
      reg.actions.map((a) => a.kind),
      ['agreement'],
    );

    assert.deepEqual(await kakao.agreementStatus(sid), { active: true, rawStatus: 'ACTIVE' });
    const charge = await kakao.chargeAgreement({
      method: 'kakaopay',
      agreementToken: sid,
      agreementWallet: started.wallet,
      orderId: 'rec_1',
      customerRef: input.customerRef,
      itemName: 'Monthly plan — April',
      amount: 9900,
      currency: 'KRW',
    });
    assert.equal(charge.amount, 9900);
    assert.match(charge.ref, /^T/);
    assert.match(charge.approvalRef, /^A/);
    assert.deepEqual(charge.wallet, { cid: 'subscription', partnerOrderId: 'rec_1', partnerUserId: input.customerRef });
    assert.equal((await kakao.lookupPayment(charge.ref, SUBSCRIPTION)).state, 'succeeded');
    const back = await kakao.refund(
      { ref: charge.ref, amount: 9900, currency: 'KRW', refundableAmount: 9900, refundId: 'rf_rec' },
      SUBSCRIPTION,
    );
    assert.equal(back.refundableAmount, 0);

    await rejects(
      kakao.chargeAgreement({
        method: 'kakaopay',
        agreementToken: sid,
        agreementWallet: SUBSCRIPTION,
        orderId: 'rec_2',
        customerRef: 'someone-else',
        itemName: 'x',
        amount: 100,
        currency: 'KRW',
      }),
      'invalid',
      '-753',
    );
    await kakao.revokeAgreement(sid);
    assert.deepEqual(await kakao.agreementStatus(sid), { active: false, rawStatus: 'INACTIVE' });
    const gone = await rejects(
      kakao.chargeAgreement({
        method: 'kakaopay',
        agreementToken: sid,
        agreementWallet: started.wallet,
        orderId: 'rec_3',
        customerRef: input.customerRef,
        itemName: 'x',
        amount: 100,
        currency: 'KRW',
      }),
      'declined',
      '-751',
    );
    assert.equal(gone.outcome, 'agreement_gone');
  });
});

describe('error mapping', () => {
  it('unknown on HTTP 500 ([error]) with the provider code', async () => {
    const { started, returnParams } = await startAndApproveByCustomer({ itemName: 'Lamp [error]' });
    const e = await rejects(
      kakao.completePayment({
        ref: started.ref,
        wallet: started.wallet,
        returnParams,
        amount: 10000,
      }),
      'unknown',
      '-1',
    );
    assert.equal(e.httpStatus, 500);
  });

  it('unknown on a timeout ([slow] with a short timeoutMs)', async () => {
    const impatient = createKakaoPayConnector({
      baseUrl: h.base,
      secretKey: SECRET,
      cids: { oneTime: CID, subscription: SUB_CID },
      timeoutMs: 50,
    });
    const started = await impatient.startPayment(paymentInput({ itemName: 'Lamp [slow]' }));
    const pgToken = pgTokenOf(await h.authenticate(started.ref));
    const t0 = performance.now();
    await rejects(
      impatient.completePayment({
        ref: started.ref,
        wallet: started.wallet,
        returnParams: { pg_token: pgToken },
        amount: paymentInput().amount,
      }),
      'unknown',
      undefined,
      /timed out after 50 ms/,
    );
    assert.ok(performance.now() - t0 < 1500, 'gave up long before the sandbox answered');
  });

  it('unknown on a network error and on an unparseable answer', async () => {
    const closed = createKakaoPayConnector({
      baseUrl: 'http://127.0.0.1:1',
      secretKey: SECRET,
      cids: { oneTime: CID, subscription: SUB_CID },
    });
    await rejects(closed.lookupPayment('T0000000000000000000', ONE_TIME), 'unknown');
    const garbage = createKakaoPayConnector({
      baseUrl: h.base,
      secretKey: SECRET,
      cids: { oneTime: CID, subscription: SUB_CID },
      fetch: async () => new Response('<html>gateway</html>', { status: 200 }),
    });
    await rejects(garbage.lookupPayment('T0000000000000000000', ONE_TIME), 'unknown', undefined, /unparseable/);
    const badGateway = createKakaoPayConnector({
      baseUrl: h.base,
      secretKey: SECRET,
      cids: { oneTime: CID, subscription: SUB_CID },
      fetch: async () => new Response('', { status: 502 }),
    });
    assert.equal((await rejects(badGateway.lookupPayment('T0000000000000000000', ONE_TIME), 'unknown')).httpStatus, 502);
  });

  it('declined on a card decline ([decline] → -780)', async () => {
    const { started, returnParams } = await startAndApproveByCustomer({ itemName: 'Lamp [decline]' });
    const e = await rejects(
      kakao.completePayment({
        ref: started.ref,
        wallet: started.wallet,
        returnParams,
        amount: 10000,
      }),
      'declined',
      '-780',
    );
    assert.match(e.message, /CARD_DECLINED/);
    assert.equal((await kakao.lookupPayment(started.ref, ONE_TIME)).state, 'failed');
  });

  it('invalid on an unknown tid, a bad pg_token, a wrong key', async () => {
    await rejects(kakao.lookupPayment('T0000000000000000000', ONE_TIME), 'invalid', '-721');
    const { started } = await startAndApproveByCustomer();
    await rejects(
      kakao.completePayment({
        ref: started.ref,
        wallet: started.wallet,
        returnParams: { pg_token: 'nope' },
        amount: 10000,
      }),
      'invalid',
      '-708',
    );
    const wrongKey = createKakaoPayConnector({ baseUrl: h.base, secretKey: 'DEVWRONG', cids: { oneTime: CID, subscription: SUB_CID } });
    const e = await rejects(wrongKey.startPayment(paymentInput()), 'invalid', '-401');
    assert.equal(e.httpStatus, 401);
  });

  it('invalid without calling KakaoPay for 0 won one-time, non-KRW, or a missing pg_token', async () => {
    let calls = 0;
    const counting = createKakaoPayConnector({
      baseUrl: h.base,
      secretKey: SECRET,
      cids: { oneTime: CID, subscription: SUB_CID },
      fetch: async (...args) => {
        calls += 1;
        return fetch(...args);
      },
    });
    await rejects(counting.startPayment(paymentInput({ amount: 0 })), 'invalid');
    await rejects(counting.startPayment(paymentInput({ currency: 'USD' })), 'invalid');
    await rejects(
      counting.completePayment({
        ref: 'T1',
        wallet: { ...ONE_TIME, partnerOrderId: 'o', partnerUserId: 'u' },
        returnParams: {},
        amount: 1,
      }),
      'invalid',
    );
    assert.equal(calls, 0);
  });
});

describe('mapping', () => {
  it('reads KST timestamps as +09:00', () => {
    assert.equal(parseKst('2016-11-15T21:18:22').toISOString(), '2016-11-15T12:18:22.000Z');
  });

  it('maps every documented status and refuses an unknown one', () => {
    assert.equal(Object.keys(STATUS_TO_STATE).length, 13);
    assert.equal(mapStatus('AUTH_PASSWORD'), 'awaiting_approval');
    assert.equal(mapStatus('FAIL_AUTH_PASSWORD'), 'failed');
    assert.throws(
      () => mapStatus('SOMETHING_NEW'),
      (e: unknown) => e instanceof ConnectorError && e.kind === 'unknown',
    );
  });
});
