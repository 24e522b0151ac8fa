/** The pure parts: status tables, field order, timestamps, key normalisation, return URLs, notifications, error table. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES } from '../../../src/core/errors.js';
import {
  PAYMENT_STATUSES,
  PREAPPROVAL_STATUSES,
  REFUND_STATUSES,
  type Payment,
  type Preapproval,
  type Refund,
} from '../../../src/core/model.js';
import { CORE_ERROR_MAP, GlobalPayError } from '../../../src/dialects/globalpay/errors.js';
import { errorEnvelope, FIELD_ORDER } from '../../../src/dialects/globalpay/error-envelope.js';
import { mapPayment, mapPreapproval, mapRefund } from '../../../src/dialects/globalpay/mappers.js';
import { normaliseKeys } from '../../../src/dialects/globalpay/normalise-keys.js';
import { renderGlobalPayNotification } from '../../../src/dialects/globalpay/notification.js';
import { globalpayReturnUrl } from '../../../src/dialects/globalpay/return-url.js';
import {
  PAYMENT_STATUS_MAP,
  PREAPPROVAL_STATUS_MAP,
  REFUND_STATUS_MAP,
  paymentStatusesForId,
} from '../../../src/dialects/globalpay/statuses.js';
import { formatGlobalPayTime, parseGlobalPayTime } from '../../../src/dialects/globalpay/timestamps.js';
import { links } from './harness.js';

const created = new Date(Date.UTC(2020, 2, 31, 7, 28, 56));

const payment: Payment = {
  id: 4938078,
  merchantId: 'm',
  dialect: 'globalpay',
  reference: 'ref-1',
  uniqueReference: 'ref-1',
  method: 'kakaopay',
  connector: 'kakaopay',
  amount: 15000,
  currency: 'KRW',
  status: 'pending_customer',
  capturedAmount: 0,
  refundedAmount: 0,
  refundReservedAmount: 0,
  description: null,
  customer: null,
  billingAddress: { country: 'KR' },
  shippingAddress: null,
  articles: null,
  returnUrl: 'https://shop.test/back?order=1&x=a%20b#top',
  customerToken: 'tok123',
  expiresAt: new Date(created.getTime() + 15 * 60_000),
  preapprovalId: null,
  customerProfileId: null,
  connectorState: { ref: 'T1' },
  failureCode: null,
  failureMessage: null,
  extras: { SkinID: 3 },
  createdAt: created,
  updatedAt: new Date(created.getTime() + 60_000),
};

const preapproval: Preapproval = {
  id: 22276,
  merchantId: 'm',
  dialect: 'globalpay',
  reference: 'pre 1',
  uniqueReference: 'pre 1',
  method: 'kakaopay',
  connector: 'kakaopay',
  currency: 'KRW',
  customerRef: null,
  originPaymentId: null,
  description: '1 year',
  returnUrl: 'http://demo.smart2pay.com/redirect.php',
  customer: { email: 'jdoe@gmail.com' },
  billingAddress: { country: 'KR' },
  recurringPeriod: null,
  maxAmount: null,
  status: 'pending',
  customerToken: 'ptok',
  expiresAt: null,
  agreementToken: 'SID-secret',
  connectorState: {},
  failureCode: null,
  failureMessage: null,
  extras: {},
  createdAt: created,
  updatedAt: created,
};

const refund: Refund = {
  id: 16405,
  merchantId: 'm',
  paymentId: 4938078,
  dialect: 'globalpay',
  reference: 'rf',
  amount: 100,
  currency: 'KRW',
  status: 'failed',
  description: null,
  articles: null,
  connectorRef: null,
  needsSync: false,
  failureCode: 'invalid',
  failureMessage: 'bad tid',
  extras: {},
  createdAt: created,
  updatedAt: created,
};

describe('GlobalPay mappers', () => {
  it('status tables cover every core status with documented GlobalPay ids', () => {
    const documented = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 30, 33, 34, 35]);
    for (const s of PAYMENT_STATUSES) assert.ok(documented.has(PAYMENT_STATUS_MAP[s].ID), s);
    for (const s of PREAPPROVAL_STATUSES) assert.ok([1, 2, 3, 4].includes(PREAPPROVAL_STATUS_MAP[s].ID), s);
    for (const s of REFUND_STATUSES) assert.ok([1, 2, 4].includes(REFUND_STATUS_MAP[s].ID), s);
    assert.equal(PREAPPROVAL_STATUS_MAP.closed.ID, 4);
    assert.deepEqual(paymentStatusesForId(1).sort(), ['created', 'pending_customer', 'processing']);
  });

  it('the error table maps every core error code to a documented HTTP status', () => {
    for (const code of ERROR_CODES) assert.ok([400, 401, 402, 404, 500, 502].includes(CORE_ERROR_MAP[code].http), code);
  });

  it('objects have the documented fields in the documented order, equal to the error envelope', () => {
    const ctx = { siteId: 30201, links };
    assert.deepEqual(Object.keys(mapPayment(payment, ctx)), FIELD_ORDER.payment);
    assert.deepEqual(Object.keys(mapPreapproval(preapproval, ctx)), FIELD_ORDER.preapproval);
    assert.deepEqual(Object.keys(mapRefund(refund, ctx)), FIELD_ORDER.refund);
    const err = new GlobalPayError(400, '2', 'x');
    assert.deepEqual(Object.keys(errorEnvelope('payment', err).Payment as object), FIELD_ORDER.payment);
  });

  it('maps a payment: Created UTC, Amount as a string, TokenLifetime, RedirectURL, extras', () => {
    const p = mapPayment(payment, { siteId: 30201, links });
    assert.equal(p.Created, '20200331072856');
    assert.equal(p.Amount, '15000');
    assert.equal(p.TokenLifetime, 15);
    assert.equal(p.RedirectURL, 'http://wg.test/pay/tok123');
    assert.equal(p.SkinID, 3);
    assert.equal(p.MethodTransactionID, 'T1');
    assert.equal(p.NotificationDateTime, null);
    assert.deepEqual(p.BillingAddress, {
      ID: 4938078,
      City: null,
      ZipCode: null,
      State: null,
      Street: null,
      StreetNumber: null,
      HouseNumber: null,
      HouseExtension: null,
      Country: 'KR',
    });
    const failed = mapPayment({ ...payment, status: 'failed', failureCode: '-782', failureMessage: 'No money' }, { siteId: 1, links });
    assert.deepEqual(failed.Status, {
      ID: 4,
      Info: 'Failed',
      Reasons: [{ Code: '121', Info: 'Unable to authorize transaction - No money (wallet code -782)' }],
    });
    assert.equal(failed.RedirectURL, null);
  });

  it('never exposes the wallet agreement token', () => {
    assert.doesNotMatch(JSON.stringify(mapPreapproval({ ...preapproval, status: 'active' }, { siteId: 1, links })), /SID-secret/);
  });

  it('a failed refund carries code 15 when walletgate sent something invalid', () => {
    assert.deepEqual(mapRefund(refund, { siteId: 1, links }).Status, {
      ID: 4,
      Info: 'Failed',
      Reasons: [{ Code: '15', Info: 'Unable to process the transaction - bad tid' }],
    });
  });

  it('timestamps: yyyyMMddHHmmss UTC both ways; impossible dates refused', () => {
    assert.equal(formatGlobalPayTime(created), '20200331072856');
    assert.equal(parseGlobalPayTime('20200331072856')?.getTime(), created.getTime());
    for (const bad of ['20200230000000', '2020033107285', '20201301000000', 'abcdefghijklmn', '20200331246000'])
      assert.equal(parseGlobalPayTime(bad), undefined, bad);
  });

  it('normalises key case to PascalCase, keeps unknown keys, drops __proto__, exact spelling wins', () => {
    const parsed = JSON.parse(
      '{"payment":{"merchanttransactionid":"a","AMOUNT":"1","Amount":"2","billingaddress":{"COUNTRY":"KR"},"Foo":1,"__proto__":{"polluted":true}}}',
    );
    const n = normaliseKeys(parsed) as Record<string, Record<string, unknown>>;
    assert.deepEqual(n, { Payment: { MerchantTransactionID: 'a', Amount: '2', BillingAddress: { Country: 'KR' }, Foo: 1 } });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('GlobalPay return URL', () => {
  it('appends data, MerchantTransactionID, keeping the merchant’s query and fragment', () => {
    assert.equal(
      globalpayReturnUrl({ kind: 'payment', payment: { ...payment, status: 'succeeded' } }),
      'https://shop.test/back?order=1&x=a%20b&data=2&MerchantTransactionID=ref-1#top',
    );
    assert.equal(
      globalpayReturnUrl({ kind: 'payment', payment: { ...payment, returnUrl: 'https://shop.test/r', status: 'cancelled' } }),
      'https://shop.test/r?data=3&MerchantTransactionID=ref-1',
    );
    assert.equal(globalpayReturnUrl({ kind: 'payment', payment: { ...payment, returnUrl: null } }), null);
  });

  it('for a preapproval: data, PreapprovalID, MerchantPreapprovalID (encoded)', () => {
    assert.equal(
      globalpayReturnUrl({ kind: 'preapproval', preapproval: { ...preapproval, status: 'active' } }),
      'http://demo.smart2pay.com/redirect.php?data=2&PreapprovalID=22276&MerchantPreapprovalID=pre%201',
    );
  });
});

describe('GlobalPay notifications', () => {
  it('a refund notification: event name, root key, Basic auth header, 204 ack', () => {
    const n = renderGlobalPayNotification(
      { type: 'refund.updated', refund: { ...refund, status: 'succeeded' }, payment },
      { keys: [{ kind: 'api_key', keyId: '30201', secret: 'k' }], links },
    );
    assert.ok(n);
    assert.equal(n.event, 'refund.succeeded');
    assert.equal(n.ack, 'status_204');
    assert.deepEqual(n.headers, {
      Authorization: `Basic ${Buffer.from('30201:k').toString('base64')}`,
      'Content-Type': 'application/json; charset=utf-8',
    });
    const body = JSON.parse(n.body);
    assert.deepEqual(Object.keys(body), ['Refund']);
    assert.equal(body.Refund.SiteID, 30201);
    assert.deepEqual(body.Refund.Status, { ID: 2, Info: 'Success', Reasons: null });
  });

  it('a payment notification carries NotificationDateTime (the time of the change)', () => {
    const n = renderGlobalPayNotification(
      { type: 'payment.updated', payment: { ...payment, status: 'expired' } },
      { keys: [{ kind: 'api_key', keyId: '30201', secret: 'k' }], links },
    );
    assert.ok(n);
    assert.equal(n.event, 'payment.expired');
    const p = JSON.parse(n.body).Payment;
    assert.equal(p.NotificationDateTime, '20200331072956');
    assert.deepEqual(p.Status, { ID: 5, Info: 'Expired', Reasons: null });
  });
});
