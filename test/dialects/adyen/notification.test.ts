import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hmacValidator } from '@adyen/api-library';
import { hmacSignature, renderAdyenNotification, type NotificationItem } from '../../../src/dialects/adyen/notification.js';
import { parsePspReference, pspReference } from '../../../src/dialects/adyen/psp-reference.js';
import type { Payment, Preapproval } from '../../../src/core/model.js';
import { CoreError } from '../../../src/core/errors.js';
import { fromCoreError } from '../../../src/dialects/adyen/errors.js';

const links = {
  publicBase: 'http://gw',
  landing: (t: string) => `http://gw/pay/${t}`,
  walletReturn: (t: string) => `http://gw/pay/${t}/return`,
};
const KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
const keys = [
  { kind: 'api_key' as const, keyId: 'ShopECOM', secret: 'AQE-key' },
  { kind: 'signing_key' as const, keyId: 'ShopECOM', secret: KEY },
];
const at = new Date('2026-11-30T10:00:00.000Z');

const payment: Payment = {
  id: 4938078,
  merchantId: 'm',
  dialect: 'adyen',
  reference: 'order-1',
  uniqueReference: null,
  method: 'kakaopay',
  connector: 'kakaopay',
  amount: 15000,
  currency: 'KRW',
  status: 'succeeded',
  capturedAmount: 15000,
  refundedAmount: 0,
  refundReservedAmount: 0,
  description: null,
  customer: null,
  billingAddress: null,
  shippingAddress: null,
  articles: null,
  returnUrl: 'https://shop.example/return',
  customerToken: 'tok',
  expiresAt: null,
  preapprovalId: null,
  customerProfileId: null,
  connectorState: { ref: 'T1' },
  failureCode: null,
  failureMessage: null,
  extras: { merchantAccount: 'ShopECOM' },
  createdAt: at,
  updatedAt: at,
};

function itemOf(body: string): NotificationItem {
  const parsed = JSON.parse(body);
  assert.equal(parsed.live, 'false');
  assert.equal(parsed.notificationItems.length, 1);
  return parsed.notificationItems[0].NotificationRequestItem;
}

describe('Adyen webhook signature', () => {
  it("matches Adyen's published test vector", () => {
    const item = {
      pspReference: '7914073381342284',
      merchantAccountCode: 'TestMerchant',
      merchantReference: 'TestPayment-1407325143704',
      amount: { value: 1130, currency: 'EUR' },
      eventCode: 'AUTHORISATION',
      success: 'true',
    } as NotificationItem;
    assert.equal(hmacSignature(item, KEY), 'coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=');
  });

  it('every rendered event verifies with the library’s HmacValidator, and tampering breaks it', () => {
    const validator = new hmacValidator();
    const n = renderAdyenNotification({ type: 'payment.updated', payment }, { keys, links });
    assert.ok(n);
    assert.equal(n.ack, 'status_2xx');
    assert.equal(n.event, 'AUTHORISATION.true');
    const item = itemOf(n.body);
    assert.equal(item.success, 'true');
    assert.equal(item.merchantAccountCode, 'ShopECOM');
    assert.equal(item.pspReference, pspReference('payment', payment.id));
    assert.ok(validator.validateHMAC(item as never, KEY));
    assert.equal(validator.validateHMAC({ ...item, amount: { value: 1, currency: 'KRW' } } as never, KEY), false);
  });
});

