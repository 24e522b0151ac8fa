/**
 * checkout-sdk-node → walletgate: seed 002's recurring example in euros, which KakaoPay carries
 * through Alipay+ (the core picks the carrier by currency): the first Recurring payment as the seed
 * writes it → the customer agrees in the wallet → src_ id → the seed's merchant-initiated charge of
 * 44 cents → Captured; then the charge refunded, in part and in full, and the first payment in full. On SQLite and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ckoGatewayFor,
  customerDoes,
  kinds,
  rejectsWith,
  shopUrls,
  startPayment,
  webhook,
  webhookTypes,
  type Json,
} from './checkoutcom-support.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { parseId } from '../../src/dialects/checkoutcom/ids.js';

/**
 * The seed's first payment, as written. Its processing channel is the seed's own
 * (pc_ekaubqrravqupfxde7kxvd2t3i), which is not the demo merchant's: the demo's is put in its
 * place. The e-mail is an address (the seed's page shows it obfuscated), and success_url /
 * failure_url point at the test's merchant, where the sandbox customer stops.
 */
function seedFirstPayment(merchantOrigin: { success_url: string; failure_url: string }): Json {
  return {
    amount: 1100,
    currency: 'EUR',
    source: {
      type: 'kakaopay',
    },
    processing: {
      terminal_type: 'WEB',
    },
    success_url: merchantOrigin.success_url,
    failure_url: merchantOrigin.failure_url,
    payment_type: 'Recurring',
    reference: 'ORD-5023-4E89',
    capture: 'true',
    customer: {
      email: 'john.smith@example.com',
      name: 'John Smith',
    },
    shipping: {
      address: {
        country: 'GB',
      },
    },
    items: [
      {
        reference: '1st item reference',
        name: '1st item name',
        unit_price: 10,
      },
    ],
    processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
  };
}

/** The seed's merchant-initiated payment, as written, on the source the first payment stored. */
function seedChargeRequest(sourceId: string): Json {
  return {
    amount: 44,
    currency: 'EUR',
    source: {
      type: 'id',
      id: sourceId,
    },
    payment_type: 'Recurring',
    reference: 'ORD-5023-4E89-1234',
    customer: {
      name: 'John Smith',
      email: 'john.smith@example.com',
    },
    shipping: {
      address: {
        country: 'GB',
      },
    },
    items: [
      {
        reference: '1st item reference',
        name: '1st item name',
        unit_price: 43,
        quantity: 1,
      },
    ],
    processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
  };
}

