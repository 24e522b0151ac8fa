/**
 * A Checkout.com request with a Cko-Idempotency-Key fails after it has written its payment or its
 * refund (here: an error thrown right after the wallet's answer, as a crash or a lost database
 * connection would leave it). The merchant retries with the same key: it is told the first request
 * is still in progress until that request's claim is older than the in-flight grace, then gets the
 * payment or refund the first request made, as it stands, and never a second one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { parseId } from '../../src/dialects/checkoutcom/ids.js';
import type { Connector } from '../../src/core/ports/connector.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds } from '../helpers/stores.js';

/** Armed, the wallet call does its work and then the process "fails" before recording the answer. */
function failAfter(real: Connector, method: 'startPayment' | 'refund', armed: { on: boolean }): Connector {
  const wrapped: Connector = Object.create(real) as Connector;
  Object.assign(wrapped, {
    [method]: async (...args: unknown[]) => {
      const result = await (real[method] as (...a: unknown[]) => Promise<unknown>).apply(real, args);
      if (armed.on) {
        armed.on = false;
        throw new Error('simulated failure after the wallet answered');
      }
      return result;
    },
  });
  return wrapped;
}

for (const kind of storeKinds) {
  describe(`an idempotent retry after a failed request on ${kind}`, () => {
    let gw: Gateway;
    const failCheckout = { on: false };
    const failRefund = { on: false };
    before(async () => {
      gw = await startGateway(kind, {
        wrapConnectors: (real) => ({
          ...real,
          kakaopay: failAfter(failAfter(real.kakaopay!, 'startPayment', failCheckout), 'refund', failRefund),
        }),
      });
    });
    after(() => gw.close());

    const cko = async (path: string, key: string, body: unknown) => {
      const res = await fetch(`${gw.base}/checkoutcom${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEMO_CHECKOUTCOM.secretKey}`, 'content-type': 'application/json', 'cko-idempotency-key': key },
        body: JSON.stringify(body),
      });
      return { status: res.status, replayed: res.headers.get('cko-idempotency-replayed'), json: (await res.json()) as any };
    };

    /** Retries as a merchant does while told the first request is still in progress; the first other answer. */
    const retryUntilAnswered = async (path: string, key: string, body: unknown) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const r = await cko(path, key, body);
        if (r.status !== 409) return r;
        assert.deepEqual(r.json.error_codes, ['idempotency_key_request_in_progress'], JSON.stringify(r.json));
        assert.ok(Date.now() < deadline, 'still in progress after 20 s');
        await sleep(200);
      }
    };

    it('a payment: the retry gets the payment the failed request made, and no second one', async () => {
      const reference = `idem-fail-${kind}-${Date.now()}`;
      const body = {
        amount: 3000,
        currency: 'KRW',
        source: { type: 'kakaopay' },
        reference,
        success_url: 'http://shop.example/ok',
        failure_url: 'http://shop.example/ko',
        processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
      };
      failCheckout.on = true;
      const first = await cko('/payments', `${reference}-key`, body);
      assert.equal(first.status, 500, JSON.stringify(first.json));
      const second = await cko('/payments', `${reference}-key`, body);
      assert.equal(second.status, 409, 'the first request counts as running until its claim is older than the in-flight grace');
      const resumed = await retryUntilAnswered('/payments', `${reference}-key`, body);
      assert.ok(resumed.status === 201 || resumed.status === 202, JSON.stringify(resumed.json));
      const rows = (await gw.services.store.payments.list('demo', { dialect: 'checkoutcom', reference }, { index: 1, size: 10 })).items;
      assert.equal(rows.length, 1, 'one payment');
      assert.equal(parseId('payment', resumed.json.id), rows[0]!.id);
      const replay = await cko('/payments', `${reference}-key`, body);
      assert.equal(replay.replayed, 'true');
      assert.equal(replay.json.id, resumed.json.id);
    });

    it('a refund the wallet carried out: the retry gets that refund, and the wallet refunds once', async () => {
      const reference = `idem-refund-${kind}-${Date.now()}`;
      const created = await cko('/payments', `${reference}-pay`, {
        amount: 5000,
        currency: 'KRW',
        source: { type: 'kakaopay' },
        reference,
        success_url: 'http://shop.example/ok',
        failure_url: 'http://shop.example/ko',
        processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
      });
      assert.equal(created.status, 202, JSON.stringify(created.json));
      assert.equal((await gw.customer(created.json._links.redirect.href, 'approve')).status, 200);
      const path = `/payments/${created.json.id}/refunds`;
      failRefund.on = true;
      const first = await cko(path, `${reference}-refund`, { amount: 2000, reference: `${reference}-r1` });
      assert.equal(first.status, 500, JSON.stringify(first.json));
      const resumed = await retryUntilAnswered(path, `${reference}-refund`, { amount: 2000, reference: `${reference}-r1` });
      assert.equal(resumed.status, 202, JSON.stringify(resumed.json));
      const paymentId = parseId('payment', created.json.id)!;
      const refunds = await gw.services.store.refunds.listByPayment('demo', paymentId);
      assert.equal(refunds.length, 1, 'one refund');
      assert.equal(parseId('refund', resumed.json.action_id), refunds[0]!.id);
      // the sweeper finds the wallet's cancel and settles it; the wallet refunded once
      await gw.receiver.waitFor((n) => (n.json as any).type === 'payment_refunded' && (n.json as any).data?.id === created.json.id);
      const payment = (await gw.services.store.payments.getById(paymentId))!;
      assert.equal(payment.refundedAmount, 2000);
      const wallet = await gw.services.deps.connectors.kakaopay!.lookupPayment(payment.connectorState.ref!, payment.connectorState.wallet!);
      assert.equal(wallet.refundedAmount, 2000);
    });
  });
}
