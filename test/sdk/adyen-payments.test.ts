/**
 * Conformance of walletgate's Adyen dialect, driven by Adyen's own Node library
 * (@adyen/api-library) over HTTPS with only the host changed: payment methods, the KakaoPay
 * redirect payment and its outcomes, idempotency keys and credentials. On SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adyenClientsWithWrongKey, notificationItems } from '../helpers/adyen-client.js';
import {
  MERCHANT,
  ResultCodeEnum,
  event,
  kakaoPayRequest,
  kinds,
  payAndReturn,
  rejectsWith,
  returnUrlFor,
  shopperReturns,
  startRedirectPayment,
  unique,
  webhook,
  adyenGatewayFor,
} from './adyen-support.js';

for (const kind of kinds) {
  describe(`Adyen library → walletgate: payments on ${kind}`, () => {
    const t = adyenGatewayFor(kind);

    it('paymentMethods lists KakaoPay for KR/KRW and not for NL/EUR', async () => {
      const kr = await t.adyen.checkout.PaymentsApi.paymentMethods({
        merchantAccount: MERCHANT,
        countryCode: 'KR',
        amount: { currency: 'KRW', value: 15000 },
      });
      const kakao = kr.paymentMethods?.filter((m) => m.type === 'kakaopay') ?? [];
      assert.equal(kakao.length, 1, JSON.stringify(kr));
      assert.equal(kakao[0]!.name, 'KakaoPay');

      const nl = await t.adyen.checkout.PaymentsApi.paymentMethods({
        merchantAccount: MERCHANT,
        countryCode: 'NL',
        amount: { currency: 'EUR', value: 1000 },
      });
      assert.ok(!(nl.paymentMethods ?? []).some((m) => m.type === 'kakaopay'), JSON.stringify(nl));
      assert.ok(t.adyen.http.calls.slice(-2).every((c) => /^https:\/\/127\.0\.0\.1:\d+\/adyen\/v\d+\/paymentMethods$/.test(c.url)));
    });

    it('payment: RedirectShopper → the shopper approves in the wallet → details Authorised → AUTHORISATION true', async () => {
      const reference = unique(`pay-ok-${kind}`);
      const returnUrl = returnUrlFor(t.gw, reference);
      const redirect = await startRedirectPayment(t.adyen, kakaoPayRequest(reference, returnUrl));
      const { redirectResult } = await shopperReturns(t.gw, redirect.url, 'approve', returnUrl);

      const details = await t.adyen.checkout.PaymentsApi.paymentsDetails({ details: { redirectResult } });
      assert.equal(details.resultCode, ResultCodeEnum.Authorised, JSON.stringify(details));
      assert.equal(details.pspReference, redirect.pspReference);
      assert.equal(details.merchantReference, reference);
      assert.deepEqual({ ...details.amount }, { currency: 'KRW', value: 15000 });

      const note = await webhook(t.gw, event('AUTHORISATION', redirect.pspReference));
      assert.equal(note.success, 'true');
      assert.equal(note.merchantReference, reference);
      assert.equal(note.amount.value, 15000);
      assert.equal(note.amount.currency, 'KRW');
    });

    it('refused: the wallet declines → details Refused → AUTHORISATION false', async () => {
      const reference = unique(`pay-refused-${kind}`);
      const { redirect, details } = await payAndReturn(t.gw, t.adyen, kakaoPayRequest(reference, returnUrlFor(t.gw, reference)), 'fail');
      assert.equal(details.resultCode, ResultCodeEnum.Refused, JSON.stringify(details));
      assert.equal(details.pspReference, redirect.pspReference);
      const note = await webhook(t.gw, event('AUTHORISATION', redirect.pspReference));
      assert.equal(note.success, 'false');
      assert.equal(note.merchantReference, reference);
    });

    it('cancelled: the shopper cancels in the wallet → details Cancelled', async () => {
      const reference = unique(`pay-cancelled-${kind}`);
      const { redirect, details } = await payAndReturn(t.gw, t.adyen, kakaoPayRequest(reference, returnUrlFor(t.gw, reference)), 'cancel');
      assert.equal(details.resultCode, ResultCodeEnum.Cancelled, JSON.stringify(details));
      assert.equal(details.pspReference, redirect.pspReference);
      assert.equal(details.merchantReference, reference);
    });

    it('abandoned: the shopper never comes back → OFFER_CLOSED once the wallet times out', async () => {
      const reference = unique(`pay-abandoned-${kind}`);
      const redirect = await startRedirectPayment(t.adyen, kakaoPayRequest(reference, returnUrlFor(t.gw, reference)));
      const walked = await t.gw.customer(redirect.url, 'abandon');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      const note = await webhook(t.gw, event('OFFER_CLOSED', redirect.pspReference), 30_000);
      assert.equal(note.success, 'true', 'OFFER_CLOSED is sent with success "true" (KakaoPay API-only page)');
      assert.equal(note.merchantReference, reference);
      const authorised = t.gw.receiver.received
        .flatMap((n) => notificationItems(n.json))
        .filter((i) => event('AUTHORISATION', redirect.pspReference)(i) && i.success === 'true');
      assert.deepEqual(authorised, [], 'an abandoned payment is not authorised');
    });

    it('idempotency: the same Idempotency-Key replays the first payment; a different body is refused with 422 / 704', async () => {
      const idempotencyKey = unique(`k-${kind}`);
      const reference = unique(`pay-idem-${kind}`);
      const req = kakaoPayRequest(reference, returnUrlFor(t.gw, reference));
      const first = await t.adyen.checkout.PaymentsApi.payments(req, { idempotencyKey });
      const second = await t.adyen.checkout.PaymentsApi.payments(req, { idempotencyKey });
      assert.equal(first.resultCode, ResultCodeEnum.RedirectShopper, JSON.stringify(first));
      assert.ok(first.pspReference);
      assert.equal(second.pspReference, first.pspReference, 'one payment');
      assert.deepEqual(second, first, 'the first response replayed');

      const otherRef = unique(`pay-idem-${kind}`);
      const other = await t.adyen.checkout.PaymentsApi.payments(kakaoPayRequest(otherRef, returnUrlFor(t.gw, otherRef)), {
        idempotencyKey: unique(`k-${kind}`),
      });
      assert.notEqual(other.pspReference, first.pspReference, 'another key is another payment');

      await rejectsWith(
        t.adyen.checkout.PaymentsApi.payments({ ...req, amount: { currency: 'KRW', value: 16000 } }, { idempotencyKey }),
        422,
        '704',
      );
    });

    it('credentials: a wrong API key → 401; the right key for someone else’s merchant account → 403', async () => {
      const reference = unique(`pay-auth-${kind}`);
      const req = kakaoPayRequest(reference, returnUrlFor(t.gw, reference));
      const stranger = adyenClientsWithWrongKey(t.gw.httpsBase);
      await rejectsWith(stranger.checkout.PaymentsApi.payments(req), 401);
      await rejectsWith(stranger.checkout.PaymentsApi.paymentMethods({ merchantAccount: MERCHANT, countryCode: 'KR' }), 401);
      await rejectsWith(t.adyen.checkout.PaymentsApi.payments({ ...req, merchantAccount: 'SomeoneElse' }), 403);
    });
  });
}
