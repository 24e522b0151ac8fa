/**
 * Conformance of walletgate's Checkout.com dialect, driven by Checkout.com's own checkout-sdk-node
 * with only `host` changed: the KakaoPay redirect payment and its outcomes, terminal types,
 * idempotency keys, and the SDK's own error classes. On SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHANNEL,
  ckoClient,
  ckoGatewayFor,
  customerDoes,
  kakaoPayRequest,
  kinds,
  rejectsWith,
  startPayment,
  unique,
  webhook,
  webhookTypes,
  type Json,
} from './checkoutcom-support.js';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { ckoId } from '../../src/dialects/checkoutcom/ids.js';

for (const kind of kinds) {
  describe(`checkout-sdk-node → walletgate: payments on ${kind}`, () => {
    const t = ckoGatewayFor(kind);

    it('seed 002 payment: 202 Pending → the customer approves in the wallet → Captured with balances, success_url, webhooks', async () => {
      const reference = unique(`pay-ok-${kind}`);
      const body = kakaoPayRequest(t.gw, reference);
      const p = await startPayment(t.cko, body);
      assert.equal(p.customer.email, body.customer.email);
      assert.equal(p.processing_channel_id, CHANNEL);
      await webhook(t.gw, 'payment_pending', p.id);

      const finalUrl = await customerDoes(t.gw, p.redirectLink, 'approve');
      assert.equal(finalUrl, `${body.success_url}&cko-payment-id=${p.id}`);

      const captured = await webhook(t.gw, 'payment_captured', p.id);
      assert.equal(captured.data.amount, 1100);
      assert.equal(captured.data.currency, 'KRW');
      assert.equal(captured.data.reference, reference);
      assert.match(captured.data.action_id, /^act_[a-z2-7]{26}$/);
      assert.equal(captured.data.balances.total_captured, 1100);
      const approved = await webhook(t.gw, 'payment_approved', p.id);
      assert.equal(approved.data.response_code, '10000');
      assert.deepEqual(webhookTypes(t.gw, p.id), ['payment_pending', 'payment_approved', 'payment_captured']);

      const got: Json = await t.cko.payments.get(p.id);
      assert.equal(got.id, p.id);
      assert.equal(got.status, 'Captured');
      assert.equal(got.approved, true);
      assert.equal(got.amount, 1100);
      assert.equal(got.currency, 'KRW');
      assert.equal(got.payment_type, 'Regular');
      assert.equal(got.reference, reference);
      assert.deepEqual(got.source, { type: 'kakaopay' });
      assert.ok(!Number.isNaN(Date.parse(got.requested_on)), got.requested_on);
      assert.deepEqual(got.balances, {
        total_authorized: 1100,
        total_voided: 0,
        available_to_void: 0,
        total_captured: 1100,
        available_to_capture: 0,
        total_refunded: 0,
        available_to_refund: 1100,
      });
      assert.deepEqual(got.customer, p.customer);
      assert.deepEqual(got.shipping, body.shipping);
      assert.deepEqual(got.items, body.items);
      assert.equal(typeof got.processing.partner_customer_id, 'string');
      assert.equal(got._links.self.href, p._links.self.href);
      assert.equal(got._links.actions.href, `${p._links.self.href}/actions`);
      assert.equal(got._links.refund.href, `${p._links.self.href}/refunds`);
      assert.equal(got._links.redirect, undefined, 'no redirect once paid');

      const actions: Json[] = await t.cko.payments.getActions(p.id);
      assert.deepEqual(
        actions.map((a) => [a.type, a.amount, a.approved, a.response_code]),
        [
          ['Capture', 1100, true, '10000'],
          ['Authorization', 1100, true, '10000'],
        ],
      );
      assert.equal(actions[0]!.id, captured.data.action_id, 'the capture action is the one the webhook named');
      assert.equal(actions[1]!.id, approved.data.action_id);
    });

    it('declined in the wallet: failure_url, Declined, payment_declined, nothing refundable', async () => {
      const reference = unique(`pay-declined-${kind}`);
      const body = kakaoPayRequest(t.gw, reference);
      const p = await startPayment(t.cko, body);
      const finalUrl = await customerDoes(t.gw, p.redirectLink, 'fail');
      assert.equal(finalUrl, `${body.failure_url}&cko-payment-id=${p.id}`);
      const declined = await webhook(t.gw, 'payment_declined', p.id);
      assert.equal(declined.data.response_code, '20005');
      const got: Json = await t.cko.payments.get(p.id);
      assert.equal(got.status, 'Declined');
      assert.equal(got.approved, false);
      assert.equal(got.balances.available_to_refund, 0);
      assert.equal(got._links.refund, undefined);
      const actions: Json[] = await t.cko.payments.getActions(p.id);
      assert.deepEqual(
        actions.map((a) => [a.type, a.approved]),
        [['Authorization', false]],
      );
      await rejectsWith(t.cko.payments.refund(p.id, { amount: 100 }), 'ActionNotAllowed', 403, 'refund_not_allowed');
    });

    it('canceled by the customer: Canceled, payment_canceled, failure_url', async () => {
      const reference = unique(`pay-canceled-${kind}`);
      const body = kakaoPayRequest(t.gw, reference);
      const p = await startPayment(t.cko, body);
      const finalUrl = await customerDoes(t.gw, p.redirectLink, 'cancel');
      assert.equal(finalUrl, `${body.failure_url}&cko-payment-id=${p.id}`);
      await webhook(t.gw, 'payment_canceled', p.id);
      const got: Json = await t.cko.payments.get(p.id);
      assert.equal(got.status, 'Canceled');
      assert.equal(got.approved, false);
      assert.deepEqual(await t.cko.payments.getActions(p.id), []);
    });

    it('abandoned: the customer never finishes → Expired and payment_expired once the wallet times out', async () => {
      const reference = unique(`pay-expired-${kind}`);
      const p = await startPayment(t.cko, kakaoPayRequest(t.gw, reference));
      await customerDoes(t.gw, p.redirectLink, 'abandon');
      await webhook(t.gw, 'payment_expired', p.id, 30_000);
      const got: Json = await t.cko.payments.get(p.id);
      assert.equal(got.status, 'Expired');
      assert.equal(got.approved, false);
      assert.ok(!webhookTypes(t.gw, p.id).includes('payment_captured'));
    });

    it('terminal_type: WEB gets the QR landing page, APP the wallet app page, WAP the mobile page', async () => {
      const desktop = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120' };
      const web = await startPayment(t.cko, kakaoPayRequest(t.gw, unique('web'), { processing: { terminal_type: 'WEB' } }));
      const page = await fetch(web.redirectLink, { headers: desktop, redirect: 'manual' });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<svg/, 'a QR code');
      const app = await startPayment(
        t.cko,
        kakaoPayRequest(t.gw, unique('app'), { processing: { terminal_type: 'APP', os_type: 'ANDROID' } }),
      );
      const toApp = await fetch(app.redirectLink, { headers: desktop, redirect: 'manual' });
      assert.equal(toApp.status, 302);
      assert.match(toApp.headers.get('location') ?? '', /\/aInfo$/);
      const wap = await startPayment(t.cko, kakaoPayRequest(t.gw, unique('wap'), { processing: { terminal_type: 'WAP' } }));
      const toWap = await fetch(wap.redirectLink, { headers: desktop, redirect: 'manual' });
      assert.equal(toWap.status, 302);
      assert.match(toWap.headers.get('location') ?? '', /\/mInfo$/);
    });

    it('a customer profile is created when none is named, reused by e-mail, and found by id', async () => {
      const email = `${unique('shopper')}@shop.example`;
      const a = await startPayment(t.cko, kakaoPayRequest(t.gw, unique('cus-a'), { customer: { email, name: 'Kim Minji' } }));
      const b = await startPayment(t.cko, kakaoPayRequest(t.gw, unique('cus-b'), { customer: { email: email.toUpperCase() } }));
      assert.equal(b.customer.id, a.customer.id, 'same e-mail, same profile');
      assert.equal(a.customer.name, 'Kim Minji');
      const c = await startPayment(t.cko, kakaoPayRequest(t.gw, unique('cus-c'), { customer: { id: a.customer.id } }));
      assert.equal(c.customer.id, a.customer.id);
      assert.equal(c.customer.name, 'Kim Minji');
      const { customer: _none, ...anonymous } = kakaoPayRequest(t.gw, unique('cus-d'));
      const d = await startPayment(t.cko, anonymous);
      assert.notEqual(d.customer.id, a.customer.id, 'a new profile when none is named');
    });

    it('concurrent first payments of one new e-mail share one customer profile', async () => {
      const email = `${unique('race')}@shop.example`;
      const all = await Promise.all(
        Array.from({ length: 8 }, (_, i) => startPayment(t.cko, kakaoPayRequest(t.gw, unique(`race-${i}`), { customer: { email } }))),
      );
      assert.equal(new Set(all.map((p) => p.customer.id)).size, 1, JSON.stringify(all.map((p) => p.customer)));
    });

    it('Cko-Idempotency-Key: a replay answers the first payment; a different body under the same key is 409', async () => {
      const key = unique(`idem-${kind}`);
      const body = kakaoPayRequest(t.gw, unique('idem'));
      const first = await startPayment(t.cko, body, key);
      const again = await startPayment(t.cko, body, key);
      assert.equal(again.id, first.id);
      assert.equal(again.redirectLink, first.redirectLink);
      const other = await ckoClient(t.gw)
        .payments.request({ ...body, amount: 2200 }, key)
        .catch((e: unknown) => e);
      assert.equal((other as { name: string }).name, 'UrlAlreadyRegistered', 'the SDK names every 409 so');
      assert.equal((other as { http_code: number }).http_code, 409);
      assert.equal((other as { body: Json }).body.error_type, 'idempotency_key_conflict');
      const { items } = await t.gw.services.store.payments.list('demo', { reference: body.reference }, { index: 1, size: 10 });
      assert.equal(items.length, 1, 'one payment for the key');
    });

    it('errors arrive as the SDK own classes with Checkout.com bodies', async () => {
      await rejectsWith(
        ckoClient(t.gw, 'sk_sbox_wrongwrongwrongwrongwrongwro2').payments.get('pay_x'),
        'AuthenticationError',
        401,
        'api_key_invalid',
      );
      // another API's key is no Checkout.com key; sent raw (not shaped like sk_…)
      await rejectsWith(
        ckoClient(t.gw, DEMO_ADYEN.apiKey).payments.request(kakaoPayRequest(t.gw, unique('x'))),
        'AuthenticationError',
        401,
      );
      await rejectsWith(t.cko.payments.get('pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), 'NotFoundError', 404, 'payment_not_found');
      await rejectsWith(
        // KakaoPay takes won (its own API) and euros, Hong Kong and Singapore dollars (through Alipay+)
        t.cko.payments.request(kakaoPayRequest(t.gw, unique('usd'), { currency: 'USD' })),
        'ValidationError',
        422,
        'currency_not_supported',
      );
      await rejectsWith(
        t.cko.payments.request(kakaoPayRequest(t.gw, unique('jpy'), { currency: 'JPY' })),
        'ValidationError',
        422,
        'currency_not_supported',
      );
      await rejectsWith(
        t.cko.payments.request(kakaoPayRequest(t.gw, unique('pc'), { processing_channel_id: 'pc_someoneelseschannel2222222' })),
        'ValidationError',
        422,
        'processing_channel_id_invalid',
      );
      const { request_id } = await rejectsWith(
        t.cko.payments.request({ ...kakaoPayRequest(t.gw, unique('amt')), amount: undefined }),
        'ValidationError',
        422,
        'amount_required',
      );
      assert.match(request_id, /\S/);
    });

    it("the same merchant's payments made through another API are not found through Checkout.com", async () => {
      const gp = await t.gw.gp('POST', '/v1/payments', {
        Payment: {
          MerchantTransactionID: unique('gp'),
          Amount: 1000,
          Currency: 'KRW',
          MethodID: 1135,
          ReturnURL: 'https://shop.example/r',
        },
      });
      assert.equal(gp.status, 201, JSON.stringify(gp.json));
      const id = ckoId('payment', gp.json.Payment.ID);
      await rejectsWith(t.cko.payments.get(id), 'NotFoundError', 404, 'payment_not_found');
      await rejectsWith(t.cko.payments.getActions(id), 'NotFoundError', 404, 'payment_not_found');
      await rejectsWith(t.cko.payments.refund(id, { amount: 100 }), 'NotFoundError', 404, 'payment_not_found');
      const listed: Json = await t.cko.payments.getPaymentList({ reference: gp.json.Payment.MerchantTransactionID });
      assert.equal(listed.total_count, 0);
    });

    it('the bare key (no Bearer) authenticates too, and every answer carries Cko-Request-Id', async () => {
      const res = await fetch(`${t.gw.base}/checkoutcom/payments`, {
        method: 'POST',
        headers: { authorization: DEMO_CKO_KEY, 'content-type': 'application/json' },
        body: JSON.stringify(kakaoPayRequest(t.gw, unique('bare'))),
      });
      assert.equal(res.status, 202);
      assert.match(res.headers.get('cko-request-id') ?? '', /\S/);
      const listed: Json = await t.cko.payments.getPaymentList({ reference: ((await res.json()) as Json).reference });
      assert.equal(listed.total_count, 1);
      assert.equal(listed.data[0].status, 'Pending');
    });
  });
}

const DEMO_CKO_KEY = 'sk_sbox_walletgatedemo2checkoutkey2';
