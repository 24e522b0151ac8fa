/**
 * Keeps docs/openapi/globalpay.yaml true: its operations are exactly the routes walletgate serves under
 * /globalpay, every request this test sends validates against the described request body, and every
 * answer and every notification of real flows (one-time payment, preapproval and recurrent charges,
 * refunds, error answers) over real HTTP, on SQLite and on PostgreSQL, validates against the described
 * schemas. A last group proves the validator bites: a correct body with one field changed must fail.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadOpenApi } from '../helpers/openapi-check.js';
import { DEMO_AUTH, startGateway, type Gateway } from '../helpers/gateway-harness.js';
import type { ReceivedNotification } from '../helpers/merchant-receiver.js';
import { storeKinds } from '../helpers/stores.js';
import { kakaoPreapproval } from '../dialects/globalpay/harness.js';

const SPEC_FILE = fileURLToPath(new URL('../../docs/openapi/globalpay.yaml', import.meta.url));
const api = loadOpenApi(SPEC_FILE);

// --- request bodies: the requests this test sends must fit the description too
function requestFits(method: string, template: string, body: unknown): { ok: boolean; errors: string } {
  const { ok, why } = api.requestVerdict(method, template, body);
  return { ok, errors: why };
}

function assertRequestFits(method: string, template: string, body: unknown): void {
  const { ok, errors } = requestFits(method, template, body);
  assert.ok(ok, `${method} ${template}: a request walletgate accepts does not fit the described request body:\n${errors}`);
}

function assertRequestRefused(method: string, template: string, body: unknown): void {
  assert.equal(
    requestFits(method, template, body).ok,
    false,
    `${method} ${template}: the description accepts a request walletgate refuses`,
  );
}

// --- calls
type Answer = Awaited<ReturnType<Gateway['gp']>>;
type Root = 'Payment' | 'Preapproval' | 'Refund';

interface CallOptions {
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  body?: unknown;
  /** null: no Authorization header; default: the demo merchant's */
  auth?: string | null;
}

/** Calls `method template` (a described path), asserts the HTTP status, and validates the answer against the description. */
async function call(gw: Gateway, method: string, template: string, status: number, opts: CallOptions = {}): Promise<Answer> {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(opts.params?.[name] ?? '')));
  const url = path + (opts.query ? `?${new URLSearchParams(opts.query).toString()}` : '');
  if (status < 300 && opts.body !== undefined) assertRequestFits(method, template, opts.body);
  const res = opts.auth === undefined ? await gw.gp(method, url, opts.body) : await gw.gp(method, url, opts.body, opts.auth);
  assert.equal(res.status, status, `${method} ${url} answered ${res.status}: ${JSON.stringify(res.json).slice(0, 1000)}`);
  api.assertResponse(method, template, res.status, res.json);
  return res;
}

