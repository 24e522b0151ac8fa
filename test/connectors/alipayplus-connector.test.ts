/**
 * The Alipay+ connector against the Alipay+ sandbox over real HTTP, with real RSA signatures both
 * ways: cashier payments the sandbox customer approves, declines, cancels; refunds; U answers and
 * answers with a bad signature turned into 'unknown'; auto debit (prepare, applyToken, charge,
 * cancelToken); notifyPayment signed by the sandbox; and the sandbox's state and key surviving a
 * restart. Each on a SQLite file and on a PostgreSQL schema.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { ConnectorError } from '../../src/core/ports/connector.js';
import type { Connector, StartPaymentInput } from '../../src/core/ports/connector.js';
import { createAlipayPlusConnector } from '../../src/connectors/alipayplus/alipayplus-connector.js';
import { verifySignature } from '../../src/connectors/alipayplus/signature.js';
import { driveCustomer } from '../../src/sandbox/customer-driver.js';
import { storeKinds } from '../helpers/stores.js';
import { CLIENT_ID, rsaKeyPair, startApsHarness, stateFor } from '../sandbox/alipayplus-harness.js';
import type { ApsHarness } from '../sandbox/alipayplus-harness.js';

function connectorFor(h: ApsHarness, over: { privateKeyPem?: string; publicKeyPem?: string } = {}): Connector {
  return createAlipayPlusConnector({
    baseUrl: h.base,
    clientId: CLIENT_ID,
    privateKeyPem: over.privateKeyPem ?? h.acquirer.privateKeyPem,
    alipayPublicKeyPem: over.publicKeyPem ?? h.sandboxPublicKeyPem,
    keyVersion: '1',
    notifyUrl: h.notifyUrl,
    timeoutMs: 5000,
  });
}

/** Node's received headers as the route hands them to a connector. */
function stringHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
}

/** The wallet each test currency stands for (seed 004's six wallets each have one currency). */
const METHOD_OF: Readonly<Record<string, string>> = {
  HKD: 'alipay_hk',
  IDR: 'dana',
  PHP: 'gcash',
  THB: 'truemoney',
  MYR: 'tng',
  CNY: 'alipay_cn',
};

let n = 0;
function input(over: Partial<StartPaymentInput> = {}): StartPaymentInput {
  n += 1;
  const id = `pay_${Date.now()}_${n}`;
  return {
    method: METHOD_OF[over.currency ?? 'HKD'] ?? 'alipay_hk',
    orderId: id,
    customerRef: 'cust_1',
    itemName: 'Milk tea',
    amount: 12_345,
    currency: 'HKD',
    recurring: false,
    returnUrls: {
      approve: `http://gateway.example/pay/${id}/return`,
      cancel: `http://gateway.example/pay/${id}/cancel`,
      fail: `http://gateway.example/pay/${id}/fail`,
    },
    ...over,
  };
}

async function rejects(p: Promise<unknown>, kind: ConnectorError['kind'], providerCode?: string, outcome?: ConnectorError['outcome']) {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ConnectorError, String(e));
    assert.equal(e.kind, kind, e.message);
    if (providerCode !== undefined) assert.equal(e.providerCode, providerCode, e.message);
    if (outcome !== undefined) assert.equal(e.outcome, outcome, e.message);
    return e;
  }
  assert.fail('expected a ConnectorError');
}

