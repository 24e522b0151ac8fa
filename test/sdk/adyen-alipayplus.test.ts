/**
 * Adyen library → walletgate: the Alipay+ wallets. /paymentMethods lists each for its country and
 * currency under the type walletgate answers with; /payments with each type (and the aliases the
 * library knows) → RedirectShopper → the shopper approves → /payments/details Authorised; a GCash
 * token (storePaymentMethod → RECURRING_CONTRACT) charged with ContAuth. On SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Types } from '@adyen/api-library';
import {
  CONT_AUTH,
  ECOMMERCE,
  MERCHANT,
  ResultCodeEnum,
  SUBSCRIPTION,
  adyenGatewayFor,
  event,
  kinds,
  rejectsWith,
  returnUrlFor,
  shopperReturns,
  startRedirectPayment,
  unique,
  webhook,
} from './adyen-support.js';

/** The type walletgate lists and answers with, its country, currency and an amount; the other type(s) it takes for the wallet. */
const WALLETS: readonly { type: string; name: string; country: string; currency: string; value: number; aliases: string[] }[] = [
  { type: 'alipay_plus_alipay_hk', name: 'AlipayHK', country: 'HK', currency: 'HKD', value: 12_800, aliases: ['alipay_hk'] },
  { type: 'dana', name: 'DANA', country: 'ID', currency: 'IDR', value: 150_000, aliases: ['alipay_plus_dana'] },
  { type: 'gcash', name: 'GCash', country: 'PH', currency: 'PHP', value: 49_900, aliases: ['alipay_plus_gcash'] },
  { type: 'truemoney', name: 'TrueMoney', country: 'TH', currency: 'THB', value: 35_000, aliases: ['alipay_plus_truemoney'] },
  { type: 'alipay_plus_touchngo', name: "Touch 'n Go eWallet", country: 'MY', currency: 'MYR', value: 2590, aliases: ['touchngo'] },
  { type: 'alipay_plus_alipay_cn', name: 'Alipay', country: 'CN', currency: 'CNY', value: 8800, aliases: ['alipay'] },
  { type: 'kakaopay', name: 'KakaoPay', country: 'KR', currency: 'EUR', value: 1100, aliases: ['alipay_plus_kakaopay'] },
];

function walletRequest(
  reference: string,
  returnUrl: string,
  type: string,
  w: { country: string; currency: string; value: number },
  extra: Partial<Types.checkout.PaymentRequest> = {},
): Types.checkout.PaymentRequest {
  return {
    merchantAccount: MERCHANT,
    reference,
    amount: { currency: w.currency, value: w.value },
    countryCode: w.country,
    // the library's PaymentRequestPaymentMethod union has no literal for every type it maps
    paymentMethod: { type } as Types.checkout.PaymentRequest['paymentMethod'],
    returnUrl,
    ...extra,
  };
}