/** Raw request (wrong media type, oversized body), validated like `call`. */
async function rawCall(gw: Gateway, method: string, template: string, path: string, status: number, init: RequestInit): Promise<Answer> {
  const res = await fetch(`${gw.base}/globalpay${path}`, { method, ...init, headers: { authorization: DEMO_AUTH, ...init.headers } });
  const text = await res.text();
  const json = JSON.parse(text) as Answer['json'];
  assert.equal(res.status, status, `${method} ${path} answered ${res.status}: ${text.slice(0, 1000)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json; charset=utf-8$/);
  api.assertResponse(method, template, res.status, json);
  return { status: res.status, json };
}

function reason(res: Answer, root: Root): { Code: string; Info: string } {
  const reasons = res.json[root]?.Status?.Reasons as { Code: string; Info: string }[] | null | undefined;
  assert.ok(reasons && reasons.length === 1, `one reason in ${JSON.stringify(res.json).slice(0, 600)}`);
  return reasons[0]!;
}

function assertReason(res: Answer, root: Root, code: string, info?: RegExp): void {
  const r = reason(res, root);
  assert.equal(r.Code, code, `return code of ${JSON.stringify(r)}`);
  if (info) assert.match(r.Info, info);
}

const WEBHOOK_BY_ROOT: Readonly<Record<Root, string>> = { Payment: 'payment', Preapproval: 'preapproval', Refund: 'refund' };

function rootOf(n: ReceivedNotification): Root {
  const keys = Object.keys(n.json);
  assert.equal(keys.length, 1, `one root key in ${n.body.slice(0, 200)}`);
  assert.ok(keys[0]! in WEBHOOK_BY_ROOT, `a GlobalPay root key: ${keys[0]}`);
  return keys[0] as Root;
}

/** A GlobalPay timestamp `seconds` away from `ts` (yyyyMMddHHmmss, UTC). */
function shiftTimestamp(ts: string, seconds: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(ts);
  assert.ok(m, ts);
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + seconds * 1000);
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

const RETURN_URL = 'https://shop.example/return?cart=7';

function paymentRequest(ref: string, extra: Record<string, unknown> = {}) {
  return {
    Payment: {
      MerchantTransactionID: ref,
      Amount: 15000,
      Currency: 'KRW',
      ReturnURL: RETURN_URL,
      Description: 'Green tea',
      MethodID: 1135,
      TokenLifetime: 20,
      ...extra,
    },
  };
}

/** The seed's preapproval request (test/dialects/globalpay/harness.ts). */
const preapprovalRequest = kakaoPreapproval;

for (const kind of storeKinds) {
  describe(`GlobalPay OpenAPI description against walletgate on ${kind}`, () => {
    let gw: Gateway;
    const run = `${kind}-${Date.now()}`;
    /** every notification the flows wait for: [root, ID, Status.ID] */
    const expected: [Root, number, number][] = [];
    /** correct bodies kept for the negative checks */
    const samples: { payment?: Answer['json']; preapproval?: Answer['json']; refund?: Answer['json']; error?: Answer['json'] } = {};

    const notified = (root: Root, id: number, statusId: number) => {
      expected.push([root, id, statusId]);
      return gw.receiver.waitFor((n) => {
        const o = n.json[root] as { ID?: unknown; Status?: { ID?: unknown } } | undefined;
        return o?.ID === id && o.Status?.ID === statusId;
      });
    };

    before(async () => {
      gw = await startGateway(kind);
    });
    after(async () => {
      await gw.close();
    });

    it('describes exactly the routes walletgate serves under /globalpay', () => {
      api.assertRoutesMatch(gw.routes, '/globalpay');
    });

    let paymentId = 0;
    let paymentRef = '';
    let created = '';

    it('one-time payment: create, get, list with filters, the customer approves, get shows 2 Success', async () => {
      paymentRef = `order-${run}`;
      const body = paymentRequest(paymentRef, {
        Customer: { MerchantCustomerID: 'cust-1', Email: 'jdoe@example.com', FirstName: 'John', LastName: 'Doe', Phone: '01012345678' },
        BillingAddress: { Country: 'KR', City: 'Seoul', ZipCode: '04524', Street: 'Sejong-daero', StreetNumber: 110 },
        ShippingAddress: { Country: 'KR', City: 'Seoul' },
        Articles: [{ MerchantArticleID: 'tea-1', Name: 'Green tea', Quantity: 2, Price: 7500, VAT: 0, Type: 1 }],
        SkinID: 3,
        ClientIP: '203.0.113.7',
        OriginatorTransactionID: 'orig-1',
        MethodOptionID: 0,
        IncludeMethodIDs: [1135],
        Details: { StoreName: 'Tea house' },
        CustomParameters: { campaign: 'spring' },
        Capture: true,
      });
      const res = await call(gw, 'POST', '/v1/payments', 201, { body });
      const p = res.json.Payment;
      assert.equal(p.Status.ID, 1);
      assert.equal(p.MethodID, 1135);
      assert.equal(p.Amount, '15000');
      assert.equal(p.TokenLifetime, 20);
      assert.equal(p.SkinID, 3, 'echoed');
      paymentId = p.ID;
      created = p.Created;

      const got = await call(gw, 'GET', '/v1/payments/{id}', 200, { params: { id: paymentId } });
      assert.equal(got.json.Payment.Status.ID, 1);

      const filters = {
        merchantTransactionID: paymentRef,
        statusID: '1',
        currency: 'KRW',
        country: 'KR',
        methodID: '1135',
        typeID: '1',
        minimumAmount: '15000',
        maximumAmount: '15000',
        startDate: created,
        endDate: shiftTimestamp(created, 1),
        sortBy: 'amount',
        sortDirection: 'asc',
        pageIndex: '1',
        pageSize: '10',
      };
      const listed = await call(gw, 'GET', '/v1/payments', 200, { query: filters });
      assert.deepEqual(
        listed.json.Payments.map((x: { ID: number }) => x.ID),
        [paymentId],
      );
      const byTid = await call(gw, 'GET', '/v1/payments', 200, { query: { methodTransactionID: p.MethodTransactionID } });
      assert.deepEqual(
        byTid.json.Payments.map((x: { ID: number }) => x.ID),
        [paymentId],
      );
      const lowerCaseNames = await call(gw, 'GET', '/v1/payments', 200, { query: { merchanttransactionid: paymentRef, pagesize: '1' } });
      assert.equal(lowerCaseNames.json.Payments.length, 1);
      const recurringOnly = await call(gw, 'GET', '/v1/payments', 200, { query: { merchantTransactionID: paymentRef, typeID: '2' } });
      assert.deepEqual(recurringOnly.json.Payments, []);
      const otherMethod = await call(gw, 'GET', '/v1/payments', 200, { query: { merchantTransactionID: paymentRef, methodID: '24' } });
      assert.deepEqual(otherMethod.json.Payments, [], 'a KakaoPay payment is not an Alipay (24) one');
      const secondPage = await call(gw, 'GET', '/v1/payments', 200, {
        query: { merchantTransactionID: paymentRef, pageIndex: '2', pageSize: '1' },
      });
      assert.deepEqual(secondPage.json.Payments, []);

      // the answer after the notification was delivered: NotificationDateTime is set
      const delivered = new Promise<void>((resolve) => {
        const off = gw.services.dispatcher()!.onAttempt((n) => {
          if (n.resourceType === 'payment' && n.resourceId === paymentId && n.status === 'delivered') {
            off();
            resolve();
          }
        });
      });
      const walked = await gw.customer(p.RedirectURL, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      assert.match(walked.json.finalUrl, /data=2&MerchantTransactionID=/);
      await notified('Payment', paymentId, 2);
      await delivered;

      const paid = await call(gw, 'GET', '/v1/payments/{id}', 200, { params: { id: paymentId } });
      assert.equal(paid.json.Payment.Status.ID, 2);
      assert.match(paid.json.Payment.NotificationDateTime, /^[0-9]{14}$/);
      assert.equal(paid.json.Payment.CapturedAmount, '15000');
      assert.equal(paid.json.Payment.RedirectURL, null);
      samples.payment = paid.json;
      const success = await call(gw, 'GET', '/v1/payments', 200, { query: { statusID: '2', merchantTransactionID: paymentRef } });
      assert.equal(success.json.Payments.length, 1);
    });

    it('one-time payments the customer cancels (3) or that fail in the wallet (4, with a reason)', async () => {
      for (const [action, statusId] of [
        ['cancel', 3],
        ['fail', 4],
      ] as const) {
        const res = await call(gw, 'POST', '/v1/payments', 201, { body: paymentRequest(`order-${action}-${run}`) });
        const id = res.json.Payment.ID as number;
        const walked = await gw.customer(res.json.Payment.RedirectURL, action);
        assert.equal(walked.status, 200, JSON.stringify(walked.json));
        await notified('Payment', id, statusId);
        const got = await call(gw, 'GET', '/v1/payments/{id}', 200, { params: { id } });
        assert.equal(got.json.Payment.Status.ID, statusId);
        if (statusId === 4) assertReason(got, 'Payment', '121');
      }
    });

    it('refunds: types, a partial refund, list, get, the rest, and the payment ends 22 Refunded', async () => {
      const types = await call(gw, 'GET', '/v1/payments/{id}/refunds/types', 200, { params: { id: paymentId } });
      assert.deepEqual(
        types.json.RefundTypes.map((t: { ID: number; AllowsPartialRefund: boolean }) => [t.ID, t.AllowsPartialRefund]),
        [[1, true]],
      );

      const first = await call(gw, 'POST', '/v1/payments/{id}/refunds', 201, {
        params: { id: paymentId },
        body: {
          Refund: {
            MerchantTransactionID: `refund-1-${run}`,
            // one of the two cups, at its price (a refund by articles must match the articles' value)
            Amount: 7500,
            Description: 'one cup returned',
            Articles: [{ MerchantArticleID: 'tea-1', Quantity: 1 }],
            OriginatorTransactionID: 'orig-r1',
            Details: { note: 'damaged' },
          },
        },
      });
      const r1 = first.json.Refund;
      assert.equal(r1.Status.ID, 2, 'settled within the request');
      assert.equal(r1.InitialPaymentID, paymentId);
      assert.equal(r1.Amount, '7500');
      assert.deepEqual(r1.Articles, [
        { MerchantArticleID: 'tea-1', Name: null, Quantity: 1, Price: 0, VAT: 0, Discount: 0, Type: null, DiscountValue: 0 },
      ]);
      samples.refund = first.json;
      await notified('Payment', paymentId, 21);
      await notified('Refund', r1.ID, 2);

      const one = await call(gw, 'GET', '/v1/payments/{id}/refunds/{refundId}', 200, { params: { id: paymentId, refundId: r1.ID } });
      assert.equal(one.json.Refund.ID, r1.ID);

      const tooMuch = await call(gw, 'POST', '/v1/payments/{id}/refunds', 400, {
        params: { id: paymentId },
        body: { Refund: { MerchantTransactionID: `refund-x-${run}`, Amount: '7501', Description: 'too much' } },
      });
      assertReason(tooMuch, 'Refund', '18');
      assert.equal(tooMuch.json.Refund.Amount, '7501', 'the request amount is echoed');
      const mismatch = await call(gw, 'POST', '/v1/payments/{id}/refunds', 400, {
        params: { id: paymentId },
        body: {
          Refund: { MerchantTransactionID: `refund-m-${run}`, Amount: 100, Articles: [{ MerchantArticleID: 'tea-1', Quantity: 1 }] },
        },
      });
      assertReason(mismatch, 'Refund', '118');
      assert.equal(tooMuch.json.Refund.Description, 'too much');

      const rest = await call(gw, 'POST', '/v1/payments/{id}/refunds', 201, {
        params: { id: paymentId },
        body: { Refund: { MerchantTransactionID: `refund-2-${run}`, Amount: '7500' } },
      });
      assert.equal(rest.json.Refund.Status.ID, 2);
      await notified('Payment', paymentId, 22);
      await notified('Refund', rest.json.Refund.ID, 2);

      const list = await call(gw, 'GET', '/v1/payments/{id}/refunds', 200, { params: { id: paymentId } });
      assert.deepEqual(list.json.Refunds.map((r: { ID: number }) => r.ID).sort(), [r1.ID, rest.json.Refund.ID].sort());
      const done = await call(gw, 'GET', '/v1/payments/{id}', 200, { params: { id: paymentId } });
      assert.equal(done.json.Payment.Status.ID, 22);

      const nothingLeft = await call(gw, 'POST', '/v1/payments/{id}/refunds', 400, {
        params: { id: paymentId },
        body: { Refund: { MerchantTransactionID: `refund-3-${run}`, Amount: 1 } },
      });
      assertReason(nothingLeft, 'Refund', '18');
    });

    it('preapproval: create, get, list, the customer agrees, recurrent charges, the charges list, close', async () => {
      const ref = `pre-${run}`;
      const createdPre = await call(gw, 'POST', '/v1/preapprovals', 201, {
        body: preapprovalRequest(ref, { PreapprovedMaximumAmount: 50000, RecurringPeriod: 30, Details: { plan: 'gold' } }),
      });
      const pre = createdPre.json.Preapproval;
      assert.equal(pre.Status.ID, 1);
      assert.equal(pre.Status.Info, 'Pending');
      assert.equal(pre.MethodOptionID, 0);

      const got = await call(gw, 'GET', '/v1/preapprovals/{id}', 200, { params: { id: pre.ID } });
      assert.equal(got.json.Preapproval.ID, pre.ID);
      const listed = await call(gw, 'GET', '/v1/preapprovals', 200, {
        query: { merchantPreapprovalID: ref, statusID: '1', pageIndex: '1', pageSize: '5' },
      });
      assert.deepEqual(
        listed.json.Preapprovals.map((x: { ID: number }) => x.ID),
        [pre.ID],
      );

      const duplicate = await call(gw, 'POST', '/v1/preapprovals', 400, { body: preapprovalRequest(ref) });
      assertReason(duplicate, 'Preapproval', '109');
      assert.equal(duplicate.json.Preapproval.MerchantPreapprovalID, ref);

      // confirm → SMS code → auto-debit agreement
      const walked = await gw.customer(pre.RedirectURL, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      assert.match(walked.json.finalUrl, /data=2&PreapprovalID=/);
      await notified('Preapproval', pre.ID, 2);
      const open = await call(gw, 'GET', '/v1/preapprovals/{id}', 200, { params: { id: pre.ID } });
      assert.equal(open.json.Preapproval.Status.ID, 2);
      samples.preapproval = open.json;

      const charge = await call(gw, 'POST', '/v1/payments/recurrent', 201, {
        body: {
          Payment: {
            PreapprovalID: pre.ID,
            MerchantTransactionID: `charge-1-${run}`,
            Amount: 9900,
            Currency: 'KRW',
            MethodID: 1135,
            Description: 'recurring payment',
            BillingAddress: { Country: 'KR' },
          },
        },
      });
      const c1 = charge.json.Payment;
      assert.equal(c1.Status.ID, 2, 'settled within the request');
      assert.equal(c1.PreapprovalID, pre.ID);
      assert.equal(c1.TokenLifetime, null);
      await notified('Payment', c1.ID, 2);

      const declined = await call(gw, 'POST', '/v1/payments/recurrent', 201, {
        body: {
          Payment: {
            PreapprovalID: String(pre.ID),
            MerchantTransactionID: `charge-2-${run}`,
            Amount: '100',
            Currency: 'KRW',
            Description: 'month 2 [decline]',
          },
        },
      });
      assert.equal(declined.json.Payment.Status.ID, 4);
      assertReason(declined, 'Payment', '121', /wallet code -782/);
      await notified('Payment', declined.json.Payment.ID, 4);

      const unanswered = await call(gw, 'POST', '/v1/payments/recurrent', 201, {
        body: {
          Payment: {
            PreapprovalID: pre.ID,
            MerchantTransactionID: `charge-3-${run}`,
            Amount: 100,
            Currency: 'KRW',
            Description: 'month 3 [error]',
          },
        },
      });
      assert.equal(unanswered.json.Payment.Status.ID, 1, 'outcome unknown: 1 Open');

      const aboveMaximum = await call(gw, 'POST', '/v1/payments/recurrent', 400, {
        body: { Payment: { PreapprovalID: pre.ID, MerchantTransactionID: `charge-4-${run}`, Amount: 50001, Currency: 'KRW' } },
      });
      assertReason(aboveMaximum, 'Payment', '118');

      const charges = await call(gw, 'GET', '/v1/preapprovals/{id}/payments', 200, {
        params: { id: pre.ID },
        query: { pageIndex: '1', pageSize: '10' },
      });
      assert.deepEqual(
        charges.json.Payments.map((x: { ID: number }) => x.ID).sort(),
        [c1.ID, declined.json.Payment.ID, unanswered.json.Payment.ID].sort(),
      );
      const recurring = await call(gw, 'GET', '/v1/payments', 200, { query: { typeID: '2', statusID: '2' } });
      assert.deepEqual(
        recurring.json.Payments.map((x: { ID: number }) => x.ID),
        [c1.ID],
      );

      const closed = await call(gw, 'DELETE', '/v1/preapprovals/{id}', 200, { params: { id: pre.ID } });
      assert.equal(closed.json.Preapproval.Status.ID, 4);
      await notified('Preapproval', pre.ID, 4);
      const again = await call(gw, 'DELETE', '/v1/preapprovals/{id}', 400, { params: { id: pre.ID } });
      assertReason(again, 'Preapproval', '113');
      const chargeClosed = await call(gw, 'POST', '/v1/payments/recurrent', 400, {
        body: {
          Payment: { PreapprovalID: pre.ID, MerchantTransactionID: `charge-5-${run}`, Amount: 100, Currency: 'KRW', MethodID: 1135 },
        },
      });
      assertReason(chargeClosed, 'Payment', '12');
    });

    it('preapprovals that end otherwise: declined at registration (3 Closed, with a reason), closed while Pending (4)', async () => {
      const declined = await call(gw, 'POST', '/v1/preapprovals', 201, {
        body: preapprovalRequest(`pre-decline-${run}`, { Description: 'plan [decline]' }),
      });
      const d = declined.json.Preapproval;
      await gw.customer(d.RedirectURL, 'approve');
      await notified('Preapproval', d.ID, 3);
      const failed = await call(gw, 'GET', '/v1/preapprovals/{id}', 200, { params: { id: d.ID } });
      assert.equal(failed.json.Preapproval.Status.ID, 3);
      assertReason(failed, 'Preapproval', '121');

      const pending = await call(gw, 'POST', '/v1/preapprovals', 201, { body: preapprovalRequest(`pre-pending-${run}`) });
      const closed = await call(gw, 'DELETE', '/v1/preapprovals/{id}', 200, { params: { id: pending.json.Preapproval.ID } });
      assert.equal(closed.json.Preapproval.Status.ID, 4);
      assert.equal(closed.json.Preapproval.RedirectURL, null);
      await notified('Preapproval', pending.json.Preapproval.ID, 4);
    });

    it('error answers: 401, 404, 400 (validation, duplicates, bad queries), 413, 415 — every one in the error envelope', async () => {
      // 401: no header → 127; wrong key → 3; rooted by the path's subject
      const noAuth = await call(gw, 'GET', '/v1/payments/{id}', 401, { params: { id: paymentId }, auth: null });
      assertReason(noAuth, 'Payment', '127');
      const wrongKey = 'Basic ' + Buffer.from('30201:not-the-key').toString('base64');
      const badKey = await call(gw, 'POST', '/v1/payments', 401, { body: paymentRequest(`order-401-${run}`), auth: wrongKey });
      assertReason(badKey, 'Payment', '3');
      assertReason(await call(gw, 'GET', '/v1/preapprovals', 401, { auth: null }), 'Preapproval', '127');
      assertReason(await call(gw, 'GET', '/v1/payments/{id}/refunds', 401, { params: { id: paymentId }, auth: wrongKey }), 'Refund', '3');

      // 404
      assertReason(await call(gw, 'GET', '/v1/payments/{id}', 404, { params: { id: 999999999 } }), 'Payment', '17');
      assertReason(await call(gw, 'GET', '/v1/payments/{id}', 404, { params: { id: 'abc' } }), 'Payment', '17');
      assertReason(await call(gw, 'GET', '/v1/preapprovals/{id}', 404, { params: { id: 999999999 } }), 'Preapproval', '12');
      assertReason(await call(gw, 'GET', '/v1/preapprovals/{id}/payments', 404, { params: { id: 999999999 } }), 'Preapproval', '12');
      assertReason(await call(gw, 'DELETE', '/v1/preapprovals/{id}', 404, { params: { id: 999999999 } }), 'Preapproval', '12');
      assertReason(
        await call(gw, 'GET', '/v1/payments/{id}/refunds/{refundId}', 404, { params: { id: paymentId, refundId: 999999999 } }),
        'Refund',
        '18',
      );
      assertReason(await call(gw, 'GET', '/v1/payments/{id}/refunds/types', 404, { params: { id: 999999999 } }), 'Refund', '17');
      assertReason(
        await call(gw, 'POST', '/v1/payments/{id}/refunds', 404, {
          params: { id: 999999999 },
          body: { Refund: { MerchantTransactionID: `refund-404-${run}`, Amount: 1 } },
        }),
        'Refund',
        '17',
      );
      const unknownPreapproval = await call(gw, 'POST', '/v1/payments/recurrent', 404, {
        body: { Payment: { PreapprovalID: 999999999, MerchantTransactionID: `charge-404-${run}`, Amount: 100, Currency: 'KRW' } },
      });
      assertReason(unknownPreapproval, 'Payment', '12');
      assert.equal(unknownPreapproval.json.Payment.PreapprovalID, 999999999, 'echoed');

      // 400: validation, worded like GlobalPay (seed 004), with the request's scalars echoed
      const badCurrency = paymentRequest(`order-cur-${run}`, { Currency: 'KR', Amount: '100', Description: 'bad currency' });
      assertRequestRefused('POST', '/v1/payments', badCurrency);
      const invalid = await call(gw, 'POST', '/v1/payments', 400, { body: badCurrency });
      assertReason(invalid, 'Payment', '2', /^Validation failed - Currency \(RegEx: \^\[A-Z\]\{3\}\$\)$/);
      assert.equal(invalid.json.Payment.Currency, 'KR');
      assert.equal(invalid.json.Payment.Amount, '100');
      assert.equal(invalid.json.Payment.MethodID, 1135);
      samples.error = invalid.json;

      // without MethodID: the hosted payment page; SkipHPP=1 needs a MethodID
      const noMethod = paymentRequest(`order-nomethod-${run}`, { MethodID: undefined, PrioritizeMethodIDs: [1135] });
      const hpp = await call(gw, 'POST', '/v1/payments', 201, { body: JSON.parse(JSON.stringify(noMethod)) });
      assert.equal(hpp.json.Payment.MethodID, null);
      await call(gw, 'GET', '/v1/payments/{id}', 200, { params: { id: hpp.json.Payment.ID } });
      const skip = paymentRequest(`order-skiphpp-${run}`, { MethodID: undefined, SkipHPP: 1, Customer: { Email: 'a@b.example' } });
      assertReason(await call(gw, 'POST', '/v1/payments', 400, { body: JSON.parse(JSON.stringify(skip)) }), 'Payment', '1', /MethodID/);
      assertRequestRefused('POST', '/v1/payments', paymentRequest(`order-inc-${run}`, { IncludeMethodIDs: [4242] }));
      assertReason(
        await call(gw, 'POST', '/v1/payments', 400, { body: paymentRequest(`order-inc-${run}`, { IncludeMethodIDs: [4242] }) }),
        'Payment',
        '5',
      );
      assertReason(
        await call(gw, 'POST', '/v1/payments', 400, {
          body: paymentRequest(`order-alipay-${run}`, { MethodID: 24, Articles: [{ Name: 'Tea', Quantity: 1 }] }),
        }),
        'Payment',
        '100',
        /Alipay does not take KRW; it takes CNY/,
      );
      assertReason(
        await call(gw, 'POST', '/v1/payments', 400, { body: paymentRequest(`order-m7-${run}`, { MethodID: 7 }) }),
        'Payment',
        '5',
      );
      assertReason(
        await call(gw, 'POST', '/v1/payments', 400, { body: paymentRequest(`order-usd-${run}`, { Currency: 'USD' }) }),
        'Payment',
        '100',
      );
      assertReason(
        await call(gw, 'POST', '/v1/payments', 400, { body: paymentRequest(`order-amt-${run}`, { Amount: '150.00' }) }),
        'Payment',
        '118',
      );
      assertReason(
        await call(gw, 'POST', '/v1/payments', 400, { body: paymentRequest(`order-cty-${run}`, { BillingAddress: { Country: 'China' } }) }),
        'Payment',
        '147',
      );
      assertReason(await call(gw, 'POST', '/v1/payments', 400, { body: { Payment: 'nope' } }), 'Payment', '2');
      assertReason(await call(gw, 'POST', '/v1/payments', 400, { body: '{"Payment": ' }), 'Payment', '2', /not valid JSON/);
      assertReason(
        await call(gw, 'POST', '/v1/payments/recurrent', 400, {
          body: { Payment: { MerchantTransactionID: `c-${run}`, Amount: 1, Currency: 'KRW' } },
        }),
        'Payment',
        '115',
      );
      assertReason(
        await call(gw, 'POST', '/v1/preapprovals', 400, {
          body: preapprovalRequest(`pre-noemail-${run}`, { Customer: { FirstName: 'John' } }),
        }),
        'Preapproval',
        '101',
      );
      assertReason(
        await call(gw, 'POST', '/v1/payments/{id}/refunds', 400, { params: { id: paymentId }, body: { Refund: { Amount: 1 } } }),
        'Refund',
        '1',
      );

      // duplicate MerchantTransactionID → 20, the reference echoed
      const duplicate = await call(gw, 'POST', '/v1/payments', 400, { body: paymentRequest(paymentRef) });
      assertReason(duplicate, 'Payment', '20');
      assert.equal(duplicate.json.Payment.MerchantTransactionID, paymentRef);
      assert.equal(duplicate.json.Payment.ID, null);

      // bad list queries
      assertReason(await call(gw, 'GET', '/v1/payments', 400, { query: { pageSize: '0' } }), 'Payment', '2');
      assertReason(await call(gw, 'GET', '/v1/payments', 400, { query: { startDate: '2024-01-01' } }), 'Payment', '2');
      assertReason(await call(gw, 'GET', '/v1/payments', 400, { query: { methodID: '7' } }), 'Payment', '5');
      assertReason(await call(gw, 'GET', '/v1/payments', 400, { query: { sortBy: 'colour' } }), 'Payment', '2');
      assertReason(await call(gw, 'GET', '/v1/preapprovals', 400, { query: { statusID: 'open' } }), 'Preapproval', '2');
      assertReason(
        await call(gw, 'GET', '/v1/preapprovals/{id}/payments', 400, { params: { id: 1 }, query: { pageIndex: '0' } }),
        'Preapproval',
        '2',
      );

      // transport refusals
      const media = await rawCall(gw, 'POST', '/v1/payments', '/v1/payments', 415, {
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      });
      assertReason(media, 'Payment', '2');
      const big = JSON.stringify({ Refund: { MerchantTransactionID: 'big', Amount: 1, Description: 'x'.repeat(70 * 1024) } });
      const tooLarge = await rawCall(gw, 'POST', '/v1/payments/{id}/refunds', `/v1/payments/${paymentId}/refunds`, 413, {
        headers: { 'content-type': 'application/json' },
        body: big,
      });
      assertReason(tooLarge, 'Refund', '2');
      const preMedia = await rawCall(gw, 'POST', '/v1/preapprovals', '/v1/preapprovals', 415, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=b',
      });
      assertReason(preMedia, 'Preapproval', '2');
    });

    it('every notification the merchant received matches the webhooks section, with Basic SiteID:ApiKey', async () => {
      for (const [root, id, statusId] of expected) {
        await gw.receiver.waitFor((n) => {
          const o = n.json[root] as { ID?: unknown; Status?: { ID?: unknown } } | undefined;
          return o?.ID === id && o.Status?.ID === statusId;
        });
      }
      assert.ok(
        gw.receiver.received.length >= expected.length,
        `${gw.receiver.received.length} notifications for ${expected.length} expected`,
      );
      const seen = new Set<string>();
      for (const n of gw.receiver.received) {
        const root = rootOf(n);
        api.assertWebhook(WEBHOOK_BY_ROOT[root], n.json);
        assert.equal(n.headers.authorization, DEMO_AUTH, 'signed with the merchant’s first key');
        assert.equal(n.headers['content-type'], 'application/json; charset=utf-8');
        assert.equal(n.headers['user-agent'], 'walletgate-notifications/1');
        assert.match(String(n.headers['x-walletgate-notification-id']), /^[0-9]+$/);
        assert.equal(n.answeredWith, 204);
        seen.add(root);
      }
      assert.deepEqual([...seen].sort(), ['Payment', 'Preapproval', 'Refund']);
    });

    it('the validator bites: a correct body with one field changed fails', () => {
      const { payment, preapproval, refund, error } = samples;
      assert.ok(payment && preapproval && refund && error, 'the flows above kept their bodies');
      // the untouched bodies pass
      api.assertResponse('GET', '/v1/payments/{id}', 200, payment);
      api.assertResponse('GET', '/v1/preapprovals/{id}', 200, preapproval);
      api.assertResponse('POST', '/v1/payments/{id}/refunds', 201, refund);
      api.assertResponse('POST', '/v1/payments', 400, error);

      const changed = <T>(body: T, edit: (copy: T) => void): T => {
        const copy = structuredClone(body);
        edit(copy);
        return copy;
      };
      const doesNotMatch = /does not match the description/;
      const cases: [string, string, number, Answer['json']][] = [
        ['GET', '/v1/payments/{id}', 200, changed(payment, (b) => (b.Payment.Created = new Date().toISOString()))],
        ['GET', '/v1/payments/{id}', 200, changed(payment, (b) => (b.Payment.Amount = 15000))],
        ['GET', '/v1/payments/{id}', 200, changed(payment, (b) => (b.Payment.Status.Info = 'Paid'))],
        ['GET', '/v1/payments/{id}', 200, changed(payment, (b) => (b.Payment.MethodID = 0))],
        ['GET', '/v1/payments/{id}', 200, changed(payment, (b) => delete b.Payment.Splits)],
        ['GET', '/v1/payments/{id}', 200, changed(payment, (b) => (b.Payment.Surcharge = null))],
        ['GET', '/v1/payments/{id}', 200, changed(payment, (b) => (b.Payment.Customer.Email = 42))],
        ['GET', '/v1/payments/{id}', 200, changed(payment, (b) => (b.Payment.RedirectURL = 'http://127.0.0.1/pay/x'))],
        ['GET', '/v1/payments/{id}', 200, changed(payment, (b) => (b.Payment.NotificationDateTime = new Date().toISOString()))],
        ['GET', '/v1/preapprovals/{id}', 200, changed(preapproval, (b) => (b.Preapproval.Status.Reasons = []))],
        ['GET', '/v1/preapprovals/{id}', 200, changed(preapproval, (b) => (b.Preapproval.RecurringPeriod = null))],
        ['POST', '/v1/payments/{id}/refunds', 201, changed(refund, (b) => (b.Refund.TypeID = 5))],
        ['POST', '/v1/payments/{id}/refunds', 201, changed(refund, (b) => (b.Refund.InitialPaymentID = String(b.Refund.InitialPaymentID)))],
        ['POST', '/v1/payments', 400, changed(error, (b) => (b.Payment.Status.Reasons[0].Code = 2))],
        ['POST', '/v1/payments', 400, changed(error, (b) => (b.Payment.SiteID = 30201))],
        ['POST', '/v1/payments', 400, changed(error, (b) => (b.Payment.Status.ID = 4))],
      ];
      for (const [method, template, status, body] of cases) {
        assert.throws(
          () => api.assertResponse(method, template, status, body),
          doesNotMatch,
          `${method} ${template} ${status} ${JSON.stringify(body).slice(0, 300)}`,
        );
      }

      // an answer has NotificationDateTime once a notification was delivered, null before
      api.assertResponse(
        'GET',
        '/v1/payments/{id}',
        200,
        changed(payment, (b) => (b.Payment.NotificationDateTime = '20260102030405')),
      );
      api.assertResponse(
        'GET',
        '/v1/payments/{id}',
        200,
        changed(payment, (b) => (b.Payment.NotificationDateTime = null)),
      );

      // notifications
      const note = changed(payment, (b) => (b.Payment.NotificationDateTime = '20260102030405'));
      api.assertWebhook('payment', note);
      assert.throws(
        () =>
          api.assertWebhook(
            'payment',
            changed(payment, (b) => (b.Payment.NotificationDateTime = null)),
          ),
        doesNotMatch,
        'a notification has NotificationDateTime',
      );
      assert.throws(
        () =>
          api.assertWebhook(
            'payment',
            changed(note, (b) => (b.Payment.Status = { ID: 1, Info: 'Open', Reasons: null })),
          ),
        doesNotMatch,
      );
      assert.throws(
        () =>
          api.assertWebhook(
            'refund',
            changed(refund, (b) => (b.Refund.Status = { ID: 1, Info: 'Open', Reasons: null })),
          ),
        doesNotMatch,
      );
      assert.throws(() => api.assertWebhook('preapproval', { Payment: note.Payment }), doesNotMatch);
      // and an answer to a path or status that is not described is refused
      assert.throws(() => api.assertResponse('GET', '/v1/payments/{id}', 418, error), /not described/);
      assert.throws(() => api.assertResponse('PUT', '/v1/payments/{id}', 200, payment), /not described/);
    });

    // Mismatches found while writing the description (walletgate's answer was wrong), kept as checks.
    it('an error echoes MethodID sent as a string of digits as a number, like GlobalPay (seed 004 renders "MethodID": "1" as 1)', async () => {
      const res = await gw.gp('POST', '/v1/payments', paymentRequest(`order-mid-${run}`, { Currency: 'KR', MethodID: '1135' }));
      assert.equal(res.status, 400);
      api.assertResponse('POST', '/v1/payments', 400, res.json);
    });

    it("endDate is inclusive to the second: endDate = a payment's own Created lists it", async () => {
      const res = await call(gw, 'GET', '/v1/payments', 200, {
        query: { merchantTransactionID: paymentRef, startDate: created, endDate: created },
      });
      assert.equal(res.json.Payments.length, 1);
    });
  });
}