for (const kind of storeKinds) {
  describe(`Alipay+ connector against the sandbox (${kind})`, () => {
    let h: ApsHarness;
    let aps: Connector;
    before(async () => {
      h = await startApsHarness(kind, { slowMs: 500 });
      aps = connectorFor(h);
    });
    after(() => h.close());

    it('pay, the customer approves, inquiry says paid; partial, full and too-large refunds; notifyPayment signed', async () => {
      const i = input();
      const started = await aps.startPayment(i);
      assert.match(started.mobileUrl, /\/sandbox\/alipayplus\/wallet\//);
      await rejects(
        aps.completePayment({ ref: started.ref, wallet: started.wallet, returnParams: {}, amount: i.amount }),
        'unknown',
        'PAYMENT_IN_PROCESS',
      );
      const drove = await driveCustomer({ url: started.mobileUrl, action: 'approve' });
      assert.equal(drove.finalUrl, i.returnUrls.approve);

      const done = await aps.completePayment({ ref: started.ref, wallet: started.wallet, returnParams: {}, amount: i.amount });
      assert.equal(done.approvalRef, started.ref);
      assert.equal(done.amount, 12_345);
      assert.equal(done.instrument, 'AlipayHK');

      const note = await h.notification(started.ref);
      assert.equal(note.path, '/acquirer/notifyPayment');
      const body = JSON.parse(note.rawBody) as {
        paymentResult: { resultStatus: string };
        paymentRequestId: string;
        paymentAmount: unknown;
      };
      assert.equal(body.paymentResult.resultStatus, 'S');
      assert.equal(body.paymentRequestId, i.orderId);
      assert.deepEqual(body.paymentAmount, { currency: 'HKD', value: '12345' });
      const signed = {
        method: 'POST',
        path: note.path,
        clientId: String(note.headers['client-id']),
        time: String(note.headers['request-time']),
        rawBody: note.rawBody,
      };
      assert.equal(signed.clientId, CLIENT_ID);
      assert.equal(verifySignature(signed, String(note.headers.signature), h.sandboxPublicKeyPem), true);
      assert.equal(verifySignature(signed, String(note.headers.signature), h.acquirer.publicKeyPem), false);
      // the connector reads the sandbox's own delivery, bytes and headers as received
      const read = await aps.parseNotification!(stringHeaders(note.headers), note.rawBody);
      assert.deepEqual(read, {
        notificationId: `${started.ref}:S`,
        orderId: i.orderId,
        verdict: { outcome: 'succeeded', amount: 12_345, approvalRef: started.ref, agreementToken: null, instrument: 'AlipayHK' },
      });
      await rejects(aps.parseNotification!(stringHeaders(note.headers), note.rawBody.replace('12345', '12346')), 'invalid');

      assert.equal((await aps.lookupPayment(started.ref, started.wallet)).state, 'succeeded');
      const part = await aps.refund({ ref: started.ref, amount: 2_345, currency: 'HKD', refundId: `${i.orderId}_r1` }, started.wallet);
      assert.deepEqual([part.refundedTotal, part.refundableAmount], [2_345, 10_000]);
      // the same refund id again: the same refund, not a second one
      const again = await aps.refund({ ref: started.ref, amount: 2_345, currency: 'HKD', refundId: `${i.orderId}_r1` }, started.wallet);
      assert.equal(again.refundRef, part.refundRef);
      assert.equal(again.refundedTotal, 2_345);
      await rejects(
        aps.refund({ ref: started.ref, amount: 10_001, currency: 'HKD', refundId: `${i.orderId}_r2` }, started.wallet),
        'declined',
        'REFUND_AMOUNT_EXCEED',
      );
      const rest = await aps.refund({ ref: started.ref, amount: 10_000, currency: 'HKD', refundId: `${i.orderId}_r3` }, started.wallet);
      assert.deepEqual([rest.refundedTotal, rest.refundableAmount], [12_345, 0]);
      const looked = await aps.lookupPayment(started.ref, started.wallet);
      assert.equal(looked.state, 'refunded');
      assert.deepEqual(
        looked.actions.map((a) => [a.kind, a.amount, a.payload]),
        [
          ['payment', 12_345, null],
          ['refund', 2_345, `${i.orderId}_r1`],
          ['refund', 10_000, `${i.orderId}_r3`],
        ],
      );
    });

    it('POST /sandbox/customer drives the Alipay+ wallet page: fail is Simulate decline', async () => {
      const i = input();
      const started = await aps.startPayment(i);
      const res = await fetch(`${h.origin}/sandbox/customer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: started.mobileUrl, action: 'fail' }),
      });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { finalUrl: string }).finalUrl, i.returnUrls.approve);
      await rejects(
        aps.completePayment({ ref: started.ref, wallet: started.wallet, returnParams: {}, amount: i.amount }),
        'declined',
        'USER_PAYMENT_VERIFICATION_FAILED',
      );
      const page = await (await fetch(started.mobileUrl)).text();
      assert.match(page, /The payment failed/);
      assert.match(page, /HKD 123\.45/);
    });

    it('[decline]: the customer approves, the wallet refuses: declined, failed, notified F', async () => {
      const i = input({ itemName: 'Milk tea [decline]' });
      const started = await aps.startPayment(i);
      await driveCustomer({ url: started.mobileUrl, action: 'approve' });
      await rejects(
        aps.completePayment({ ref: started.ref, wallet: started.wallet, returnParams: {}, amount: i.amount }),
        'declined',
        'USER_BALANCE_NOT_ENOUGH',
      );
      assert.equal((await aps.lookupPayment(started.ref, started.wallet)).state, 'failed');
      const received = await h.notification(started.ref);
      const note = JSON.parse(received.rawBody) as {
        paymentResult: { resultStatus: string; resultCode: string };
      };
      assert.deepEqual([note.paymentResult.resultStatus, note.paymentResult.resultCode], ['F', 'USER_BALANCE_NOT_ENOUGH']);
      const read = await aps.parseNotification!(stringHeaders(received.headers), received.rawBody);
      assert.equal(read.verdict.outcome, 'failed');
    });

    it('the customer cancels: declined ORDER_IS_CLOSED, abandoned; abandon leaves it closed without a redirect', async () => {
      const i = input();
      const started = await aps.startPayment(i);
      const drove = await driveCustomer({ url: started.mobileUrl, action: 'cancel' });
      assert.equal(drove.finalUrl, i.returnUrls.approve);
      await rejects(
        aps.completePayment({ ref: started.ref, wallet: started.wallet, returnParams: {}, amount: i.amount }),
        'declined',
        'ORDER_IS_CLOSED',
      );
      assert.equal((await aps.lookupPayment(started.ref, started.wallet)).state, 'abandoned');

      const j = input();
      const other = await aps.startPayment(j);
      const left = await driveCustomer({ url: other.mobileUrl, action: 'abandon' });
      assert.match(left.finalUrl, /\/sandbox\/alipayplus\/wallet\//);
      assert.equal((await aps.lookupPayment(other.ref, other.wallet)).state, 'abandoned');
    });

    it('[unknown]: a refund answered U is unknown, and inquiry shows it done', async () => {
      const i = input({ itemName: 'Milk tea [unknown]' });
      const started = await aps.startPayment(i);
      await driveCustomer({ url: started.mobileUrl, action: 'approve' });
      await aps.completePayment({ ref: started.ref, wallet: started.wallet, returnParams: {}, amount: i.amount });
      await rejects(
        aps.refund({ ref: started.ref, amount: 345, currency: 'HKD', refundId: `${i.orderId}_r1` }, started.wallet),
        'unknown',
        'UNKNOWN_EXCEPTION',
      );
      const looked = await aps.lookupPayment(started.ref, started.wallet);
      assert.deepEqual([looked.state, looked.refundedAmount], ['partially_refunded', 345]);
    });

    it('[lost] and [slow]: no answer or a late one past the timeout is unknown; the work was done', async () => {
      const i = input({ itemName: 'Milk tea [lost]' });
      const started = await aps.startPayment(i);
      await driveCustomer({ url: started.mobileUrl, action: 'approve' });
      await rejects(aps.refund({ ref: started.ref, amount: 100, currency: 'HKD', refundId: `${i.orderId}_r1` }, started.wallet), 'unknown');
      assert.equal((await aps.lookupPayment(started.ref, started.wallet)).refundedAmount, 100);

      const hasty = createAlipayPlusConnector({
        baseUrl: h.base,
        clientId: CLIENT_ID,
        privateKeyPem: h.acquirer.privateKeyPem,
        alipayPublicKeyPem: h.sandboxPublicKeyPem,
        keyVersion: '1',
        notifyUrl: null,
        timeoutMs: 100,
      });
      const j = input({ itemName: 'Milk tea [slow]' });
      const slow = await aps.startPayment(j);
      await driveCustomer({ url: slow.mobileUrl, action: 'approve' });
      await rejects(hasty.refund({ ref: slow.ref, amount: 100, currency: 'HKD', refundId: `${j.orderId}_r1` }, slow.wallet), 'unknown');
      // retried with the same refund id (the answer comes late again, but in time): one refund, whether the first arrived or not
      const retried = await aps.refund({ ref: slow.ref, amount: 100, currency: 'HKD', refundId: `${j.orderId}_r1` }, slow.wallet);
      assert.deepEqual([retried.refundedTotal, retried.refundableAmount], [100, 12_245]);
    });

    it('an answer whose signature does not verify is unknown, never trusted', async () => {
      await rejects(aps.startPayment(input({ itemName: 'Milk tea [badsig]' })), 'unknown');
      // the right answer checked against another public key: also not trusted
      const wrongKey = connectorFor(h, { publicKeyPem: rsaKeyPair().publicKeyPem });
      const e = await rejects(wrongKey.startPayment(input()), 'unknown');
      assert.match(e.message, /signature/);
    });

    it('the sandbox refuses a request signed with another key, and an unknown client id', async () => {
      const stranger = connectorFor(h, { privateKeyPem: rsaKeyPair().privateKeyPem });
      await rejects(stranger.startPayment(input()), 'invalid', 'INVALID_SIGNATURE');
      const res = await fetch(`${h.base}/aps/api/v1/payments/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'client-id': 'NOBODY', 'request-time': new Date().toISOString(), signature: 'x' },
        body: '{}',
      });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { result: { resultCode: string } }).result.resultCode, 'INVALID_CLIENT');
    });

    it('a paymentRequestId repeated with another amount is REPEAT_REQ_INCONSISTENT; an identical one gets the same payment', async () => {
      const i = input();
      const first = await aps.startPayment(i);
      const same = await aps.startPayment(i);
      assert.equal(same.ref, first.ref);
      await rejects(aps.startPayment({ ...i, amount: i.amount + 1 }), 'invalid', 'REPEAT_REQ_INCONSISTENT');
      await rejects(aps.startPayment(input({ currency: 'KRW' })), 'invalid');
    });

    it('auto debit: prepare, the customer agrees, applyToken, charges, cancelToken', async () => {
      const i = input({ recurring: true, amount: 0, currency: 'PHP' });
      const started = await aps.startPayment(i);
      assert.match(started.mobileUrl, /\/sandbox\/alipayplus\/authorize\//);
      const drove = await driveCustomer({ url: started.mobileUrl, action: 'approve' });
      const back = new URL(drove.finalUrl);
      assert.equal(`${back.origin}${back.pathname}`, i.returnUrls.approve);
      const authCode = back.searchParams.get('authCode');
      assert.ok(authCode);
      const done = await aps.completePayment({ ref: started.ref, wallet: started.wallet, returnParams: { authCode }, amount: 0 });
      assert.ok(done.agreementToken);
      // an auth code works once
      await rejects(
        aps.completePayment({ ref: started.ref, wallet: started.wallet, returnParams: { authCode }, amount: 0 }),
        'invalid',
        'INVALID_CODE',
      );

      const charge = {
        method: i.method,
        agreementToken: done.agreementToken,
        agreementWallet: started.wallet,
        customerRef: 'cust_1',
        currency: 'PHP',
      };
      const paid = await aps.chargeAgreement({ ...charge, orderId: `${i.orderId}_c1`, itemName: 'Monthly box', amount: 50_000 });
      assert.equal(paid.amount, 50_000);
      const looked = await aps.lookupPayment(paid.ref, paid.wallet);
      assert.deepEqual([looked.state, looked.amount], ['succeeded', 50_000]);
      assert.equal(JSON.parse((await h.notification(paid.ref)).rawBody).paymentResult.resultStatus, 'S');
      await rejects(
        aps.chargeAgreement({ ...charge, orderId: `${i.orderId}_c2`, itemName: 'Box [decline]', amount: 50_000 }),
        'declined',
        'USER_BALANCE_NOT_ENOUGH',
        'declined',
      );

      await aps.revokeAgreement(done.agreementToken);
      await aps.revokeAgreement(done.agreementToken);
      await rejects(
        aps.chargeAgreement({ ...charge, orderId: `${i.orderId}_c3`, itemName: 'Monthly box', amount: 50_000 }),
        'declined',
        'INVALID_ACCESS_TOKEN',
        'agreement_gone',
      );
    });

    it('auto debit with a first payment: looked up and refunded by our paymentRequestId', async () => {
      const i = input({ recurring: true, amount: 1_100, currency: 'HKD', method: 'kakaopay' });
      const started = await aps.startPayment(i);
      const back = new URL((await driveCustomer({ url: started.mobileUrl, action: 'approve' })).finalUrl);
      const authCode = back.searchParams.get('authCode');
      assert.ok(authCode);
      const done = await aps.completePayment({ ref: started.ref, wallet: started.wallet, returnParams: { authCode }, amount: 1_100 });
      assert.deepEqual([done.amount, done.instrument], [1_100, 'KAKAOPAY']);
      // the first payment is known to walletgate by its order id (started.ref), to Alipay+ by a paymentId of its own
      assert.notEqual(done.approvalRef, started.ref);
      const looked = await aps.lookupPayment(started.ref, started.wallet);
      assert.deepEqual([looked.state, looked.amount], ['succeeded', 1_100]);
      const part = await aps.refund({ ref: started.ref, amount: 100, currency: 'HKD', refundId: `${i.orderId}_r1` }, started.wallet);
      assert.deepEqual([part.refundedTotal, part.refundableAmount], [100, 1_000]);
      await rejects(
        aps.refund({ ref: started.ref, amount: 1_001, currency: 'HKD', refundId: `${i.orderId}_r2` }, started.wallet),
        'declined',
        'REFUND_AMOUNT_EXCEED',
      );
    });

    it('the customer refuses auto debit: completing is declined', async () => {
      const i = input({ recurring: true, amount: 0, currency: 'IDR' });
      const started = await aps.startPayment(i);
      const drove = await driveCustomer({ url: started.mobileUrl, action: 'cancel' });
      const params = Object.fromEntries(new URL(drove.finalUrl).searchParams);
      assert.equal(params.authCode, undefined);
      await rejects(
        aps.completePayment({ ref: started.ref, wallet: started.wallet, returnParams: params, amount: 0 }),
        'declined',
        'USER_CANCELLED',
      );
    });
  });

  describe(`Alipay+ sandbox restarted on the same state (${kind})`, () => {
    it('keeps its key pair and its payments: a payment from before is refunded after the restart', async () => {
      const where = stateFor(kind);
      const acquirer = rsaKeyPair();
      const first = await startApsHarness(kind, { state: where, acquirer });
      let second: ApsHarness | undefined;
      try {
        const i = input();
        const started = await connectorFor(first).startPayment(i);
        await driveCustomer({ url: started.mobileUrl, action: 'approve' });
        await first.stop();
        second = await startApsHarness(kind, { state: where, acquirer });
        assert.equal(second.sandboxPublicKeyPem, first.sandboxPublicKeyPem);
        const aps = connectorFor(second);
        assert.equal((await aps.lookupPayment(started.ref, started.wallet)).state, 'succeeded');
        const r = await aps.refund({ ref: started.ref, amount: i.amount, currency: 'HKD', refundId: `${i.orderId}_r` }, started.wallet);
        assert.equal(r.refundableAmount, 0);
      } finally {
        await first.stop();
        await (second ?? first).close();
      }
    });
  });
}
