/**
 * The Checkout.com dialect's pure parts: sealed ids, the status and event tables, and the webhook
 * renderer (which events, which key, a signature recomputed here from the raw body).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { ckoId, parseCkoId, parseId } from '../../../src/dialects/checkoutcom/ids.js';
import { newRefund } from '../../storage/sample-records.js';
import { renderCheckoutcomNotification } from '../../../src/dialects/checkoutcom/notification.js';
import { renderGlobalPayNotification } from '../../../src/dialects/globalpay/notification.js';
import { fromCoreError } from '../../../src/dialects/checkoutcom/errors.js';
import { CoreError, ERROR_CODES } from '../../../src/core/errors.js';
import { PAYMENT_STATUSES, type Payment, type PaymentStatus, type Refund } from '../../../src/core/model.js';

const links = {
  publicBase: 'http://gw',
  landing: (t: string) => `http://gw/pay/${t}`,
  walletReturn: (t: string) => `http://gw/pay/${t}/return`,
};
const keys = [
  { kind: 'api_key' as const, keyId: 'pc_one', secret: 'sk_sbox_x' },
  { kind: 'signing_key' as const, keyId: 'pc_other', secret: 'other-key' },
  { kind: 'signing_key' as const, keyId: 'pc_one', secret: 'channel-key' },
];
const at = new Date('2026-12-01T10:00:00.000Z');
const payment: Payment = {
  id: 4938078,
  merchantId: 'm',
  dialect: 'checkoutcom',
  reference: 'ORD-5023-4E89',
  uniqueReference: null,
  method: 'kakaopay',
  connector: 'kakaopay',
  amount: 1100,
  currency: 'KRW',
  status: 'succeeded',
  capturedAmount: 1100,
  refundedAmount: 0,
  refundReservedAmount: 0,
  description: null,
  customer: { email: 'a@b.example', name: 'John Smith' },
  billingAddress: null,
  shippingAddress: null,
  articles: null,
  returnUrl: null,
  customerToken: 'tok',
  expiresAt: null,
  preapprovalId: null,
  customerProfileId: 12,
  connectorState: { ref: 'T1' },
  failureCode: null,
  failureMessage: null,
  extras: { processingChannelId: 'pc_one', paymentType: 'Regular', terminalType: 'WEB', metadata: { order: 7 } },
  createdAt: at,
  updatedAt: at,
};

describe('checkoutcom ids', () => {
  it('round-trip per kind, look like Checkout.com ids, and are not sequential', () => {
    const a = ckoId('payment', 4938078);
    const b = ckoId('payment', 4938079);
    assert.match(a, /^pay_[a-z2-7]{26}$/);
    assert.match(ckoId('refund', 1), /^act_[a-z2-7]{26}$/);
    assert.match(ckoId('source', 1), /^src_[a-z2-7]{26}$/);
    assert.match(ckoId('customer', 1), /^cus_[a-z2-7]{26}$/);
    assert.equal(parseId('payment', a), 4938078);
    assert.notEqual(a.slice(4, 10), b.slice(4, 10), 'neighbouring ids share no visible prefix');
    assert.deepEqual(parseCkoId(['authorization', 'capture', 'refund'], ckoId('capture', 9)), { kind: 'capture', id: 9 });
  });

  it('are the same ids from one release to the next (ids merchants keep), however many are made or refused in between', () => {
    assert.equal(ckoId('payment', 4938078), 'pay_magytbgprrac7k7ik5ty5xtcie');
    // a made-up id refused between two good ones leaves the shared cipher in step
    assert.equal(parseCkoId(['payment'], 'pay_aaaaaaaaaaaaaaaaaaaaaaaaaa'), undefined);
    for (let id = 1; id <= 500; id++) assert.equal(parseId('payment', ckoId('payment', id)), id);
    assert.equal(ckoId('payment', 4938078), 'pay_magytbgprrac7k7ik5ty5xtcie');
    // ids made lately are remembered (ids.ts): more of them than it keeps, of two kinds of one number, each
    // made twice, are still each its own, and the first one is still the same after it has started over
    for (let id = 1; id <= 5_000; id++) {
      const pay = ckoId('payment', id);
      assert.equal(ckoId('payment', id), pay);
      assert.deepEqual(parseCkoId(['refund'], ckoId('refund', id)), { kind: 'refund', id });
      assert.equal(parseId('payment', pay), id);
    }
    assert.equal(ckoId('payment', 4938078), 'pay_magytbgprrac7k7ik5ty5xtcie');
  });

  it('refuses ids of another kind, made-up ids, and non-canonical spellings', () => {
    assert.equal(parseId('refund', ckoId('capture', 9)), undefined);
    assert.equal(parseId('payment', ckoId('source', 9).replace('src_', 'pay_')), undefined);
    assert.equal(parseId('payment', 'pay_sxzrgliy2w3e5gpnby3chlswwq'), undefined, "Checkout.com's own example id");
    assert.equal(parseId('payment', 'pay_x'), undefined);
    assert.equal(parseId('payment', 'PAY_' + ckoId('payment', 1).slice(4)), undefined);
    const id = ckoId('payment', 77);
    const last = id.at(-1)!;
    const sibling = id.slice(0, -1) + 'abcdefghijklmnopqrstuvwxyz234567'[('abcdefghijklmnopqrstuvwxyz234567'.indexOf(last) ^ 1) & 31];
    assert.equal(parseId('payment', sibling), undefined, 'the padding bits must be zero');
  });
});

describe('checkoutcom errors', () => {
  it('every core error code maps to a Checkout.com status, type and code (never a 500 for client errors)', () => {
    for (const code of ERROR_CODES) {
      const e = fromCoreError(new CoreError(code, 'x'));
      assert.ok(e.errorCodes.length > 0 && e.errorCodes.every((c) => /^[a-z_]+$/.test(c)), code);
      if (!['internal', 'connector_unavailable'].includes(code)) assert.ok(e.status < 500, `${code} → ${e.status}`);
    }
    assert.deepEqual(fromCoreError(new CoreError('currency_unsupported', 'x')).errorCodes, ['currency_not_supported']);
    assert.equal(fromCoreError(new CoreError('payment_not_refundable', 'x')).status, 403);
    assert.equal(fromCoreError(new CoreError('not_found', 'x', { field: 'id' })).status, 404);
  });
});

describe('checkoutcom webhooks', () => {
  const render = (status: PaymentStatus) =>
    renderCheckoutcomNotification({ type: 'payment.updated', payment: { ...payment, status } }, { keys, links }) ?? [];

  it('raise the events of the status table, signed with the key of the payment channel', () => {
    assert.deepEqual(
      render('succeeded').map((n) => n.event),
      ['payment_approved', 'payment_captured'],
    );
    const expected: Record<PaymentStatus, string[]> = {
      created: [],
      pending_customer: ['payment_pending'],
      processing: [],
      succeeded: ['payment_approved', 'payment_captured'],
      partially_refunded: [],
      refunded: [],
      failed: ['payment_declined'],
      cancelled: ['payment_canceled'],
      expired: ['payment_expired'],
    };
    for (const s of PAYMENT_STATUSES)
      assert.deepEqual(
        render(s).map((n) => n.event),
        expected[s],
        s,
      );
    for (const n of render('succeeded')) {
      assert.equal(n.ack, 'status_2xx');
      assert.equal(n.headers['Cko-Signature'], createHmac('sha256', 'channel-key').update(n.body).digest('hex'));
      const body = JSON.parse(n.body);
      assert.equal(body.type, n.event);
      assert.equal(body.data.id, ckoId('payment', payment.id));
      assert.equal(body.data.reference, 'ORD-5023-4E89');
      assert.deepEqual(body.data.customer, { id: ckoId('customer', 12), email: 'a@b.example', name: 'John Smith' });
      assert.deepEqual(body.data.metadata, { order: 7 });
      assert.equal(body.data.processing_channel_id, 'pc_one');
      assert.equal(body.data.balances.available_to_refund, 1100);
      assert.equal(body._links.payment.href, `http://gw/checkoutcom/payments/${ckoId('payment', payment.id)}`);
    }
  });

  it('refunds: pending, refunded, declined, with the refund action id; no key, no webhook', () => {
    const refund: Refund = {
      ...newRefund('m', payment.id, { dialect: 'checkoutcom', reference: 'r-1', amount: 300 }),
      id: 16405,
      createdAt: at,
      updatedAt: at,
    };
    const types = (['pending', 'succeeded', 'failed'] as const).map((status) => {
      const [n] = renderCheckoutcomNotification({ type: 'refund.updated', refund: { ...refund, status }, payment }, { keys, links })!;
      assert.equal(JSON.parse(n!.body).data.action_id, ckoId('refund', 16405));
      assert.equal(JSON.parse(n!.body).data.amount, 300);
      return n!.event;
    });
    assert.deepEqual(types, ['payment_refund_pending', 'payment_refunded', 'payment_refund_declined']);
    assert.equal(renderCheckoutcomNotification({ type: 'payment.updated', payment }, { keys: [keys[0]!], links }), null);
  });

  it('GlobalPay stays quiet about waiting states and pending refunds (now that every change is an event)', () => {
    const gp = [{ kind: 'api_key' as const, keyId: '30201', secret: 'k' }];
    const ctx = { keys: gp, links };
    const gpPayment = { ...payment, dialect: 'globalpay' as const };
    assert.equal(
      renderGlobalPayNotification({ type: 'payment.updated', payment: { ...gpPayment, status: 'pending_customer' } }, ctx),
      null,
    );
    assert.ok(renderGlobalPayNotification({ type: 'payment.updated', payment: gpPayment }, ctx));
  });
});