describe('Adyen webhook events', () => {
  const render = (event: Parameters<typeof renderAdyenNotification>[0]) => {
    const n = renderAdyenNotification(event, { keys, links });
    return n && itemOf(n.body);
  };

  it('shopper cancel and decline are AUTHORISATION false; merchant cancel is CANCELLATION; expiry is OFFER_CLOSED', () => {
    const declined = render({ type: 'payment.updated', payment: { ...payment, status: 'failed', failureMessage: 'declined' } });
    assert.deepEqual([declined?.eventCode, declined?.success, declined?.reason], ['AUTHORISATION', 'false', 'declined']);
    const shopper = render({ type: 'payment.updated', payment: { ...payment, status: 'cancelled', failureCode: 'customer_cancelled' } });
    assert.deepEqual([shopper?.eventCode, shopper?.success], ['AUTHORISATION', 'false']);
    const merchant = render({ type: 'payment.updated', payment: { ...payment, status: 'cancelled', failureCode: 'merchant_cancelled' } });
    assert.deepEqual([merchant?.eventCode, merchant?.success, merchant?.originalReference], ['CANCELLATION', 'true', 'WP00000004938078']);
    const expired = render({ type: 'payment.updated', payment: { ...payment, status: 'expired' } });
    assert.deepEqual([expired?.eventCode, expired?.success], ['OFFER_CLOSED', 'true']);
    assert.equal(render({ type: 'payment.updated', payment: { ...payment, status: 'pending_customer' } }), null);
  });

  it('a stored agreement is RECURRING_CONTRACT: pspReference the token, originalReference the first payment', () => {
    const pre = {
      id: 22276,
      merchantId: 'm',
      dialect: 'adyen',
      reference: 'order-1',
      method: 'kakaopay',
      currency: 'KRW',
      status: 'active',
      customerRef: 'shopper-1',
      originPaymentId: payment.id,
      customer: null,
      updatedAt: at,
      createdAt: at,
    } as unknown as Preapproval;
    const item = render({ type: 'preapproval.updated', preapproval: pre });
    assert.equal(item?.eventCode, 'RECURRING_CONTRACT');
    assert.equal(item?.pspReference, 'WT00000000022276');
    assert.equal(item?.originalReference, 'WP00000004938078');
    assert.equal(item?.additionalData['recurring.shopperReference'], 'shopper-1');
    assert.equal(render({ type: 'preapproval.updated', preapproval: { ...pre, originPaymentId: null } }), null);
  });

  it('refunds: REFUND on success, REFUND_FAILED on failure, nothing while pending', () => {
    const refund = {
      id: 16405,
      merchantId: 'm',
      paymentId: payment.id,
      dialect: 'adyen',
      reference: 'r-1',
      amount: 5000,
      currency: 'KRW',
      status: 'succeeded',
      updatedAt: at,
    } as never;
    const ok = render({ type: 'refund.updated', refund, payment });
    assert.deepEqual(
      [ok?.eventCode, ok?.success, ok?.pspReference, ok?.originalReference],
      ['REFUND', 'true', 'WR00000000016405', 'WP00000004938078'],
    );
    const failed = render({ type: 'refund.updated', refund: { ...(refund as object), status: 'failed' } as never, payment });
    assert.equal(failed?.eventCode, 'REFUND_FAILED');
    assert.equal(render({ type: 'refund.updated', refund: { ...(refund as object), status: 'pending' } as never, payment }), null);
  });

  it('no HMAC key, no webhook', () => {
    assert.equal(renderAdyenNotification({ type: 'payment.updated', payment }, { keys: [keys[0]!], links }), null);
  });
});

describe('pspReference', () => {
  it('is 16 characters and reads back only for its own kind', () => {
    const ref = pspReference('payment', 4938078);
    assert.equal(ref.length, 16);
    assert.equal(parsePspReference('payment', ref), 4938078);
    assert.equal(parsePspReference('refund', ref), undefined);
    assert.equal(parsePspReference('payment', 'WP0000000493807x'), undefined);
    assert.equal(parsePspReference('payment', 42), undefined);
  });
});

describe('Adyen error mapping', () => {
  it('names records by pspReference and calls a missing token a missing PaymentDetail (803)', () => {
    const e = fromCoreError(new CoreError('payment_not_refundable', 'Payment 4938079 is refunded; only a paid payment can be refunded.'));
    assert.equal(e.errorCode, '167');
    assert.equal(e.message, 'payment WP00000004938079 is refunded; only a paid payment can be refunded.');
    const t = fromCoreError(new CoreError('not_found', 'Preapproval 99999 was not found for customer s.', { field: 'preapprovalId' }));
    assert.deepEqual([t.status, t.errorCode], [422, '803']);
    assert.match(t.message, /^PaymentDetail not found: stored payment method WT00000000099999 was not found/);
  });
});
