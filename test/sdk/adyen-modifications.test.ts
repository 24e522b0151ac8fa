/**
 * Conformance of walletgate's Adyen dialect, driven by Adyen's own Node library: refunds and
 * cancellations through the Checkout ModificationsApi, with their webhooks. On SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Types } from '@adyen/api-library';
import {
  MERCHANT,
  ResultCodeEnum,
  event,
  kakaoPayRequest,
  kinds,
  payAndReturn,
  rejectsWith,
  returnUrlFor,
  startRedirectPayment,
  unique,
  webhook,
  adyenGatewayFor,
} from './adyen-support.js';
import { adyenClients } from '../helpers/adyen-client.js';
import { addCredential } from '../../src/core/merchants/manage-merchants.js';

const PSP = /^[0-9A-Z]{16}$/;

for (const kind of kinds) {
  describe(`Adyen library → walletgate: refunds and cancels on ${kind}`, () => {
    const t = adyenGatewayFor(kind);

    /** An Authorised 15000 KRW payment: its pspReference. */
    async function paidPayment(reference: string): Promise<string> {
      const { redirect, details } = await payAndReturn(t.gw, t.adyen, kakaoPayRequest(reference, returnUrlFor(t.gw, reference)));
      assert.equal(details.resultCode, ResultCodeEnum.Authorised, JSON.stringify(details));
      return redirect.pspReference;
    }

    it('refunds: 5000 then the remaining 10000, each received and confirmed by a REFUND webhook; one more won is refused with 422', async () => {
      const reference = unique(`refund-${kind}`);
      const psp = await paidPayment(reference);
      const modifications = t.adyen.checkout.ModificationsApi;

      const refunds: Types.checkout.PaymentRefundResponse[] = [];
      for (const [i, value] of [5000, 10000].entries()) {
        const refundRef = `${reference}-r${i + 1}`;
        const r = await modifications.refundCapturedPayment(psp, {
          merchantAccount: MERCHANT,
          amount: { currency: 'KRW', value },
          reference: refundRef,
        });
        assert.equal(r.status, 'received', JSON.stringify(r));
        assert.equal(r.paymentPspReference, psp);
        assert.match(r.pspReference ?? '', PSP, `the refund's own pspReference: ${r.pspReference}`);
        assert.notEqual(r.pspReference, psp);
        assert.equal(r.merchantAccount, MERCHANT, 'merchantAccount is echoed (required in PaymentRefundResponse)');
        assert.deepEqual({ ...r.amount }, { currency: 'KRW', value }, 'amount is echoed (required in PaymentRefundResponse)');
        assert.equal(r.reference, refundRef);
        refunds.push(r);
      }
      assert.notEqual(refunds[0]!.pspReference, refunds[1]!.pspReference);

      for (const [i, r] of refunds.entries()) {
        const value = [5000, 10000][i];
        const note = await webhook(t.gw, (n) => n.eventCode === 'REFUND' && n.originalReference === psp && n.amount.value === value);
        assert.equal(note.success, 'true', JSON.stringify(note));
        assert.equal(note.pspReference, r.pspReference, "the webhook's pspReference is the refund's");
        assert.equal(note.amount.currency, 'KRW');
      }

      await rejectsWith(
        modifications.refundCapturedPayment(psp, {
          merchantAccount: MERCHANT,
          amount: { currency: 'KRW', value: 1 },
          reference: `${reference}-r3`,
        }),
        422,
      );
    });

    it('cancel by pspReference: a pending payment → received → CANCELLATION webhook', async () => {
      const reference = unique(`cancel-psp-${kind}`);
      const pending = await startRedirectPayment(t.adyen, kakaoPayRequest(reference, returnUrlFor(t.gw, reference)));
      const cancelRef = `${reference}-c`;
      const c = await t.adyen.checkout.ModificationsApi.cancelAuthorisedPaymentByPspReference(pending.pspReference, {
        merchantAccount: MERCHANT,
        reference: cancelRef,
      });
      assert.equal(c.status, 'received', JSON.stringify(c));
      assert.equal(c.paymentPspReference, pending.pspReference);
      assert.match(c.pspReference ?? '', PSP);
      assert.notEqual(c.pspReference, pending.pspReference);
      assert.equal(c.merchantAccount, MERCHANT);
      assert.equal(c.reference, cancelRef);

      const note = await webhook(t.gw, (i) => i.eventCode === 'CANCELLATION' && i.originalReference === pending.pspReference);
      assert.equal(note.success, 'true', JSON.stringify(note));
      assert.equal(note.pspReference, c.pspReference, "the webhook's pspReference is the cancellation's");
      assert.equal(note.merchantReference, reference);
    });

    it('cancel by merchant reference (POST /cancels): a pending payment → received', async () => {
      const reference = unique(`cancel-ref-${kind}`);
      const pending = await startRedirectPayment(t.adyen, kakaoPayRequest(reference, returnUrlFor(t.gw, reference)));
      const cancelRef = `${reference}-c`;
      const c = await t.adyen.checkout.ModificationsApi.cancelAuthorisedPayment({
        merchantAccount: MERCHANT,
        paymentReference: reference,
        reference: cancelRef,
      });
      assert.equal(c.status, 'received', JSON.stringify(c));
      assert.equal(c.paymentReference, reference);
      assert.equal(c.merchantAccount, MERCHANT);
      assert.match(c.pspReference ?? '', PSP);
      assert.notEqual(c.pspReference, pending.pspReference);
      assert.ok(
        t.adyen.http.calls.some((call) => /\/adyen\/v\d+\/cancels$/.test(call.url)),
        'the library posted to /cancels',
      );

      // it took effect: the payment is cancelled, as the webhook for it says
      const note = await webhook(
        t.gw,
        (i) => (i.eventCode === 'CANCELLATION' || i.eventCode === 'TECHNICAL_CANCEL') && i.originalReference === pending.pspReference,
      );
      assert.equal(note.success, 'true', JSON.stringify(note));
    });

    it('cancelling a paid payment is refused with 422', async () => {
      const reference = unique(`cancel-paid-${kind}`);
      const psp = await paidPayment(reference);
      await webhook(t.gw, event('AUTHORISATION', psp));
      await rejectsWith(
        t.adyen.checkout.ModificationsApi.cancelAuthorisedPaymentByPspReference(psp, {
          merchantAccount: MERCHANT,
          reference: `${reference}-c`,
        }),
        422,
      );
    });

    it("another merchant account of the same merchant can neither refund nor cancel this account's payments", async () => {
      const second = 'WalletgateDemoSecondECOM';
      const { secret } = await addCredential(t.gw.services.store, t.gw.services.config.masterKey, {
        merchantId: 'demo',
        dialect: 'adyen',
        keyId: second,
      });
      const other = adyenClients(t.gw.httpsBase, secret);
      const reference = unique(`account-${kind}`);
      const psp = await paidPayment(reference);
      await rejectsWith(
        other.checkout.ModificationsApi.refundCapturedPayment(psp, { merchantAccount: second, amount: { currency: 'KRW', value: 100 } }),
        422,
        '167',
      );
      const pending = await startRedirectPayment(t.adyen, kakaoPayRequest(unique(`account-pending-${kind}`), returnUrlFor(t.gw, 'x')));
      await rejectsWith(
        other.checkout.ModificationsApi.cancelAuthorisedPaymentByPspReference(pending.pspReference, { merchantAccount: second }),
        422,
        '167',
      );
      await rejectsWith(
        other.checkout.ModificationsApi.cancelAuthorisedPayment({
          merchantAccount: second,
          paymentReference: pending.response.merchantReference!,
        }),
        422,
        '167',
      );
      const refunds = await t.gw.services.store.refunds.listByPayment('demo', Number(psp.slice(2)));
      assert.equal(refunds.length, 0, 'nothing refunded');
      assert.equal((await t.gw.services.store.payments.getById(Number(pending.pspReference.slice(2))))!.status, 'pending_customer');
    });
  });
}