for (const kind of kinds) {
  describe(`checkout-sdk-node → walletgate: KakaoPay through Alipay+, seed 002 recurring in EUR on ${kind}`, () => {
    const t = ckoGatewayFor(kind);

    it('first Recurring payment in EUR → approved → Captured; the MIT charge of 44 on its src_ → Captured; refunds partial and full', async () => {
      const body = seedFirstPayment(shopUrls(t.gw, 'ORD-5023-4E89'));
      const first = await startPayment(t.cko, body);
      // seed 002's 202: the customer as sent, and the source the payment opens
      assert.equal(first.customer.email, 'john.smith@example.com');
      assert.equal(first.customer.name, 'John Smith');
      assert.deepEqual(first.source, { id: first.source?.id, type: 'kakaopay' });
      assert.match(first.source.id, /^src_[a-z2-7]{26}$/);
      const payment = await t.gw.services.store.payments.getById(parseId('payment', first.id)!);
      assert.equal(payment!.connector, 'alipayplus', 'in euros KakaoPay is carried by Alipay+');

      const finalUrl = await customerDoes(t.gw, first.redirectLink, 'approve');
      assert.equal(finalUrl, `${body.success_url}&cko-payment-id=${first.id}`);
      const captured = await webhook(t.gw, 'payment_captured', first.id);
      assert.equal(captured.data.amount, 1100);
      assert.equal(captured.data.currency, 'EUR');
      assert.deepEqual(captured.data.source, first.source);
      assert.deepEqual(webhookTypes(t.gw, first.id), ['payment_pending', 'payment_approved', 'payment_captured']);
      const got: Json = await t.cko.payments.get(first.id);
      assert.equal(got.status, 'Captured');
      assert.equal(got.payment_type, 'Recurring');
      assert.equal(got.currency, 'EUR');
      assert.deepEqual(got.source, first.source);
      assert.equal(got.balances.total_captured, 1100);

      // the seed's merchant-initiated payment
      const charge: Json = await t.cko.payments.request(seedChargeRequest(got.source.id), 'seed-002-mit');
      assert.match(charge.id, /^pay_[a-z2-7]{26}$/);
      assert.equal(charge.status, 'Pending');
      assert.equal(charge.reference, 'ORD-5023-4E89-1234');
      assert.deepEqual(charge.source, { id: got.source.id, type: 'kakaopay' });
      assert.equal(charge.customer.id, first.customer.id, 'the same customer profile');
      assert.equal(charge.requiresRedirect, false, 'no customer involved');
      const charged = await webhook(t.gw, 'payment_captured', charge.id);
      assert.equal(charged.data.amount, 44);
      assert.equal(charged.data.currency, 'EUR');
      const mit: Json = await t.cko.payments.get(charge.id);
      assert.equal(mit.status, 'Captured');
      assert.equal(mit.balances.total_captured, 44);
      assert.equal(mit.payment_type, 'Recurring');
      assert.deepEqual(mit.items, seedChargeRequest(got.source.id).items);

      // the source is in euros: a charge in won is no charge of it
      await rejectsWith(
        t.cko.payments.request({ amount: 100, currency: 'KRW', source: { id: got.source.id }, reference: 'ORD-krw' }),
        'ValidationError',
        422,
        // the source's own currency is told first
        'currency_invalid',
      );

      // refunds on the charge: part of it, more than is left, then the rest
      const r1: Json = await t.cko.payments.refund(charge.id, { amount: 20, reference: 'refund-1' }, 'seed-002-r1');
      assert.match(r1.action_id, /^act_[a-z2-7]{26}$/);
      assert.equal(r1.reference, 'refund-1');
      const refunded = await webhook(t.gw, 'payment_refunded', charge.id);
      assert.equal(refunded.data.action_id, r1.action_id);
      assert.equal(refunded.data.amount, 20);
      let after: Json = await t.cko.payments.get(charge.id);
      assert.equal(after.status, 'Partially Refunded');
      assert.equal(after.balances.total_refunded, 20);
      assert.equal(after.balances.available_to_refund, 24);
      await rejectsWith(t.cko.payments.refund(charge.id, { amount: 25 }), 'ValidationError', 422, 'refund_amount_exceeds_balance');
      const r2: Json = await t.cko.payments.refund(charge.id); // no amount: the rest
      after = await t.cko.payments.get(charge.id);
      assert.equal(after.status, 'Refunded');
      assert.equal(after.balances.total_refunded, 44);
      assert.equal(after.balances.available_to_refund, 0);
      await rejectsWith(t.cko.payments.refund(charge.id, { amount: 1 }), 'ActionNotAllowed', 403, 'refund_not_allowed');
      const refunds = ((await t.cko.payments.getActions(charge.id)) as Json[]).filter((a) => a.type === 'Refund');
      assert.deepEqual(refunds.map((a) => a.id).sort(), [r1.action_id, r2.action_id].sort());
      assert.ok(
        refunds.every((a) => a.approved === true),
        JSON.stringify(refunds),
      );

      // the first payment, made by Alipay+ once the customer authorized auto debit, is refunded too (in full)
      const r3: Json = await t.cko.payments.refund(first.id, undefined, 'seed-002-first');
      assert.ok(r3.action_id);
      const firstAfter: Json = await t.cko.payments.get(first.id);
      assert.equal(firstAfter.status, 'Refunded');
      assert.equal(firstAfter.balances.total_refunded, 1100);
    });
  });
}
