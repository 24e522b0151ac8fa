/**
 * Core use cases the Adyen dialect builds on, through the real KakaoPay sandbox over HTTP: a
 * payment that stores the payment method (→ active preapproval holding the SID), charging it,
 * refunding the first payment under the recurring contract, and cancelling a pending payment.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { createPayment } from '../../src/core/payments/create-payment.js';
import { chargePreapproval } from '../../src/core/payments/charge-preapproval.js';
import { cancelPayment } from '../../src/core/payments/cancel-payment.js';
import { createRefund } from '../../src/core/refunds/create-refund.js';
import type { CoreEvent } from '../../src/core/events.js';
import { isCoreError } from '../../src/core/errors.js';
import { changePayment } from '../../src/core/record-change.js';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`stored agreements and cancels on ${kind}`, () => {
    let gw: Gateway;
    const events: CoreEvent[] = [];
    before(async () => {
      gw = await startGateway(kind);
      const notify = gw.services.deps.notify;
      gw.services.deps.notify = async (tx, event, requestId) => {
        events.push(event);
        await notify(tx, event, requestId);
      };
    });
    after(() => gw.close());

    const base = (ref: string) => ({
      merchantId: 'demo',
      dialect: 'globalpay' as const,
      reference: ref,
      uniqueReference: false,
      method: 'kakaopay',
      amount: 12000,
      currency: 'KRW',
      returnUrl: 'http://shop.example/r',
    });

    it('a payment that stores the method yields an active preapproval with the SID, raised after the payment', async () => {
      const p = await createPayment(gw.services.deps, { ...base(`store-${kind}`), storeAgreement: { customerRef: 'shopper-42' } });
      assert.equal(p.status, 'pending_customer');
      assert.equal(p.connectorState.recurringContract, true);
      const walked = await gw.customer(gw.services.deps.links.landing(p.customerToken), 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      const paid = await gw.services.store.payments.getById(p.id);
      assert.equal(paid!.status, 'succeeded');

      const mine = events.filter((e) => (e.type === 'payment.updated' && e.payment.id === p.id) || e.type === 'preapproval.updated');
      const last2 = mine.slice(-2);
      assert.equal(last2[0]!.type, 'payment.updated');
      assert.equal(last2[1]!.type, 'preapproval.updated');
      const pre = (last2[1] as Extract<CoreEvent, { type: 'preapproval.updated' }>).preapproval;
      assert.equal(pre.status, 'active');
      assert.match(pre.agreementToken ?? '', /^S\w{19}$/);
      assert.equal(pre.extras.originPaymentId, p.id);
      assert.equal(pre.connectorState.customerRef, 'shopper-42');

      // merchant-initiated charge on the stored agreement
      const charge = await chargePreapproval(gw.services.deps, {
        merchantId: 'demo',
        dialect: 'globalpay',
        preapprovalId: pre.id,
        reference: `store-${kind}-charge`,
        uniqueReference: false,
        amount: 3000,
        currency: 'KRW',
      });
      assert.equal(charge.status, 'succeeded', charge.failureMessage ?? '');

      // the first payment was made under the subscription contract: its refund must say so
      const { refund, payment } = await createRefund(gw.services.deps, {
        merchantId: 'demo',
        paymentId: p.id,
        dialect: 'globalpay',
        amount: 2000,
      });
      assert.equal(refund.status, 'succeeded', refund.failureMessage ?? '');
      assert.equal(payment.status, 'partially_refunded');
    });

    it('a payment that opened an agreement ends unpaid only through recordUnpaidPayment, which ends the agreement with it', async () => {
      const p = await createPayment(gw.services.deps, { ...base(`store-unpaid-${kind}`), storeAgreement: { customerRef: 'shopper-43' } });
      const agreement = async () =>
        (await gw.services.store.preapprovals.list('demo', { originPaymentId: p.id }, { index: 1, size: 1 })).items[0]!;
      assert.equal((await agreement()).status, 'pending');
      // the generic write refuses: the agreement would stay pending for ever
      await assert.rejects(
        gw.services.store.transaction(async (tx) =>
          changePayment(gw.services.deps, tx, (await tx.payments.getByIdForUpdate(p.id))!, { status: 'failed' }, null),
        ),
        (e) => isCoreError(e) && e.code === 'internal' && /recordUnpaidPayment/.test(e.message),
      );
      assert.equal((await gw.services.store.payments.getById(p.id))!.status, 'pending_customer', 'nothing written');
      const cancelled = await cancelPayment(gw.services.deps, { merchantId: 'demo', dialect: 'globalpay' }, p.id);
      assert.equal(cancelled.status, 'cancelled');
      const ended = await agreement();
      assert.equal(ended.status, 'failed');
      assert.equal(ended.failureMessage, 'The payment that opened it ended cancelled');
    });

    it('a pending payment can be cancelled by the merchant; a paid one cannot', async () => {
      const demo = { merchantId: 'demo', dialect: 'globalpay' as const };
      const p = await createPayment(gw.services.deps, base(`cancel-${kind}`));
      const cancelled = await cancelPayment(gw.services.deps, demo, p.id);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal((await cancelPayment(gw.services.deps, demo, p.id)).status, 'cancelled', 'idempotent');
      // the customer arriving afterwards cannot revive it
      const walked = await gw.customer(gw.services.deps.links.landing(p.customerToken), 'approve');
      assert.equal(walked.status, 400, 'nothing left to approve: the landing page shows the result, no wallet');
      assert.equal((await gw.services.store.payments.getById(p.id))!.status, 'cancelled');
      await assert.rejects(cancelPayment(gw.services.deps, { merchantId: 'other-merchant', dialect: 'globalpay' }, p.id), /not found/);
      // reached through the API that made it: the same merchant's Adyen API does not see a GlobalPay payment
      const r = await createPayment(gw.services.deps, base(`cancel-other-api-${kind}`));
      await assert.rejects(cancelPayment(gw.services.deps, { merchantId: 'demo', dialect: 'adyen' }, r.id), /not found/);

      const q = await createPayment(gw.services.deps, base(`cancel-paid-${kind}`));
      await gw.customer(gw.services.deps.links.landing(q.customerToken), 'approve');
      await assert.rejects(cancelPayment(gw.services.deps, demo, q.id), /refund it instead/);
    });
  });
}
