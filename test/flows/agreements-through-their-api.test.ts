/**
 * ADR 0008 for agreements: a preapproval, an Adyen stored token or a Checkout.com `src_` source is
 * reached through the API that made it, and through no other. One merchant holds an agreement made
 * through each API; every other API's key gets its own not-found answer for it, on every route that
 * names one (read, list, close, charge), and nothing is written. Over real HTTP, on both stores.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { createPayment } from '../../src/core/payments/create-payment.js';
import { pspReference, parsePspReference } from '../../src/dialects/adyen/psp-reference.js';
import { ckoId, parseId } from '../../src/dialects/checkoutcom/ids.js';
import type { Preapproval } from '../../src/core/model.js';

type Reply = { status: number; json: Record<string, any> };

async function call(url: string, init: { method?: string; headers: Record<string, string>; body?: unknown }): Promise<Reply> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...init.headers, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

const MERCHANT = DEMO_ADYEN.merchantAccount;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`agreements are reached through the API that made them, on ${kind}`, () => {
    let gw: Gateway;
    const run = `${kind}-${Date.now()}`;
    /** One shopper reference for every API's agreement, so only the API can tell them apart. */
    const shopper = `shopper-${run}`;
    /** The agreement made through each API; `sameShopper` is a second Checkout.com one, of Adyen's shopper. */
    const ids = { globalpay: 0, adyen: 0, checkoutcom: 0, sameShopper: 0 };

    const adyen = (method: string, path: string, body?: unknown) =>
      call(`${gw.base}/adyen${path}`, { method, headers: { 'x-api-key': DEMO_ADYEN.apiKey }, body });
    const cko = (method: string, path: string, body?: unknown) =>
      call(`${gw.base}/checkoutcom${path}`, { method, headers: { authorization: `Bearer ${DEMO_CHECKOUTCOM.secretKey}` }, body });
    const agreement = async (id: number): Promise<Preapproval> => (await gw.services.store.preapprovals.getById(id))!;
    const chargesOn = async (id: number) =>
      (await gw.services.store.payments.list('demo', { preapprovalId: id }, { index: 1, size: 10 })).total;

    before(async () => {
      gw = await startGateway(kind);

      // GlobalPay: a preapproval the customer agreed to
      const pre = await gw.gp('POST', '/v1/preapprovals', {
        Preapproval: {
          MerchantPreapprovalID: `gp-${run}`,
          Currency: 'KRW',
          Description: 'monthly box',
          ReturnURL: 'http://shop.example/r',
          MethodID: 1135,
          Customer: { Email: 'subscriber@shop.example' },
          BillingAddress: { Country: 'KR' },
        },
      });
      assert.equal(pre.status, 201, JSON.stringify(pre.json));
      assert.equal((await gw.customer(pre.json.Preapproval.RedirectURL, 'approve')).status, 200);
      ids.globalpay = pre.json.Preapproval.ID;

      // Adyen: a payment that stores the method for the shopper
      const stored = await adyen('POST', '/v71/payments', {
        merchantAccount: MERCHANT,
        reference: `adyen-${run}`,
        amount: { currency: 'KRW', value: 15000 },
        paymentMethod: { type: 'kakaopay' },
        returnUrl: 'http://shop.example/r',
        storePaymentMethod: true,
        shopperReference: shopper,
        shopperInteraction: 'Ecommerce',
        recurringProcessingModel: 'Subscription',
      });
      assert.equal(stored.status, 200, JSON.stringify(stored.json));
      assert.equal((await gw.customer(stored.json.action.url, 'approve')).status, 200);
      const adyenPayment = parsePspReference('payment', stored.json.pspReference)!;
      const adyenAgreement = await gw.services.store.preapprovals.list('demo', { originPaymentId: adyenPayment }, { index: 1, size: 1 });
      ids.adyen = adyenAgreement.items[0]!.id;

      // Checkout.com: a Recurring first payment; its 202 names the src_ it opens
      const first = await cko('POST', '/payments', {
        amount: 5000,
        currency: 'KRW',
        source: { type: 'kakaopay' },
        payment_type: 'Recurring',
        reference: `cko-${run}`,
        success_url: 'http://shop.example/ok',
        failure_url: 'http://shop.example/ko',
      });
      assert.equal(first.status, 202, JSON.stringify(first.json));
      assert.equal((await gw.customer(first.json._links.redirect.href, 'approve')).status, 200);
      ids.checkoutcom = parseId('source', first.json.source.id)!;

      // No API but Adyen names an agreement's shopper today; the rule must not rest on that. A
      // Checkout.com agreement of the same shopper, made through the core:
      const shared = await createPayment(gw.services.deps, {
        merchantId: 'demo',
        dialect: 'checkoutcom',
        reference: `cko-shared-${run}`,
        uniqueReference: false,
        method: 'kakaopay',
        amount: 3000,
        currency: 'KRW',
        customer: { merchantCustomerId: shopper },
        storeAgreement: { customerRef: shopper },
      });
      assert.equal((await gw.customer(gw.services.deps.links.landing(shared.customerToken), 'approve')).status, 200);
      const sharedAgreement = await gw.services.store.preapprovals.list('demo', { originPaymentId: shared.id }, { index: 1, size: 1 });
      assert.equal(sharedAgreement.items[0]!.customerRef, shopper);
      ids.sameShopper = sharedAgreement.items[0]!.id;

      for (const id of Object.values(ids)) assert.equal((await agreement(id)).status, 'active');
    });
    after(() => gw.close());

    it('GlobalPay: another API’s agreement is 404 Preapproval is invalid (code 12) for get, payments, close and recurrent charges', async () => {
      for (const other of ['adyen', 'checkoutcom', 'sameShopper'] as const) {
        const id = ids[other];
        for (const [method, path] of [
          ['GET', `/v1/preapprovals/${id}`],
          ['GET', `/v1/preapprovals/${id}/payments`],
          ['DELETE', `/v1/preapprovals/${id}`],
        ] as const) {
          const res = await gw.gp(method, path);
          assert.equal(res.status, 404, `${other}: ${method} ${path} ${JSON.stringify(res.json)}`);
          assert.equal(res.json.Preapproval.Status.Reasons[0].Code, '12', JSON.stringify(res.json));
        }
        const charge = await gw.gp('POST', '/v1/payments/recurrent', {
          Payment: { MerchantTransactionID: `gp-charge-${other}-${run}`, Amount: 1000, Currency: 'KRW', PreapprovalID: id },
        });
        assert.equal(charge.status, 404, JSON.stringify(charge.json));
        assert.equal(charge.json.Payment.Status.Reasons[0].Code, '12', JSON.stringify(charge.json));
        assert.equal((await agreement(id)).status, 'active', `${other}: still open`);
        assert.equal(await chargesOn(id), 0, `${other}: nothing charged`);
      }
      const list = await gw.gp('GET', '/v1/preapprovals?pageSize=100');
      assert.equal(list.status, 200, JSON.stringify(list.json));
      const listed = (list.json.Preapprovals as { ID: number }[]).map((p) => p.ID);
      assert.ok(listed.includes(ids.globalpay), 'its own is listed');
      for (const other of [ids.adyen, ids.checkoutcom, ids.sameShopper])
        assert.ok(!listed.includes(other), `only its own: ${listed.join(',')}`);
      assert.equal((await gw.gp('GET', `/v1/preapprovals/${ids.globalpay}`)).status, 200);
    });

    it('Adyen: another API’s agreement is 422 / 803 for ContAuth, DELETE and disable, and is never listed', async () => {
      for (const other of ['globalpay', 'checkoutcom', 'sameShopper'] as const) {
        const token = pspReference('token', ids[other]);
        const charge = await adyen('POST', '/v71/payments', {
          merchantAccount: MERCHANT,
          reference: `adyen-charge-${other}-${run}`,
          amount: { currency: 'KRW', value: 1000 },
          paymentMethod: { type: 'kakaopay', storedPaymentMethodId: token },
          shopperReference: shopper,
          shopperInteraction: 'ContAuth',
          recurringProcessingModel: 'Subscription',
        });
        assert.equal(charge.status, 422, `${other}: ${JSON.stringify(charge.json)}`);
        assert.equal(charge.json.errorCode, '803');
        const del = await adyen('DELETE', `/v71/storedPaymentMethods/${token}?merchantAccount=${MERCHANT}&shopperReference=${shopper}`);
        assert.equal(del.status, 422, `${other}: ${JSON.stringify(del.json)}`);
        assert.equal(del.json.errorCode, '803');
        const disable = await adyen('POST', '/pal/servlet/Recurring/v68/disable', {
          merchantAccount: MERCHANT,
          shopperReference: shopper,
          recurringDetailReference: token,
        });
        assert.equal(disable.status, 422, `${other}: ${JSON.stringify(disable.json)}`);
        assert.equal(disable.json.errorCode, '803');
        assert.equal((await agreement(ids[other])).status, 'active', `${other}: still open`);
        assert.equal(await chargesOn(ids[other]), 0, `${other}: nothing charged`);
      }
      const own = [pspReference('token', ids.adyen)];
      const stored = await adyen('GET', `/v71/storedPaymentMethods?merchantAccount=${MERCHANT}&shopperReference=${shopper}`);
      assert.equal(stored.status, 200, JSON.stringify(stored.json));
      assert.deepEqual(
        (stored.json.storedPaymentMethods as { id: string }[]).map((m) => m.id),
        own,
      );
      const methods = await adyen('POST', '/v71/paymentMethods', { merchantAccount: MERCHANT, shopperReference: shopper });
      assert.deepEqual(
        (methods.json.storedPaymentMethods as { id: string }[]).map((m) => m.id),
        own,
      );
      const classic = await adyen('POST', '/pal/servlet/Recurring/v68/listRecurringDetails', {
        merchantAccount: MERCHANT,
        shopperReference: shopper,
        recurring: { contract: 'RECURRING' },
      });
      assert.deepEqual(
        (classic.json.details as { RecurringDetail: { recurringDetailReference: string } }[]).map(
          (d) => d.RecurringDetail.recurringDetailReference,
        ),
        own,
      );
    });

    it('Checkout.com: another API’s agreement as a src_ source is 422 source_id_invalid, and nothing is charged', async () => {
      for (const other of ['globalpay', 'adyen'] as const) {
        const res = await cko('POST', '/payments', {
          amount: 1000,
          currency: 'KRW',
          source: { type: 'id', id: ckoId('source', ids[other]) },
          payment_type: 'Recurring',
          reference: `cko-charge-${other}-${run}`,
        });
        assert.equal(res.status, 422, `${other}: ${JSON.stringify(res.json)}`);
        assert.deepEqual(res.json.error_codes, ['source_id_invalid']);
        assert.equal(await chargesOn(ids[other]), 0, `${other}: nothing charged`);
      }
    });

    it('each agreement still works through its own API, and the disable-all of a shopper closes only Adyen’s', async () => {
      const gpCharge = await gw.gp('POST', '/v1/payments/recurrent', {
        Payment: { MerchantTransactionID: `gp-own-${run}`, Amount: 1000, Currency: 'KRW', PreapprovalID: ids.globalpay },
      });
      assert.equal(gpCharge.status, 201, JSON.stringify(gpCharge.json));
      assert.equal(gpCharge.json.Payment.Status.ID, 2);
      const ckoCharge = await cko('POST', '/payments', {
        amount: 1000,
        currency: 'KRW',
        source: { type: 'id', id: ckoId('source', ids.sameShopper) },
        reference: `cko-own-${run}`,
      });
      assert.equal(ckoCharge.status, 202, JSON.stringify(ckoCharge.json));

      const all = await adyen('POST', '/pal/servlet/Recurring/v68/disable', { merchantAccount: MERCHANT, shopperReference: shopper });
      assert.equal(all.status, 200, JSON.stringify(all.json));
      assert.equal(all.json.response, '[all-details-successfully-disabled]');
      assert.equal((await agreement(ids.adyen)).status, 'closed');
      assert.equal((await agreement(ids.sameShopper)).status, 'active', 'the Checkout.com source of the same shopper stays');
      assert.equal((await agreement(ids.checkoutcom)).status, 'active');
      assert.equal((await agreement(ids.globalpay)).status, 'active');
    });
  });
}
