/**
 * The sweeper and the payments that open an agreement (Adyen storePaymentMethod, Checkout.com
 * payment_type Recurring). They live under the wallet's recurring contract (KakaoPay subscription
 * CID), so the sweeper must ask the wallet about them there: on the one-time CID the sandbox answers
 * -721 (tid unknown) and an abandoned checkout used to stay pending until its lifetime ran out.
 *
 * The customer's way back to walletgate is lost (helpers/lost-return.ts: a phone losing its
 * connection). Sweeper passes are
 * run one at a time (no background workers), with the graces given explicitly.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { sweep } from '../../src/core/reconcile/sweep.js';
import { parsePspReference } from '../../src/dialects/adyen/psp-reference.js';
import { parseId } from '../../src/dialects/checkoutcom/ids.js';
import { customerWhoseReturnIsLost } from '../helpers/lost-return.js';
import type { Payment, Preapproval } from '../../src/core/model.js';

interface Opened {
  paymentId: number;
  /** walletgate's landing page for the customer */
  url: string;
}

/** The two APIs' first payments that open an agreement; `item` lands in KakaoPay's item_name (magic values). */
const FIRST_PAYMENTS: Record<'adyen' | 'checkoutcom', (gw: Gateway, reference: string, item: string) => Promise<Opened>> = {
  async adyen(gw, reference, item) {
    const res = await fetch(`${gw.base}/adyen/v71/payments`, {
      method: 'POST',
      headers: { 'x-api-key': DEMO_ADYEN.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        merchantAccount: DEMO_ADYEN.merchantAccount,
        reference,
        amount: { currency: 'KRW', value: 15000 },
        paymentMethod: { type: 'kakaopay' },
        returnUrl: 'http://shop.example/r',
        shopperStatement: item,
        storePaymentMethod: true,
        shopperReference: `shopper-${reference}`,
        shopperInteraction: 'Ecommerce',
        recurringProcessingModel: 'Subscription',
      }),
    });
    const json = (await res.json()) as { pspReference: string; action: { url: string } };
    assert.equal(res.status, 200, JSON.stringify(json));
    return { paymentId: parsePspReference('payment', json.pspReference)!, url: json.action.url };
  },
  async checkoutcom(gw, reference, item) {
    const res = await fetch(`${gw.base}/checkoutcom/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_CHECKOUTCOM.secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        amount: 5000,
        currency: 'KRW',
        source: { type: 'kakaopay' },
        payment_type: 'Recurring',
        reference,
        description: item,
        success_url: 'http://shop.example/ok',
        failure_url: 'http://shop.example/ko',
      }),
    });
    const json = (await res.json()) as { id: string; _links: { redirect: { href: string } } };
    assert.equal(res.status, 202, JSON.stringify(json));
    return { paymentId: parseId('payment', json.id)!, url: json._links.redirect.href };
  },
};

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`the sweeper settles first payments that open an agreement, on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind, { workers: false });
    });
    after(() => gw.close());

    const payment = async (id: number): Promise<Payment> => (await gw.services.store.payments.getById(id))!;
    const agreementOf = async (id: number): Promise<Preapproval> =>
      (await gw.services.store.preapprovals.list('demo', { originPaymentId: id }, { index: 1, size: 1 })).items[0]!;
    /** One pass; the in-flight grace is 0 because every wallet call of these tests has been answered. */
    const pass = (abandonGraceMs: number) => sweep(gw.services.deps, { inFlightGraceMs: 0, abandonGraceMs });

    for (const api of ['adyen', 'checkoutcom'] as const) {
      const unique = (what: string) => `${what}-${api}-${kind}-${Date.now()}`;

      it(`${api}: abandoned in the wallet, the customer never back → seen abandoned, then expired with its agreement`, async () => {
        const opened = await FIRST_PAYMENTS[api](gw, unique('abandon'), 'Monthly tea');
        assert.equal((await gw.customer(opened.url, 'abandon')).status, 200);

        await pass(60_000);
        const seen = await payment(opened.paymentId);
        assert.equal(seen.status, 'pending_customer', 'the customer’s own return gets the abandon grace');
        assert.ok(seen.connectorState.abandonedSeenAt, 'the wallet, asked on the recurring contract, said abandoned');
        const ops = await gw.services.store.operations.listByPayment('demo', opened.paymentId);
        assert.ok(
          ops.some((o) => o.kind === 'sync' && o.status === 'pending' && o.code === 'QUIT_PAYMENT'),
          'the sighting is in the history',
        );

        await pass(0);
        const expired = await payment(opened.paymentId);
        assert.equal(expired.status, 'expired');
        assert.match(expired.failureMessage ?? '', /QUIT_PAYMENT/);
        const agreement = await agreementOf(opened.paymentId);
        assert.equal(agreement.status, 'expired', 'an agreement never given cannot be charged');
        assert.equal(agreement.agreementToken, null);
      });

      it(`${api}: declined in the wallet and the way back lost → failed as the wallet says, with its agreement`, async () => {
        const opened = await FIRST_PAYMENTS[api](gw, unique('fail'), 'Monthly tea [fail]');
        await customerWhoseReturnIsLost(opened.url);
        assert.equal((await payment(opened.paymentId)).status, 'pending_customer');

        await pass(0);
        const failed = await payment(opened.paymentId);
        assert.equal(failed.status, 'failed');
        assert.equal(failed.failureCode, 'FAIL_AUTH_PASSWORD');
        const agreement = await agreementOf(opened.paymentId);
        assert.equal(agreement.status, 'failed');
      });

      it(`${api}: agreed in the wallet and the way back lost → left waiting (only walletgate can approve), then the late return pays it`, async () => {
        const opened = await FIRST_PAYMENTS[api](gw, unique('late'), 'Monthly tea');
        const lostReturn = await customerWhoseReturnIsLost(opened.url);

        const report = await pass(0);
        assert.equal(report.errors, 0);
        const waiting = await payment(opened.paymentId);
        assert.equal(waiting.status, 'pending_customer', 'the wallet waits for approve: nothing to expire or fail yet');
        assert.equal(waiting.connectorState.abandonedSeenAt, undefined);
        assert.equal((await agreementOf(opened.paymentId)).status, 'pending');

        const back = await fetch(lostReturn, { redirect: 'manual' });
        await back.body?.cancel();
        assert.ok(back.status < 400, `the customer’s return, retried: HTTP ${back.status}`);
        assert.equal((await payment(opened.paymentId)).status, 'succeeded');
        const agreement = await agreementOf(opened.paymentId);
        assert.equal(agreement.status, 'active');
        assert.match(agreement.agreementToken ?? '', /^S/);
      });

      it(`${api}: agreed in the wallet and the approve answer lost → the sweeper settles it with its agreement active`, async () => {
        // [lost]: the wallet approves (and issues the SID), then answers 500
        const opened = await FIRST_PAYMENTS[api](gw, unique('lost'), 'Monthly tea [lost]');
        assert.equal((await gw.customer(opened.url, 'approve')).status, 200);
        const unknown = await payment(opened.paymentId);
        assert.equal(unknown.status, 'processing');
        assert.equal(unknown.connectorState.needsSync, true);

        await pass(0);
        const paid = await payment(opened.paymentId);
        assert.equal(paid.status, 'succeeded');
        assert.equal(paid.connectorState.needsSync, false);
        const agreement = await agreementOf(opened.paymentId);
        assert.equal(agreement.status, 'active');
        assert.match(agreement.agreementToken ?? '', /^S/);
      });
    }
  });
}
