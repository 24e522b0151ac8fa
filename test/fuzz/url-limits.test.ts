/**
 * The input limits on URLs, and requests no route takes (docs/errors.md, "Input limits"), on SQLite
 * and PostgreSQL:
 * - a NUL character (%00) in a path or a query is refused before anything reads it, authentication
 *   included, in the API's own error, the customer pages' 404 page or the sandbox's own answer
 *   (PostgreSQL used to answer 500 `invalid byte sequence for encoding "UTF8": 0x00`, to anyone);
 * - a path that does not decode gets the same answers (GlobalPay's and the customer pages' were
 *   walletgate's generic JSON);
 * - the customer pages answer an unknown path or method under /pay/, and a request they cannot read,
 *   with their "This payment link is not valid" page; the KakaoPay sandbox answers an unknown path,
 *   an undecodable URL or an unreadable request in its own shapes (both were generic JSON; found by
 *   the fuzz suite).
 * Every refused request writes nothing and logs nothing at warn or above.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { storeKinds } from '../helpers/stores.js';
import { startWorld, type World } from './fuzz-world.js';
import { demoHeaders, expectRefused } from './refusal-cases.js';

for (const kind of storeKinds) {
  describe(`input limits on URLs, and requests no route takes, on ${kind}`, () => {
    let w: World;
    before(async () => {
      w = await startWorld(kind);
    });
    after(async () => {
      await w?.close();
    });

    const gp = () => demoHeaders(w).globalpay;
    const adyen = () => demoHeaders(w).adyen;
    const cko = () => demoHeaders(w).checkoutcom;
    const expectAll = (cases: Parameters<typeof expectRefused>[1]) => expectRefused(w, cases);

    it('a NUL character in a URL is refused before anything reads it, with or without credentials', async () => {
      const token = w.fx.pendingToken;
      const linkNotValid = /This payment link is not valid/;
      await expectAll([
        {
          label: 'GlobalPay list',
          method: 'GET',
          path: '/globalpay/v1/payments?MerchantTransactionID=%00',
          headers: gp(),
          status: 400,
          says: /"Code":"2".*URL \(it contains %00/,
        },
        {
          label: 'GlobalPay path id, no credentials',
          method: 'GET',
          path: '/globalpay/v1/preapprovals/1%00',
          status: 400,
          says: /"Preapproval":/,
        },
        {
          label: 'GlobalPay undecodable path id',
          method: 'GET',
          path: '/globalpay/v1/payments/%ff',
          headers: gp(),
          status: 400,
          says: /"Code":"2","Info":"Validation failed - URL/,
        },
        {
          label: 'Adyen stored methods query',
          method: 'GET',
          path: `/adyen/v71/storedPaymentMethods?merchantAccount=${DEMO_ADYEN.merchantAccount}&shopperReference=%00`,
          headers: adyen(),
          status: 400,
          says: /The request URL is malformed: it contains %00/,
        },
        {
          label: 'Adyen psp path, no credentials',
          method: 'POST',
          path: '/adyen/v71/payments/%00/refunds',
          status: 400,
          says: /"errorCode":"702"/,
        },
        {
          label: 'Checkout.com reference query',
          method: 'GET',
          path: '/checkoutcom/payments?reference=%00',
          headers: cko(),
          status: 422,
          says: /\["request_url_invalid"\]/,
        },
        {
          label: 'Checkout.com payment path, no credentials',
          method: 'GET',
          path: '/checkoutcom/payments/pay_%00',
          status: 422,
          says: /request_url_invalid/,
        },
        { label: 'customer page', method: 'GET', path: '/pay/%00', status: 404, says: linkNotValid },
        { label: 'customer status poll', method: 'GET', path: '/pay/abc%00def/status', status: 404, says: linkNotValid },
        { label: 'customer return', method: 'GET', path: '/pay/%00/return', status: 404, says: linkNotValid },
        { label: 'customer cancel', method: 'GET', path: '/pay/%00/cancel', status: 404, says: linkNotValid },
        {
          label: "a real payment's return with a NUL pg_token",
          method: 'GET',
          path: `/pay/${token}/return?pg_token=%00`,
          status: 404,
          says: linkNotValid,
        },
        { label: 'customer page, an undecodable token', method: 'GET', path: '/pay/%ff', status: 404, says: linkNotValid },
        { label: 'customer page, an encoded lone surrogate', method: 'GET', path: '/pay/%ED%A0%80/done', status: 404, says: linkNotValid },
        { label: 'sandbox wallet page', method: 'GET', path: '/sandbox/kakaopay/pg/%00/info', status: 404 },
        {
          label: 'sandbox wallet form',
          method: 'POST',
          path: `/sandbox/kakaopay/pg/${w.fx.pendingTid}%00/confirm`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'method=MONEY',
          status: 404,
        },
      ]);
      // the payment behind the token is still waiting on the customer
      const page = await w.send('GET', `/pay/${token}/status`, {});
      assert.equal(page.status, 200, page.text);
      assert.equal(page.json.status, 'pending_customer');
    });

    it('the customer pages: an unknown path or method, or a body they cannot read, gets their 404 page', async () => {
      const linkNotValid = /This payment link is not valid/;
      await expectAll([
        { label: 'PUT on the prefix', method: 'PUT', path: '/pay/', status: 404, says: linkNotValid },
        { label: 'a path too long', method: 'GET', path: '/pay/abc/def/ghi', status: 404, says: linkNotValid },
        { label: 'POST on a page', method: 'POST', path: `/pay/${w.fx.pendingToken}/return`, status: 404, says: linkNotValid },
        {
          label: 'an empty JSON body',
          method: 'PATCH',
          path: '/pay/abc/cancel',
          headers: { 'content-type': 'application/json' },
          body: '',
          status: 400,
          says: linkNotValid,
        },
      ]);
    });

    it('the KakaoPay sandbox: its API answers in KakaoPay’s error body, its pages with their not-found page', async () => {
      const kakaoPayError = /^\{"error_code":-2,"error_message":"/;
      const notFoundPage = /This payment link is not valid/;
      await expectAll([
        { label: 'GET on an API path', method: 'GET', path: '/sandbox/kakaopay/online/v1/payment/ready', status: 404, says: kakaoPayError },
        {
          label: 'an API path that does not exist',
          method: 'POST',
          path: '/sandbox/kakaopay/online/v1/nothing',
          status: 404,
          says: kakaoPayError,
        },
        { label: 'an undecodable API path', method: 'GET', path: '/sandbox/kakaopay/online/%ff', status: 400, says: kakaoPayError },
        { label: 'POST on a page', method: 'POST', path: `/sandbox/kakaopay/pg/${w.fx.pendingTid}/info`, status: 404, says: notFoundPage },
        {
          label: 'DELETE on a page',
          method: 'DELETE',
          path: `/sandbox/kakaopay/pg/${w.fx.pendingTid}/order`,
          status: 404,
          says: notFoundPage,
        },
        { label: 'an undecodable tid', method: 'GET', path: '/sandbox/kakaopay/pg/%ff/info', status: 400, says: notFoundPage },
        {
          label: 'a lone surrogate, encoded',
          method: 'GET',
          path: '/sandbox/kakaopay/pg/%ED%A0%80/mInfo',
          status: 400,
          says: notFoundPage,
        },
      ]);
    });
  });
}
