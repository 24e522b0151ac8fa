/**
 * Keeps docs/openapi/adyen.yaml true: its operations are exactly the routes walletgate serves under
 * /adyen, and a real KakaoPay story over HTTP — payment methods, redirect payments and every result,
 * tokens and their charges, refunds, cancels, the classic Recurring API, and error answers — gets
 * answers that each match the description (assertResponse), sends requests that the description's
 * request schemas accept (or, for the bad ones, refuse), and raises webhooks that each match the
 * description of their eventCode (assertWebhook). On SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { loadOpenApi } from '../helpers/openapi-check.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { hmacIsValid, notificationItems, type NotificationItem } from '../helpers/adyen-client.js';
import { ConnectorError, type Connector, type ConnectorRegistry } from '../../src/core/ports/connector.js';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { DEMO_MERCHANT_ID } from '../../src/core/merchants/demo-merchant.js';

const SPEC_FILE = new URL('../../docs/openapi/adyen.yaml', import.meta.url).pathname;
const oa = loadOpenApi(SPEC_FILE);
const kinds = ['sqlite', 'postgres'] as const;
const MERCHANT = DEMO_ADYEN.merchantAccount;
const KEY = DEMO_ADYEN.apiKey;
const PSP = /^[0-9A-Z]{16}$/;

/** The operations, as the description writes their paths. */
const P = {
  paymentMethods: '/{version}/paymentMethods',
  payments: '/{version}/payments',
  details: '/{version}/payments/details',
  refunds: '/{version}/payments/{psp}/refunds',
  cancelByPsp: '/{version}/payments/{psp}/cancels',
  cancels: '/{version}/cancels',
  stored: '/{version}/storedPaymentMethods',
  storedOne: '/{version}/storedPaymentMethods/{id}',
  listRecurring: '/pal/servlet/Recurring/{version}/listRecurringDetails',
  disable: '/pal/servlet/Recurring/{version}/disable',
} as const;
type Template = (typeof P)[keyof typeof P];

// ---------------------------------------------------------------------------------------------
// Request bodies against the description's request schemas

/** Does the description's request schema of `method template` accept `body`? (with Ajv's complaint when not) */
const requestVerdict = (method: string, template: Template, body: unknown) => oa.requestVerdict(method, template, body);

// ---------------------------------------------------------------------------------------------
// A KakaoPay connector with one-shot faults, for the outcomes the sandbox cannot be asked for

type FaultPoint = 'startPayment' | 'refund' | 'revokeAgreement';
type Faults = Partial<Record<FaultPoint, ConnectorError>>;

function withFaults(real: ConnectorRegistry, faults: Faults): ConnectorRegistry {
  const k = real.kakaopay!;
  const wrapped = Object.create(k) as Connector;
  for (const point of ['startPayment', 'refund', 'revokeAgreement'] as const) {
    Object.assign(wrapped, {
      [point]: async (...args: unknown[]) => {
        const fault = faults[point];
        if (fault) {
          delete faults[point];
          throw fault;
        }
        return (k[point] as (...a: unknown[]) => Promise<unknown>).apply(k, args);
      },
    });
  }
  return { ...real, kakaopay: wrapped };
}

// ---------------------------------------------------------------------------------------------

