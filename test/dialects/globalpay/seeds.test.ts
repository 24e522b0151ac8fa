/**
 * Every KakaoPay example of seeds 000/004, pasted verbatim, against a fresh store (whose first ids
 * are the seeds' own: preapproval 22276, payment 4938078). Each response must have every field the
 * seed's response has.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiKeyTag, SIGNING_KEY_EXTRA } from '../../../src/dialects/globalpay/auth.js';
import { renderGlobalPayNotification } from '../../../src/dialects/globalpay/notification.js';
import { links, SEED_AUTH, SEED_KEYS, SITE_ID, startHarness, type Harness } from './harness.js';

// seed 004 lines 1813–1829 (= seed 000)
const PREAPPROVAL_REQUEST = `{
 "Preapproval": {
   "MerchantPreapprovalID": "s2ptest_kAKAOPAY_PreapprovalS1",
   "Currency": "KRW",
   "Description": "1 year subscription",
   "ReturnURL": "http://demo.smart2pay.com/redirect.php",
   "MethodID": 1135,
   "Customer": {
      "FirstName": "John",
      "LastName": "Doe",
      "Email": "jdoe@gmail.com"
     },
   "BillingAddress": {
      "Country": "KR"
      }
   }
}`;

// seed 004 lines 1965–1977
const RECURRENT_REQUEST = `{
  "Payment": {
    "PreapprovalID": 22276,
    "MerchantTransactionID": "reccuringPayin-GCashRecurrent526",
    "Amount": 100,
    "Currency": "KRW",
    "MethodID": 1135,
    "Description": "recurring payment",
    "BillingAddress": {
      "Country": "KR"
    } 
  }
}`;

// seed 004 lines 795–800
const REFUND_REQUEST = `{
  "Refund": {
    "MerchantTransactionID": "s2ptest_g28_a",
    "Amount": 100
   }
}`;

const SEED_PREAPPROVAL_KEYS = [
  'ID',
  'Created',
  'MethodID',
  'SiteID',
  'MerchantPreapprovalID',
  'RecurringPeriod',
  'PreapprovedMaximumAmount',
  'Currency',
  'ReturnURL',
  'Description',
  'Customer',
  'BillingAddress',
  'Status',
  'RedirectURL',
  'MethodOptionID',
  'PreapprovedFrequency',
  'MandateReference',
  'Details',
];
const SEED_CUSTOMER_KEYS = [
  'ID',
  'MerchantCustomerID',
  'Email',
  'FirstName',
  'LastName',
  'Gender',
  'SocialSecurityNumber',
  'Phone',
  'Company',
  'DateOfBirth',
];
const SEED_ADDRESS_KEYS = ['ID', 'City', 'ZipCode', 'State', 'Street', 'StreetNumber', 'HouseNumber', 'HouseExtension', 'Country'];
// seed 004 lines 1985–2034 plus "Splits" (AlipayHK recurrent response, line 1130)
const SEED_PAYMENT_KEYS = [
  'ID',
  'SkinID',
  'ClientIP',
  'Created',
  'MerchantTransactionID',
  'OriginatorTransactionID',
  'Amount',
  'Currency',
  'CapturedAmount',
  'ReturnURL',
  'Description',
  'MethodID',
  'MethodOptionID',
  'IncludeMethodIDs',
  'ExcludeMethodIDs',
  'PrioritizeMethodIDs',
  'SiteID',
  'NotificationDateTime',
  'Customer',
  'BillingAddress',
  'ShippingAddress',
  'Articles',
  'Details',
  'ReferenceDetails',
  'CustomParameters',
  'PreapprovalID',
  'Status',
  'Fraud',
  'MethodTransactionID',
  'TokenLifetime',
  'Capture',
  'PreapprovalDetails',
  'RedirectURL',
  'Splits',
];
const SEED_REFUND_KEYS = [
  'ID',
  'Created',
  'MerchantTransactionID',
  'OriginatorTransactionID',
  'InitialPaymentID',
  'Amount',
  'Currency',
  'Description',
  'TypeID',
  'SiteID',
  'Details',
  'Customer',
  'BillingAddress',
  'BankAddress',
  'Articles',
  'Status',
];

function assertHasKeys(obj: Record<string, unknown>, keys: string[], what: string): void {
  for (const k of keys) assert.ok(Object.hasOwn(obj, k), `${what} lacks ${k}`);
}

describe('GlobalPay seed examples (KakaoPay)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  it('the seed Authorization header is accepted as sent', async () => {
    const res = await h.gp('GET', '/v1/payments', undefined, { auth: SEED_AUTH });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { Payments: [] });
  });

  it('KakaoPay preapproval request → 201 with the seed response shape', async () => {
    const res = await h.gp('POST', '/v1/preapprovals', PREAPPROVAL_REQUEST);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    const p = res.json.Preapproval;
    assert.deepEqual(Object.keys(res.json), ['Preapproval']);
    assertHasKeys(p, SEED_PREAPPROVAL_KEYS, 'Preapproval');
    assertHasKeys(p.Customer, SEED_CUSTOMER_KEYS, 'Preapproval.Customer');
    assertHasKeys(p.BillingAddress, SEED_ADDRESS_KEYS, 'Preapproval.BillingAddress');
    assert.equal(p.ID, 22276);
    assert.match(p.Created, /^\d{14}$/);
    assert.equal(p.MethodID, 1135);
    assert.equal(p.SiteID, 30201);
    assert.equal(p.MerchantPreapprovalID, 's2ptest_kAKAOPAY_PreapprovalS1');
    assert.equal(p.RecurringPeriod, 0);
    assert.equal(p.PreapprovedMaximumAmount, null);
    assert.equal(p.Currency, 'KRW');
    assert.equal(p.ReturnURL, 'http://demo.smart2pay.com/redirect.php');
    assert.equal(p.Description, '1 year subscription');
    assert.equal(typeof p.Customer.ID, 'number');
    assert.equal(p.Customer.Email, 'jdoe@gmail.com');
    assert.equal(p.Customer.FirstName, 'John');
    assert.equal(p.Customer.LastName, 'Doe');
    assert.equal(p.Customer.Phone, null);
    assert.equal(typeof p.BillingAddress.ID, 'number');
    assert.equal(p.BillingAddress.Country, 'KR');
    assert.equal(p.BillingAddress.City, null);
    assert.deepEqual(p.Status, { ID: 1, Info: 'Pending', Reasons: null });
    assert.match(p.RedirectURL, /^http:\/\/wg\.test\/pay\/[A-Za-z0-9_-]{32}$/);
    assert.equal(p.MethodOptionID, 0);
    assert.equal(p.MandateReference, null);
    assert.equal(h.wallet.calls.at(-1)?.name, 'startPayment');
  });

  it('the preapproval notification after the customer agrees has the seed shape, Status 2, Basic auth of the site', async () => {
    await h.customerReturns('preapproval', 22276);
    const event = h.events.findLast((e) => e.type === 'preapproval.updated');
    assert.ok(event && event.type === 'preapproval.updated');
    assert.equal(event.preapproval.status, 'active');
    const n = renderGlobalPayNotification(event, { keys: [{ kind: 'api_key', keyId: SITE_ID, secret: SEED_KEYS[0] }], links });
    assert.ok(n);
    assert.equal(n.event, 'preapproval.active');
    assert.equal(n.ack, 'status_204');
    assert.equal(n.headers.Authorization, SEED_AUTH);
    assert.equal(n.headers['Content-Type'], 'application/json; charset=utf-8');
    const body = JSON.parse(n.body);
    assert.deepEqual(Object.keys(body), ['Preapproval']);
    assertHasKeys(body.Preapproval, SEED_PREAPPROVAL_KEYS, 'notification Preapproval');
    assert.equal(body.Preapproval.ID, 22276);
    assert.equal(body.Preapproval.Status.ID, 2);
    assert.equal(body.Preapproval.RedirectURL, null);
  });

  it('KakaoPay recurring payment request → 201 with the seed response shape', async () => {
    const res = await h.gp('POST', '/v1/payments/recurrent', RECURRENT_REQUEST);
    assert.equal(res.status, 201, res.text);
    const p = res.json.Payment;
    assertHasKeys(p, SEED_PAYMENT_KEYS, 'Payment');
    assertHasKeys(p.BillingAddress, SEED_ADDRESS_KEYS, 'Payment.BillingAddress');
    assert.equal(p.ID, 4938078);
    assert.equal(p.MerchantTransactionID, 'reccuringPayin-GCashRecurrent526');
    assert.equal(p.Amount, '100');
    assert.equal(p.Currency, 'KRW');
    assert.equal(p.ReturnURL, null);
    assert.equal(p.Description, 'recurring payment');
    assert.equal(p.MethodID, 1135);
    assert.equal(p.SiteID, 30201);
    assert.equal(p.Customer, null);
    assert.equal(p.BillingAddress.Country, 'KR');
    assert.equal(p.PreapprovalID, 22276);
    // walletgate charges the agreement synchronously: the outcome is already known
    assert.deepEqual(p.Status, { ID: 2, Info: 'Success', Reasons: null });
    assert.match(p.MethodTransactionID, /^T\d+$/);
    assert.equal(p.RedirectURL, null);
    const charge = h.wallet.calls.findLast((c) => c.name === 'chargeAgreement');
    assert.deepEqual((charge?.input as { amount: number; currency: string }).amount, 100);
  });

  it('the payment notification has the seed shape with Status 2 Success and NotificationDateTime', async () => {
    const event = h.events.findLast((e) => e.type === 'payment.updated');
    assert.ok(event && event.type === 'payment.updated');
    const n = renderGlobalPayNotification(event, { keys: [{ kind: 'api_key', keyId: SITE_ID, secret: SEED_KEYS[1] }], links });
    assert.ok(n);
    assert.equal(n.event, 'payment.succeeded');
    assert.equal(n.headers.Authorization, `Basic ${Buffer.from(`30201:${SEED_KEYS[1]}`).toString('base64')}`);
    const p = JSON.parse(n.body).Payment;
    assertHasKeys(p, SEED_PAYMENT_KEYS, 'notification Payment');
    assert.deepEqual(p.Status, { ID: 2, Info: 'Success', Reasons: null });
    assert.match(p.NotificationDateTime, /^\d{14}$/);
    assert.equal(p.PreapprovalID, 22276);
  });

  it("a notification is signed with the API key its record was made with, else with the site's first key", () => {
    const event = h.events.findLast((e) => e.type === 'payment.updated');
    assert.ok(event && event.type === 'payment.updated');
    const both = [SEED_KEYS[0], SEED_KEYS[1]].map((secret) => ({ kind: 'api_key' as const, keyId: SITE_ID, secret }));
    const header = (key: string) => `Basic ${Buffer.from(`30201:${key}`).toString('base64')}`;
    const madeWith = (key: string | undefined) => ({
      ...event,
      payment: {
        ...event.payment,
        extras: { ...event.payment.extras, [SIGNING_KEY_EXTRA]: key === undefined ? undefined : apiKeyTag(key) },
      },
    });
    assert.equal(renderGlobalPayNotification(madeWith(SEED_KEYS[1]), { keys: both, links })?.headers.Authorization, header(SEED_KEYS[1]));
    assert.equal(renderGlobalPayNotification(madeWith(SEED_KEYS[0]), { keys: both, links })?.headers.Authorization, header(SEED_KEYS[0]));
    // a key since removed, or a record from before keys were remembered: the first key
    assert.equal(renderGlobalPayNotification(madeWith('removed-key'), { keys: both, links })?.headers.Authorization, header(SEED_KEYS[0]));
    assert.equal(renderGlobalPayNotification(madeWith(undefined), { keys: both, links })?.headers.Authorization, header(SEED_KEYS[0]));
    // the tag is no answer field
    assert.ok(
      !JSON.stringify(renderGlobalPayNotification(madeWith(SEED_KEYS[1]), { keys: both, links })).includes(apiKeyTag(SEED_KEYS[1])),
    );
  });

  it('the seed refund request on that payment → 201 with the seed response shape', async () => {
    const res = await h.gp('POST', '/v1/payments/4938078/refunds', REFUND_REQUEST);
    assert.equal(res.status, 201, res.text);
    const r = res.json.Refund;
    assertHasKeys(r, SEED_REFUND_KEYS, 'Refund');
    assert.equal(r.ID, 16405);
    assert.equal(r.MerchantTransactionID, 's2ptest_g28_a');
    assert.equal(r.InitialPaymentID, 4938078);
    assert.equal(r.Amount, '100');
    assert.equal(r.Currency, 'KRW');
    assert.equal(r.TypeID, 1);
    assert.equal(r.SiteID, 30201);
    assert.deepEqual(r.Status, { ID: 2, Info: 'Success', Reasons: null });
    const payment = await h.gp('GET', '/v1/payments/4938078');
    assert.deepEqual(payment.json.Payment.Status, { ID: 22, Info: 'Refunded', Reasons: null });
  });

  it('the seed 400 example (Currency "CN") answers with the seed body', async () => {
    const res = await h.gp('POST', '/v1/payments', {
      Payment: {
        MerchantTransactionID: 's2ptest_h32',
        Amount: '100',
        Currency: 'CN',
        MethodID: 24,
        ReturnURL: 'http://demo.smart2pay.com/redirect.php',
        TokenLifetime: 10,
        BillingAddress: { Country: 'CN' },
        Articles: [{ Name: 'TEST', Quantity: 1 }],
      },
    });
    assert.equal(res.status, 400);
    const p = res.json.Payment;
    assertHasKeys(p, SEED_PAYMENT_KEYS, 'error Payment');
    assert.deepEqual(p.Status, {
      ID: null,
      Info: null,
      Reasons: [{ Code: '2', Info: 'Validation failed - Currency (RegEx: ^[A-Z]{3}$)' }],
    });
    assert.equal(p.ID, null);
    assert.equal(p.MerchantTransactionID, 's2ptest_h32');
    assert.equal(p.Amount, '100');
    assert.equal(p.Currency, 'CN');
    assert.equal(p.MethodID, 24);
    assert.equal(p.ReturnURL, 'http://demo.smart2pay.com/redirect.php');
    assert.equal(p.SiteID, null);
    assert.equal(p.BillingAddress, null);
    assert.equal(p.Articles, null);
  });

  it('the seed Alipay (24) payment is refused with code 9 where no Alipay+ is configured', async () => {
    const before = await h.counts();
    const res = await h.gp('POST', '/v1/payments', {
      Payment: {
        MerchantTransactionID: 's2ptest_h31',
        Amount: '100',
        Currency: 'CNY',
        MethodID: 24,
        ReturnURL: 'http://demo.smart2pay.com/redirect.php',
        TokenLifetime: 10,
        BillingAddress: { Country: 'CN' },
        Articles: [{ Name: 'TEST', Quantity: 1 }],
      },
    });
    assert.equal(res.status, 400);
    assert.equal(res.json.Payment.Status.Reasons[0].Code, '9');
    assert.match(
      res.json.Payment.Status.Reasons[0].Info,
      /^Method is unavailable - Payment method alipay_cn is not available: no wallet configured in this gateway carries it/,
    );
    assert.deepEqual(await h.counts(), before);
  });
});
