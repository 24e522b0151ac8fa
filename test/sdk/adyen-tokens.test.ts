/**
 * Conformance of walletgate's Adyen dialect, driven by Adyen's own Node library: KakaoPay tokens
 * (storePaymentMethod → RECURRING_CONTRACT), listing them with the Checkout and the classic
 * Recurring APIs, ContAuth charges, deleting and disabling. On SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import adyenLibrary from '@adyen/api-library';
import {
  CONT_AUTH,
  ECOMMERCE,
  KAKAOPAY,
  MERCHANT,
  ResultCodeEnum,
  SUBSCRIPTION,
  event,
  kakaoPayRequest,
  kinds,
  payAndReturn,
  rejectsWith,
  returnUrlFor,
  unique,
  webhook,
  adyenGatewayFor,
} from './adyen-support.js';

const RECURRING = adyenLibrary.Types.recurring.Recurring.ContractEnum.Recurring;

for (const kind of kinds) {
  describe(`Adyen library → walletgate: tokens on ${kind}`, () => {
    const t = adyenGatewayFor(kind);

    /** First payment storing the method: Authorised, with the token in additionalData and in RECURRING_CONTRACT. */
    async function storeToken(label: string): Promise<{ shopperReference: string; token: string; firstPsp: string }> {
      const shopperReference = unique(`shopper-${kind}`);
      const reference = unique(`${label}-${kind}`);
      const { redirect, details } = await payAndReturn(
        t.gw,
        t.adyen,
        kakaoPayRequest(reference, returnUrlFor(t.gw, reference), {
          storePaymentMethod: true,
          shopperReference,
          shopperInteraction: ECOMMERCE,
          recurringProcessingModel: SUBSCRIPTION,
        }),
      );
      assert.equal(details.resultCode, ResultCodeEnum.Authorised, JSON.stringify(details));
      assert.equal(details.pspReference, redirect.pspReference);
      const token = details.additionalData?.['recurring.recurringDetailReference'];
      assert.ok(token, `additionalData['recurring.recurringDetailReference']: ${JSON.stringify(details.additionalData)}`);
      assert.equal(details.additionalData?.['recurring.shopperReference'], shopperReference);

      const contract = await webhook(t.gw, (i) => i.eventCode === 'RECURRING_CONTRACT' && i.originalReference === redirect.pspReference);
      assert.equal(contract.pspReference, token, 'the RECURRING_CONTRACT pspReference is the token');
      assert.equal(contract.success, 'true');
      const authorised = await webhook(t.gw, event('AUTHORISATION', redirect.pspReference));
      assert.equal(authorised.success, 'true');
      // as Adyen does, the AUTHORISATION of a tokenising payment names the token too
      assert.equal(authorised.additionalData?.['recurring.recurringDetailReference'], token);
      assert.equal(authorised.additionalData?.['recurring.shopperReference'], shopperReference);
      return { shopperReference, token, firstPsp: redirect.pspReference };
    }

    function contAuthCharge(shopperReference: string, token: string, reference: string) {
      return t.adyen.checkout.PaymentsApi.payments(
        kakaoPayRequest(reference, returnUrlFor(t.gw, reference), {
          amount: { currency: 'KRW', value: 9900 },
          paymentMethod: { type: KAKAOPAY, storedPaymentMethodId: token },
          shopperReference,
          shopperInteraction: CONT_AUTH,
          recurringProcessingModel: SUBSCRIPTION,
        }),
      );
    }

    async function classicDetails(shopperReference: string): Promise<string[]> {
      const listed = await t.adyen.recurring.listRecurringDetails({
        merchantAccount: MERCHANT,
        shopperReference,
        recurring: { contract: RECURRING },
      });
      return (listed.details ?? []).map((d) => d.RecurringDetail?.recurringDetailReference ?? '');
    }

    it('store → list (Checkout and classic) → ContAuth charge → delete → a charge on the deleted token is refused (422 / 803)', async () => {
      const { shopperReference, token, firstPsp } = await storeToken('token');
      assert.notEqual(token, firstPsp);

      const stored = await t.adyen.checkout.RecurringApi.getTokensForStoredPaymentDetails(shopperReference, MERCHANT);
      const mine = (stored.storedPaymentMethods ?? []).filter((m) => m.id === token);
      assert.equal(mine.length, 1, JSON.stringify(stored));
      assert.equal(mine[0]!.type, 'kakaopay');

      assert.deepEqual(await classicDetails(shopperReference), [token]);
      assert.ok(
        t.adyen.http.calls.some((c) => /\/adyen\/pal\/servlet\/Recurring\/v\d+\/listRecurringDetails$/.test(c.url)),
        'the classic API went to /pal/servlet/Recurring',
      );

      const chargeRef = unique(`charge-${kind}`);
      const charge = await contAuthCharge(shopperReference, token, chargeRef);
      assert.equal(charge.resultCode, ResultCodeEnum.Authorised, JSON.stringify(charge));
      assert.equal(charge.action, undefined, 'no shopper step');
      assert.ok(charge.pspReference && charge.pspReference !== firstPsp);
      assert.equal(charge.merchantReference, chargeRef);
      const chargeNote = await webhook(t.gw, event('AUTHORISATION', charge.pspReference));
      assert.equal(chargeNote.success, 'true');

      await t.adyen.checkout.RecurringApi.deleteTokenForStoredPaymentDetails(token, shopperReference, MERCHANT);
      const remaining = await t.adyen.checkout.RecurringApi.getTokensForStoredPaymentDetails(shopperReference, MERCHANT);
      assert.ok(!(remaining.storedPaymentMethods ?? []).some((m) => m.id === token), JSON.stringify(remaining));

      await rejectsWith(contAuthCharge(shopperReference, token, unique(`charge-deleted-${kind}`)), 422, '803');
    });

    it('the classic Recurring API disables a token: [detail-successfully-disabled], and it is no longer listed or chargeable', async () => {
      const { shopperReference, token } = await storeToken('token-disable');
      assert.deepEqual(await classicDetails(shopperReference), [token]);

      const disable = { merchantAccount: MERCHANT, shopperReference, recurringDetailReference: token };
      const key = { idempotencyKey: unique(`disable-${kind}`) };
      const disabled = await t.adyen.recurring.disable(disable, key);
      assert.equal(disabled.response, '[detail-successfully-disabled]', JSON.stringify(disabled));
      // a retry under the same Idempotency-Key (say, after a timeout) gets the first answer, not 803
      const retried = await t.adyen.recurring.disable(disable, key);
      assert.equal(retried.response, '[detail-successfully-disabled]');

      assert.deepEqual(await classicDetails(shopperReference), []);
      await rejectsWith(contAuthCharge(shopperReference, token, unique(`charge-disabled-${kind}`)), 422, '803');
    });
  });
}