interface Reply {
  status: number;
  headers: Headers;
  // bodies are walked by field name in assertions
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

interface CallOptions {
  /** path parameters besides version (default v72) */
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** a JSON value to send */
  body?: unknown;
  /** sent as it is */
  raw?: string;
  contentType?: string;
  /** X-API-Key; default the demo key, null: none */
  key?: string | null;
  headers?: Record<string, string>;
  /** what the description's request schema must say about `body` (default: accepts it) */
  request?: 'valid' | 'invalid';
}

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now()}-${process.pid}-${counter}`;
}

for (const kind of kinds) {
  describe(`docs/openapi/adyen.yaml is what walletgate serves, on ${kind}`, () => {
    let gw: Gateway;
    const faults: Faults = {};
    /** The last answer of each operation and status, for the negative checks. */
    const seen = new Map<string, Reply>();

    before(async () => {
      gw = await startGateway(kind, { https: true, wrapConnectors: (real) => withFaults(real, faults) });
    });
    after(async () => {
      await gw.close();
    });

    /** Calls walletgate's /adyen, checks the request against the description, and the answer with assertResponse. */
    async function call(method: string, template: Template, opts: CallOptions = {}): Promise<Reply> {
      const params: Record<string, string> = { version: 'v72', ...opts.params };
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
        assert.ok(params[name] !== undefined, `a value for {${name}}`);
        return encodeURIComponent(params[name]);
      });
      const url = `${gw.base}/adyen${path}${opts.query ? `?${new URLSearchParams(opts.query).toString()}` : ''}`;
      if (opts.body !== undefined) {
        const verdict = requestVerdict(method, template, opts.body);
        if ((opts.request ?? 'valid') === 'valid') {
          assert.ok(verdict.ok, `the description accepts this ${method} ${template} request: ${verdict.why}\n${JSON.stringify(opts.body)}`);
        } else {
          assert.ok(!verdict.ok, `the description refuses this ${method} ${template} request: ${JSON.stringify(opts.body)}`);
        }
      }
      const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
      const key = opts.key === undefined ? KEY : opts.key;
      const res = await fetch(url, {
        method,
        headers: {
          ...(payload !== undefined ? { 'content-type': opts.contentType ?? 'application/json' } : {}),
          ...(key !== null ? { 'x-api-key': key } : {}),
          ...opts.headers,
        },
        ...(payload !== undefined ? { body: payload } : {}),
      });
      const text = await res.text();
      let json: unknown;
      if (text !== '') {
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/, `${method} ${url}: a JSON answer`);
        json = JSON.parse(text);
      }
      oa.assertResponse(method, template, res.status, json);
      const reply = { status: res.status, headers: res.headers, json };
      seen.set(`${method} ${template} ${res.status}`, reply);
      return reply;
    }

    /** A 2xx of this status, or the test fails with the body. */
    function ok(r: Reply, status = 200): Reply {
      assert.equal(r.status, status, JSON.stringify(r.json));
      return r;
    }

    /** An error answer with this status and errorCode. */
    function refused(r: Reply, status: number, errorCode: string): void {
      assert.equal(r.status, status, JSON.stringify(r.json));
      assert.equal(r.json.errorCode, errorCode, JSON.stringify(r.json));
      assert.equal(r.json.status, status);
    }

    function returnUrl(order: string): string {
      return `${new URL(gw.receiver.url).origin}/return?order=${encodeURIComponent(order)}`;
    }

    function kakaoPay(reference: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
      return {
        merchantAccount: MERCHANT,
        reference,
        amount: { currency: 'KRW', value: 15000 },
        paymentMethod: { type: 'kakaopay' },
        returnUrl: returnUrl(reference),
        ...extra,
      };
    }

    /** POST /payments for a redirect payment: RedirectShopper with a GET redirect. */
    async function startPayment(body: Record<string, unknown>, headers?: Record<string, string>) {
      const r = ok(await call('POST', P.payments, { body, ...(headers ? { headers } : {}) }));
      assert.equal(r.json.resultCode, 'RedirectShopper', JSON.stringify(r.json));
      return { psp: r.json.pspReference as string, url: r.json.action.url as string, reply: r };
    }

    /** The shopper walks the sandbox wallet and lands on the returnUrl: the redirectResult they bring. */
    async function shopper(actionUrl: string, action: 'approve' | 'cancel' | 'fail'): Promise<string> {
      const walked = await gw.customer(actionUrl, action);
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      const redirectResult = new URL(String(walked.json.finalUrl)).searchParams.get('redirectResult');
      assert.ok(redirectResult, `a redirectResult on ${walked.json.finalUrl}`);
      return redirectResult;
    }

    async function details(redirectResult: string): Promise<Reply> {
      return ok(await call('POST', P.details, { body: { details: { redirectResult } } }));
    }

    /** Awaits the webhook of this eventCode and pspReference (and success, when given). */
    async function webhook(eventCode: string, pspReference: string, success?: 'true' | 'false', timeoutMs?: number) {
      const match = (i: NotificationItem) =>
        i.eventCode === eventCode && i.pspReference === pspReference && (success === undefined || i.success === success);
      const n = await gw.receiver.waitFor((r) => notificationItems(r.json).some(match), timeoutMs);
      return notificationItems(n.json).find(match)!;
    }

    /** A paid (Authorised) payment: its pspReference. */
    async function paidPayment(reference: string, extra: Record<string, unknown> = {}): Promise<{ psp: string; details: Reply }> {
      const started = await startPayment(kakaoPay(reference, extra));
      const d = await details(await shopper(started.url, 'approve'));
      assert.equal(d.json.resultCode, 'Authorised', JSON.stringify(d.json));
      return { psp: started.psp, details: d };
    }

    async function customerTokenOf(reference: string): Promise<string> {
      const { items } = await gw.services.store.payments.list(DEMO_MERCHANT_ID, { reference }, { index: 1, size: 1 });
      assert.ok(items[0], `a payment ${reference}`);
      return items[0].customerToken;
    }

    // -------------------------------------------------------------------------------------------

    it('describes exactly the routes walletgate serves under /adyen', () => {
      oa.assertRoutesMatch(gw.routes, '/adyen');
    });

    it('paymentMethods: KakaoPay for KR / KRW over HTTPS (the first server) and HTTP; nothing for NL / EUR', async () => {
      const body = { merchantAccount: MERCHANT, countryCode: 'KR', amount: { currency: 'KRW', value: 15000 } };
      assert.ok(requestVerdict('POST', P.paymentMethods, body).ok);
      const ca = readFileSync(join(gw.services.config.dataDir, 'tls', 'cert.pem'), 'utf8');
      const overTls = await new Promise<{ status: number; json: unknown }>((resolve, reject) => {
        const data = JSON.stringify(body);
        const req = httpsRequest(
          `${gw.httpsBase}/adyen/v72/paymentMethods`,
          {
            method: 'POST',
            ca,
            headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'content-length': Buffer.byteLength(data) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
          },
        );
        req.on('error', reject);
        req.end(data);
      });
      assert.equal(overTls.status, 200, JSON.stringify(overTls.json));
      oa.assertResponse('POST', P.paymentMethods, 200, overTls.json);
      assert.deepEqual(overTls.json, { paymentMethods: [{ type: 'kakaopay', name: 'KakaoPay' }] });

      const plain = ok(await call('POST', P.paymentMethods, { params: { version: 'v71' }, body }));
      assert.deepEqual(plain.json, overTls.json);
      const nl = ok(
        await call('POST', P.paymentMethods, {
          body: { merchantAccount: MERCHANT, countryCode: 'NL', amount: { currency: 'EUR', value: 1000 } },
        }),
      );
      assert.deepEqual(nl.json, { paymentMethods: [] });
      const withShopper = ok(
        await call('POST', P.paymentMethods, { body: { merchantAccount: MERCHANT, shopperReference: unique('nobody') } }),
      );
      assert.deepEqual(withShopper.json.storedPaymentMethods, []);
    });

    let paid: { psp: string; reference: string };

    it('a redirect payment: RedirectShopper (replayed under its Idempotency-Key), Pending, Authorised, AUTHORISATION; refunds and REFUND', async () => {
      const reference = unique(`pay-${kind}`);
      const body = kakaoPay(reference, { shopperStatement: 'Green tea', countryCode: 'KR' });
      const idempotencyKey = unique('idem');
      const first = await startPayment(body, { 'idempotency-key': idempotencyKey });
      assert.match(first.psp, PSP);
      assert.deepEqual(first.reply.json.action, { type: 'redirect', method: 'GET', url: first.url, paymentMethodType: 'kakaopay' });
      assert.equal(first.reply.headers.get('idempotent-replayed'), null);
      const again = ok(
        await call('POST', P.payments, { params: { version: 'v68' }, body, headers: { 'idempotency-key': idempotencyKey } }),
      );
      assert.deepEqual(again.json, first.reply.json, 'the first answer, replayed');
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      const conflict = await call('POST', P.payments, {
        body: { ...body, amount: { currency: 'KRW', value: 16000 } },
        headers: { 'idempotency-key': idempotencyKey },
      });
      refused(conflict, 422, '704');

      const pending = await details(await customerTokenOf(reference));
      assert.equal(pending.json.resultCode, 'Pending', JSON.stringify(pending.json));

      const redirectResult = await shopper(first.url, 'approve');
      const authorised = await details(redirectResult);
      assert.equal(authorised.json.resultCode, 'Authorised');
      assert.equal(authorised.json.pspReference, first.psp);
      assert.equal(authorised.json.merchantReference, reference);
      assert.deepEqual(authorised.json.amount, { currency: 'KRW', value: 15000 });
      assert.equal(authorised.json.additionalData, undefined, 'no token was stored');
      const byPayload = ok(await call('POST', P.details, { body: { details: { payload: encodeURIComponent(redirectResult) } } }));
      assert.deepEqual(byPayload.json, authorised.json);
      const note = await webhook('AUTHORISATION', first.psp, 'true');
      assert.deepEqual(note.operations, ['REFUND']);

      const refundKey = unique('idem-refund');
      const refund = ok(
        await call('POST', P.refunds, {
          params: { psp: first.psp },
          body: { merchantAccount: MERCHANT, amount: { currency: 'KRW', value: 5000 }, reference: `${reference}-r1` },
          headers: { 'idempotency-key': refundKey },
        }),
        201,
      );
      assert.equal(refund.json.status, 'received');
      assert.equal(refund.json.paymentPspReference, first.psp);
      assert.notEqual(refund.json.pspReference, first.psp);
      const refundNote = await webhook('REFUND', refund.json.pspReference, 'true');
      assert.equal(refundNote.originalReference, first.psp);
      assert.equal(refundNote.merchantReference, `${reference}-r1`);
      assert.equal(refundNote.amount.value, 5000);

      const whole = ok(
        await call('POST', P.refunds, {
          params: { psp: first.psp },
          body: { merchantAccount: MERCHANT, amount: { currency: 'KRW', value: 3000 } },
        }),
        201,
      );
      assert.equal(whole.json.reference, undefined, 'no reference, none echoed');
      await webhook('REFUND', whole.json.pspReference, 'true');

      const tooMuch = await call('POST', P.refunds, {
        params: { psp: first.psp },
        body: { merchantAccount: MERCHANT, amount: { currency: 'KRW', value: 20000 } },
      });
      refused(tooMuch, 422, '137');
      const otherCurrency = await call('POST', P.refunds, {
        params: { psp: first.psp },
        body: { merchantAccount: MERCHANT, amount: { currency: 'JPY', value: 100 } },
      });
      refused(otherCurrency, 422, '138');
      const cancelPaid = await call('POST', P.cancelByPsp, { params: { psp: first.psp }, body: { merchantAccount: MERCHANT } });
      refused(cancelPaid, 422, '167');
      const refundARefund = await call('POST', P.refunds, {
        params: { psp: refund.json.pspReference },
        body: { merchantAccount: MERCHANT, amount: { currency: 'KRW', value: 1 } },
      });
      refused(refundARefund, 422, '167');
      paid = { psp: first.psp, reference };
    });

    it('a refund KakaoPay refuses: 201 received, then REFUND_FAILED', async () => {
      faults.refund = new ConnectorError('declined', 'simulated: KakaoPay refused the cancel (-781)', { providerCode: '-781' });
      const r = ok(
        await call('POST', P.refunds, {
          params: { psp: paid.psp },
          body: { merchantAccount: MERCHANT, amount: { currency: 'KRW', value: 1000 }, reference: `${paid.reference}-rf` },
        }),
        201,
      );
      assert.equal(r.json.status, 'received');
      const note = await webhook('REFUND_FAILED', r.json.pspReference);
      assert.equal(note.success, 'true');
      assert.match(note.reason ?? '', /-781/);
    });

    it('the shopper declines (Refused), cancels (Cancelled) or never finishes (OFFER_CLOSED); a checkout KakaoPay will not open is an Error', async () => {
      const declined = await startPayment(kakaoPay(unique(`declined-${kind}`)));
      const refusedResult = await details(await shopper(declined.url, 'fail'));
      assert.equal(refusedResult.json.resultCode, 'Refused');
      assert.equal(refusedResult.json.refusalReasonCode, '2');
      assert.ok(refusedResult.json.refusalReason);
      await webhook('AUTHORISATION', declined.psp, 'false');

      const cancelled = await startPayment(kakaoPay(unique(`cancelled-${kind}`)));
      const cancelledResult = await details(await shopper(cancelled.url, 'cancel'));
      assert.equal(cancelledResult.json.resultCode, 'Cancelled');
      const cancelNote = await webhook('AUTHORISATION', cancelled.psp, 'false');
      assert.match(cancelNote.reason ?? '', /cancel/i);

      const abandonedRef = unique(`abandoned-${kind}`);
      const abandoned = await startPayment(kakaoPay(abandonedRef));
      const walked = await gw.customer(abandoned.url, 'abandon');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      await webhook('OFFER_CLOSED', abandoned.psp, 'true', 30_000);
      const closed = await details(await customerTokenOf(abandonedRef));
      assert.equal(closed.json.resultCode, 'Cancelled');

      faults.startPayment = new ConnectorError('declined', 'simulated: KakaoPay would not open a checkout (-2)', { providerCode: '-2' });
      const error = ok(await call('POST', P.payments, { body: kakaoPay(unique(`error-${kind}`)) }));
      assert.equal(error.json.resultCode, 'Error');
      assert.equal(error.json.refusalReasonCode, '0');
      assert.equal(error.json.action, undefined);
      await webhook('AUTHORISATION', error.json.pspReference, 'false');
    });

    it('a token: stored with a payment, listed three ways, charged (Authorised, Refused, Received), deleted (010, 905_3, then 204), then 803', async () => {
      const shopperReference = unique(`shopper-${kind}`);
      const reference = unique(`token-${kind}`);
      const { psp: firstPsp, details: d } = await paidPayment(reference, {
        storePaymentMethod: true,
        shopperReference,
        shopperInteraction: 'Ecommerce',
        recurringProcessingModel: 'Subscription',
        shopperEmail: 'minji@example.kr',
        shopperName: { firstName: 'Minji', lastName: 'Kim' },
        telephoneNumber: '+82-10-1234-5678',
        countryCode: 'KR',
        billingAddress: { country: 'KR', city: 'Seoul', street: 'Teheran-ro', houseNumberOrName: '152', postalCode: '06236' },
        deliveryAddress: { country: 'KR', city: 'Seoul' },
        lineItems: [{ id: 'box-1', description: 'Monthly tea box', quantity: 1, amountIncludingTax: 15000 }],
        metadata: { plan: 'monthly' },
      });
      const token: string = d.json.additionalData['tokenization.storedPaymentMethodId'];
      assert.match(token, PSP);
      assert.equal(d.json.additionalData['recurring.recurringDetailReference'], token);
      assert.equal(d.json.additionalData['recurring.shopperReference'], shopperReference);
      const contract = await webhook('RECURRING_CONTRACT', token, 'true');
      assert.equal(contract.originalReference, firstPsp);
      await webhook('AUTHORISATION', firstPsp, 'true');

      const methods = ok(
        await call('POST', P.paymentMethods, { body: { merchantAccount: MERCHANT, countryCode: 'KR', shopperReference } }),
      );
      assert.deepEqual(
        methods.json.storedPaymentMethods.map((m: { id: string; shopperEmail: string }) => [m.id, m.shopperEmail]),
        [[token, 'minji@example.kr']],
      );
      const listed = ok(await call('GET', P.stored, { query: { merchantAccount: MERCHANT, shopperReference } }));
      assert.deepEqual(
        listed.json.storedPaymentMethods.map((m: { id: string }) => m.id),
        [token],
      );
      const classic = ok(
        await call('POST', P.listRecurring, {
          params: { version: 'v68' },
          body: { merchantAccount: MERCHANT, shopperReference, recurring: { contract: 'RECURRING' } },
        }),
      );
      assert.equal(classic.json.details[0].RecurringDetail.recurringDetailReference, token);
      assert.equal(classic.json.details[0].RecurringDetail.name, 'Minji Kim');
      assert.equal(classic.json.lastKnownShopperEmail, 'minji@example.kr');

      const charge = (ref: string, extra: Record<string, unknown> = {}) =>
        call('POST', P.payments, {
          body: {
            merchantAccount: MERCHANT,
            reference: ref,
            amount: { currency: 'KRW', value: 9900 },
            paymentMethod: { type: 'kakaopay', storedPaymentMethodId: token },
            shopperReference,
            shopperInteraction: 'ContAuth',
            recurringProcessingModel: 'Subscription',
            ...extra,
          },
          headers: { 'idempotency-key': unique('idem-charge') },
        });
      const charged = ok(await charge(unique(`charge-${kind}`)));
      assert.equal(charged.json.resultCode, 'Authorised', JSON.stringify(charged.json));
      assert.equal(charged.json.action, undefined);
      await webhook('AUTHORISATION', charged.json.pspReference, 'true');

      const declined = ok(await charge(unique(`charge-declined-${kind}`), { shopperStatement: 'Monthly box [decline]' }));
      assert.equal(declined.json.resultCode, 'Refused', JSON.stringify(declined.json));
      assert.equal(declined.json.refusalReasonCode, '2');
      await webhook('AUTHORISATION', declined.json.pspReference, 'false');

      const unanswered = ok(await charge(unique(`charge-unanswered-${kind}`), { shopperStatement: 'Monthly box [error]' }));
      assert.equal(unanswered.json.resultCode, 'Received', JSON.stringify(unanswered.json));

      const oldName = ok(
        await call('POST', P.payments, {
          body: {
            merchantAccount: MERCHANT,
            reference: unique(`charge-old-${kind}`),
            amount: { currency: 'KRW', value: 1000 },
            paymentMethod: { type: 'kakaopay', recurringDetailReference: token },
            shopperReference,
            shopperInteraction: 'ContAuth',
          },
        }),
      );
      assert.equal(oldName.json.resultCode, 'Authorised', JSON.stringify(oldName.json));
      await webhook('AUTHORISATION', oldName.json.pspReference, 'true');

      refused(await charge(unique(`charge-stranger-${kind}`), { shopperReference: unique('stranger') }), 422, '803');

      const scope = { merchantAccount: MERCHANT, shopperReference };
      faults.revokeAgreement = new ConnectorError('declined', 'simulated: KakaoPay refused to inactivate the SID (-2)', {
        providerCode: '-2',
      });
      refused(await call('DELETE', P.storedOne, { params: { id: token }, query: scope }), 422, '010');
      faults.revokeAgreement = new ConnectorError('unknown', 'simulated: no answer from KakaoPay');
      refused(await call('DELETE', P.storedOne, { params: { id: token }, query: scope }), 500, '905_3');
      const deleted = await call('DELETE', P.storedOne, { params: { id: token }, query: scope });
      assert.equal(deleted.status, 204);
      assert.equal(deleted.json, undefined);
      refused(await call('DELETE', P.storedOne, { params: { id: token }, query: scope }), 422, '803');
      refused(await charge(unique(`charge-deleted-${kind}`)), 422, '803');
      const remaining = ok(await call('GET', P.stored, { query: scope }));
      assert.deepEqual(remaining.json.storedPaymentMethods, []);
    });

    it('the classic Recurring API: disable one token, then all, then nothing is left (803)', async () => {
      const shopperReference = unique(`classic-${kind}`);
      const tokens: string[] = [];
      for (const n of [1, 2]) {
        const { details: d } = await paidPayment(unique(`classic-${n}-${kind}`), {
          storePaymentMethod: true,
          shopperReference,
          recurringProcessingModel: 'UnscheduledCardOnFile',
        });
        tokens.push(d.json.additionalData['recurring.recurringDetailReference']);
      }
      const body = { merchantAccount: MERCHANT, shopperReference };
      const listed = ok(await call('POST', P.listRecurring, { params: { version: 'v68' }, body }));
      assert.deepEqual(
        listed.json.details.map(
          (x: { RecurringDetail: { recurringDetailReference: string } }) => x.RecurringDetail.recurringDetailReference,
        ),
        [...tokens].reverse(),
        'newest first',
      );
      assert.equal(listed.json.lastKnownShopperEmail, undefined);

      const one = ok(await call('POST', P.disable, { params: { version: 'v68' }, body: { ...body, recurringDetailReference: tokens[0] } }));
      assert.equal(one.json.response, '[detail-successfully-disabled]');
      const all = ok(await call('POST', P.disable, { params: { version: 'v68' }, body }));
      assert.equal(all.json.response, '[all-details-successfully-disabled]');
      const none = ok(await call('POST', P.listRecurring, { params: { version: 'v68' }, body }));
      assert.deepEqual(none.json, { details: [], shopperReference });
      refused(await call('POST', P.disable, { params: { version: 'v68' }, body }), 422, '803');
      refused(
        await call('POST', P.disable, { params: { version: 'v68' }, body: { ...body, recurringDetailReference: 'not-a-token' } }),
        422,
        '803',
      );
    });

    it('cancels by pspReference and by reference: 201 received, CANCELLATION; an unknown reference is 167', async () => {
      const a = await startPayment(kakaoPay(unique(`cancel-psp-${kind}`)));
      const key = unique('idem-cancel');
      const byPsp = ok(
        await call('POST', P.cancelByPsp, {
          params: { psp: a.psp },
          body: { merchantAccount: MERCHANT, reference: 'cancel-1' },
          headers: { 'idempotency-key': key },
        }),
        201,
      );
      assert.equal(byPsp.json.paymentPspReference, a.psp);
      assert.equal(byPsp.json.reference, 'cancel-1');
      const note = await webhook('CANCELLATION', byPsp.json.pspReference, 'true');
      assert.equal(note.originalReference, a.psp);
      const twice = ok(await call('POST', P.cancelByPsp, { params: { psp: a.psp }, body: { merchantAccount: MERCHANT } }), 201);
      assert.equal(twice.json.pspReference, byPsp.json.pspReference);

      const bRef = unique(`cancel-ref-${kind}`);
      const b = await startPayment(kakaoPay(bRef));
      const byRef = ok(await call('POST', P.cancels, { body: { merchantAccount: MERCHANT, paymentReference: bRef } }), 201);
      assert.equal(byRef.json.paymentReference, bRef);
      assert.equal(byRef.json.reference, undefined);
      const bNote = await webhook('CANCELLATION', byRef.json.pspReference, 'true');
      assert.equal(bNote.originalReference, b.psp);

      refused(await call('POST', P.cancels, { body: { merchantAccount: MERCHANT, paymentReference: unique('nothing') } }), 422, '167');
      refused(await call('POST', P.cancelByPsp, { params: { psp: 'WP99999999999999' }, body: { merchantAccount: MERCHANT } }), 422, '167');
      const pendingRefund = await call('POST', P.refunds, {
        params: { psp: (await startPayment(kakaoPay(unique(`refund-pending-${kind}`)))).psp },
        body: { merchantAccount: MERCHANT, amount: { currency: 'KRW', value: 100 } },
      });
      refused(pendingRefund, 422, '167');
    });

    it('error answers: 401, 403, 400, 413, 415 and 422 with their codes, each in the ServiceError envelope', async () => {
      const reference = unique(`bad-${kind}`);
      const good = kakaoPay(reference);
      const without = (field: string) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== field));

      refused(await call('POST', P.payments, { body: good, key: null }), 401, '000');
      refused(await call('POST', P.payments, { body: good, key: `AQEwrong${Date.now()}` }), 401, '000');
      refused(await call('GET', P.stored, { query: { merchantAccount: MERCHANT, shopperReference: 's' }, key: null }), 401, '000');
      refused(await call('POST', P.payments, { body: { ...good, merchantAccount: 'SomeoneElseECOM' } }), 403, '901');
      refused(
        await call('POST', P.refunds, {
          params: { psp: paid.psp },
          body: { merchantAccount: 'SomeoneElseECOM', amount: { currency: 'KRW', value: 1 } },
        }),
        403,
        '901',
      );

      const bad: [Record<string, unknown>, string][] = [
        [without('merchantAccount'), '901'],
        [without('reference'), '130'],
        [{ ...good, reference: 'x'.repeat(81) }, '130'],
        [without('amount'), '100'],
        [{ ...good, amount: { currency: 'KRW', value: 0 } }, '137'],
        [{ ...good, amount: { currency: 'KRW', value: 150.5 } }, '137'],
        [{ ...good, amount: { currency: 'KRW', value: 100_000_001 } }, '137'],
        [{ ...good, amount: { currency: 'krw', value: 100 } }, '138'],
        [{ ...good, amount: { currency: 'USD', value: 100 } }, '905_1'],
        [{ ...good, paymentMethod: { type: 'ideal' } }, '905_1'],
        [{ ...good, countryCode: 'NL' }, '905_1'],
        [{ ...good, storePaymentMethod: true }, '157'],
        [without('returnUrl'), '702'],
        [{ ...good, returnUrl: 'ftp://shop.example/return' }, '702'],
        [{ ...good, shopperInteraction: 'ContAuth' }, '702'],
        [{ ...good, shopperInteraction: 'Phone' }, '702'],
        [{ ...good, storePaymentMethod: 'yes', shopperReference: 's' }, '702'],
      ];
      for (const [body, code] of bad) {
        const r = await call('POST', P.payments, { body, request: 'invalid' });
        refused(r, 422, code);
        assert.equal(r.json.errorType, code === '905_1' ? 'configuration' : 'validation');
      }
      refused(await call('POST', P.payments, { body: [good], request: 'invalid' }), 422, '702');
      refused(
        await call('POST', P.payments, {
          body: { ...good, paymentMethod: { type: 'kakaopay', storedPaymentMethodId: 'WT-not-a-token' }, shopperReference: 's' },
        }),
        422,
        '803',
      );
      refused(await call('POST', P.payments, { body: good, headers: { 'idempotency-key': 'k'.repeat(65) } }), 422, '702');

      refused(await call('POST', P.details, { body: { details: { redirectResult: 'not-one-of-yours' } } }), 422, '702');
      refused(await call('POST', P.details, { body: { paymentData: 'x' }, request: 'invalid' }), 422, '702');
      refused(
        await call('POST', P.paymentMethods, {
          body: { merchantAccount: MERCHANT, amount: { currency: 'eur', value: 1 } },
          request: 'invalid',
        }),
        422,
        '138',
      );
      refused(
        await call('POST', P.paymentMethods, { body: { merchantAccount: MERCHANT, amount: { currency: 'KRW' } }, request: 'invalid' }),
        422,
        '137',
      );
      refused(
        await call('POST', P.refunds, { params: { psp: paid.psp }, body: { merchantAccount: MERCHANT }, request: 'invalid' }),
        422,
        '100',
      );
      refused(await call('POST', P.cancels, { body: { merchantAccount: MERCHANT }, request: 'invalid' }), 422, '702');
      refused(await call('GET', P.stored, { query: { merchantAccount: MERCHANT } }), 422, '157');
      refused(await call('GET', P.stored, { query: { shopperReference: 's' } }), 422, '901');
      refused(
        await call('POST', P.listRecurring, { params: { version: 'v68' }, body: { merchantAccount: MERCHANT }, request: 'invalid' }),
        422,
        '157',
      );

      refused(await call('POST', P.payments, { raw: '{"merchantAccount":' }), 400, '702');
      refused(await call('POST', P.payments, { raw: JSON.stringify(good), contentType: 'text/plain' }), 415, '702');
      refused(await call('POST', P.payments, { raw: JSON.stringify({ ...good, metadata: { pad: 'x'.repeat(300 * 1024) } }) }), 413, '702');
    });

    it('every webhook walletgate sent matches the description of its eventCode, and its signature verifies', () => {
      const seenCodes = new Set<string>();
      assert.ok(gw.receiver.received.length > 0);
      for (const n of gw.receiver.received) {
        const items = notificationItems(n.json);
        assert.equal(items.length, 1, n.body);
        const item = items[0]!;
        oa.assertWebhook(item.eventCode, n.json);
        assert.ok(hmacIsValid(item), `the HMAC signature verifies: ${n.body}`);
        seenCodes.add(`${item.eventCode}.${item.success}`);
      }
      assert.deepEqual([...seenCodes].sort(), [
        'AUTHORISATION.false',
        'AUTHORISATION.true',
        'CANCELLATION.true',
        'OFFER_CLOSED.true',
        'RECURRING_CONTRACT.true',
        'REFUND.true',
        'REFUND_FAILED.true',
      ]);
    });

    it('the description bites: a real answer or webhook with one field changed does not match', () => {
      const body = (key: string) => {
        const r = seen.get(key);
        assert.ok(r, `an answer ${key} was seen`);
        return structuredClone(r.json) as Record<string, unknown>;
      };
      const mismatch = (method: string, template: Template, status: number, b: unknown) =>
        assert.throws(() => oa.assertResponse(method, template, status, b), /does not match the description/);

      const refund = body(`POST ${P.refunds} 201`);
      oa.assertResponse('POST', P.refunds, 201, refund);
      mismatch('POST', P.refunds, 201, { ...refund, status: 'Received' });
      mismatch('POST', P.refunds, 201, { ...refund, pspReference: String(refund.pspReference).toLowerCase() });
      mismatch('POST', P.refunds, 201, { ...refund, capturePspReference: refund.paymentPspReference });

      const redirect = body(`POST ${P.payments} 200`);
      oa.assertResponse('POST', P.payments, 200, redirect);
      mismatch('POST', P.payments, 200, { ...redirect, resultCode: 'Authorised', action: redirect.action ?? {} });
      mismatch('POST', P.payments, 200, { ...redirect, amount: { currency: 'KRW', value: '15000' } });

      const detailsBody = body(`POST ${P.details} 200`);
      mismatch('POST', P.details, 200, { ...detailsBody, resultCode: 'RedirectShopper' });
      mismatch('POST', P.details, 200, { ...detailsBody, resultCode: 'Refused' });

      const list = body(`GET ${P.stored} 200`);
      mismatch('GET', P.stored, 200, { ...list, storedPaymentMethods: [{ id: 'WT00000000000001', type: 'kakaopay', name: 'KakaoPay' }] });

      const error = body(`POST ${P.payments} 422`);
      oa.assertResponse('POST', P.payments, 422, error);
      mismatch('POST', P.payments, 422, { ...error, errorCode: 702 });
      mismatch('POST', P.payments, 401, { ...error, status: 401 });
      const noReference = { ...error };
      delete noReference.pspReference;
      mismatch('POST', P.payments, 422, noReference);

      const n = gw.receiver.received.find((r) => notificationItems(r.json)[0]?.eventCode === 'AUTHORISATION')!;
      const hook = structuredClone(n.json) as { live: string; notificationItems: { NotificationRequestItem: Record<string, unknown> }[] };
      oa.assertWebhook('AUTHORISATION', hook);
      assert.throws(() => oa.assertWebhook('REFUND', hook), /does not match/);
      hook.notificationItems[0]!.NotificationRequestItem.success = hook.notificationItems[0]!.NotificationRequestItem.success === 'true';
      assert.throws(() => oa.assertWebhook('AUTHORISATION', hook), /does not match/);
    });
  });
}