for (const kind of kinds) {
  describe(`Adyen library → walletgate: the Alipay+ wallets on ${kind}`, () => {
    const t = adyenGatewayFor(kind);

    it('paymentMethods lists each wallet for its own country and currency, and only there', async () => {
      for (const w of WALLETS) {
        const res = await t.adyen.checkout.PaymentsApi.paymentMethods({
          merchantAccount: MERCHANT,
          countryCode: w.country,
          amount: { currency: w.currency, value: w.value },
        });
        const listed = (res.paymentMethods ?? []).filter((m) => m.type === w.type);
        assert.equal(listed.length, 1, `${w.country}/${w.currency}: ${JSON.stringify(res)}`);
        assert.equal(listed[0]!.name, w.name);
        for (const alias of w.aliases) assert.ok(!(res.paymentMethods ?? []).some((m) => m.type === alias), `one entry per wallet`);
      }
      const ph = await t.adyen.checkout.PaymentsApi.paymentMethods({
        merchantAccount: MERCHANT,
        countryCode: 'PH',
        amount: { currency: 'PHP', value: 1000 },
      });
      assert.deepEqual(
        (ph.paymentMethods ?? []).map((m) => m.type),
        ['gcash'],
      );
      const hkInEuro = await t.adyen.checkout.PaymentsApi.paymentMethods({
        merchantAccount: MERCHANT,
        countryCode: 'HK',
        amount: { currency: 'EUR', value: 1000 },
      });
      assert.ok(!(hkInEuro.paymentMethods ?? []).some((m) => m.type === 'alipay_plus_alipay_hk'), JSON.stringify(hkInEuro));
    });

    for (const w of WALLETS) {
      for (const sent of [w.type, ...w.aliases]) {
        it(`${sent} in ${w.currency}: RedirectShopper → approved → details Authorised → AUTHORISATION true, answered as ${w.type}`, async () => {
          const reference = unique(`${sent}-${kind}`);
          const returnUrl = returnUrlFor(t.gw, reference);
          const redirect = await startRedirectPayment(t.adyen, walletRequest(reference, returnUrl, sent, w), w.type);
          const { redirectResult } = await shopperReturns(t.gw, redirect.url, 'approve', returnUrl);
          const details = await t.adyen.checkout.PaymentsApi.paymentsDetails({ details: { redirectResult } });
          assert.equal(details.resultCode, ResultCodeEnum.Authorised, JSON.stringify(details));
          assert.equal(details.pspReference, redirect.pspReference);
          assert.equal(details.merchantReference, reference);
          assert.deepEqual({ ...details.amount }, { currency: w.currency, value: w.value });
          const authorised = await webhook(t.gw, event('AUTHORISATION', redirect.pspReference));
          assert.equal(authorised.success, 'true');
          assert.equal(authorised.paymentMethod, w.type);
          assert.deepEqual(authorised.amount, { currency: w.currency, value: w.value });
        });
      }
    }

    it('a wallet in a currency it does not take: 422 905_1 configuration, as Adyen writes it', async () => {
      for (const [type, currency] of [
        ['gcash', 'HKD'],
        ['alipay_hk', 'PHP'],
        ['alipay_plus_touchngo', 'THB'],
        ['dana', 'USD'],
        ['kakaopay', 'USD'],
      ] as const) {
        const reference = unique('wrong');
        await rejectsWith(
          t.adyen.checkout.PaymentsApi.payments(
            walletRequest(reference, returnUrlFor(t.gw, reference), type, { country: 'PH', currency, value: 1000 }),
          ),
          422,
          '905_1',
        );
      }
    });

    it('GCash token: storePaymentMethod → Authorised with the token → RECURRING_CONTRACT → listed → ContAuth charge Authorised', async () => {
      const gcash = WALLETS.find((w) => w.type === 'gcash')!;
      const shopperReference = unique(`shopper-${kind}`);
      const reference = unique(`gcash-store-${kind}`);
      const returnUrl = returnUrlFor(t.gw, reference);
      const redirect = await startRedirectPayment(
        t.adyen,
        walletRequest(reference, returnUrl, 'gcash', gcash, {
          storePaymentMethod: true,
          shopperReference,
          shopperInteraction: ECOMMERCE,
          recurringProcessingModel: SUBSCRIPTION,
        }),
        'gcash',
      );
      const { redirectResult } = await shopperReturns(t.gw, redirect.url, 'approve', returnUrl);
      const details = await t.adyen.checkout.PaymentsApi.paymentsDetails({ details: { redirectResult } });
      assert.equal(details.resultCode, ResultCodeEnum.Authorised, JSON.stringify(details));
      const token = details.additionalData?.['recurring.recurringDetailReference'];
      assert.ok(token, `additionalData['recurring.recurringDetailReference']: ${JSON.stringify(details.additionalData)}`);
      assert.equal(details.additionalData?.['recurring.shopperReference'], shopperReference);

      const contract = await webhook(t.gw, (i) => i.eventCode === 'RECURRING_CONTRACT' && i.originalReference === redirect.pspReference);
      assert.equal(contract.pspReference, token, 'the RECURRING_CONTRACT pspReference is the token');
      assert.equal(contract.success, 'true');
      assert.equal(contract.paymentMethod, 'gcash');
      const authorised = await webhook(t.gw, event('AUTHORISATION', redirect.pspReference));
      assert.equal(authorised.success, 'true');
      assert.equal(authorised.additionalData?.['recurring.recurringDetailReference'], token);

      const stored = await t.adyen.checkout.RecurringApi.getTokensForStoredPaymentDetails(shopperReference, MERCHANT);
      const mine = (stored.storedPaymentMethods ?? []).filter((m) => m.id === token);
      assert.equal(mine.length, 1, JSON.stringify(stored));
      assert.equal(mine[0]!.type, 'gcash');
      assert.equal(mine[0]!.name, 'GCash');

      const chargeRef = unique(`gcash-charge-${kind}`);
      const charge = await t.adyen.checkout.PaymentsApi.payments(
        walletRequest(
          chargeRef,
          returnUrlFor(t.gw, chargeRef),
          'gcash',
          { ...gcash, value: 29_900 },
          {
            paymentMethod: { type: 'gcash', storedPaymentMethodId: token } as Types.checkout.PaymentRequest['paymentMethod'],
            shopperReference,
            shopperInteraction: CONT_AUTH,
            recurringProcessingModel: SUBSCRIPTION,
          },
        ),
      );
      assert.equal(charge.resultCode, ResultCodeEnum.Authorised, JSON.stringify(charge));
      assert.equal(charge.action, undefined, 'no shopper step');
      assert.equal(charge.merchantReference, chargeRef);
      assert.ok(charge.pspReference && charge.pspReference !== redirect.pspReference);
      const chargeNote = await webhook(t.gw, event('AUTHORISATION', charge.pspReference));
      assert.equal(chargeNote.success, 'true');
      assert.equal(chargeNote.paymentMethod, 'gcash');
      assert.deepEqual(chargeNote.amount, { currency: 'PHP', value: 29_900 });

      // the token is a GCash agreement in pesos: not a charge in another currency
      const otherRef = unique(`gcash-hkd-${kind}`);
      await rejectsWith(
        t.adyen.checkout.PaymentsApi.payments(
          walletRequest(
            otherRef,
            returnUrlFor(t.gw, otherRef),
            'gcash',
            { ...gcash, currency: 'HKD' },
            {
              paymentMethod: { type: 'gcash', storedPaymentMethodId: token } as Types.checkout.PaymentRequest['paymentMethod'],
              shopperReference,
              shopperInteraction: CONT_AUTH,
              recurringProcessingModel: SUBSCRIPTION,
            },
          ),
        ),
        422,
      );
    });
  });
}
