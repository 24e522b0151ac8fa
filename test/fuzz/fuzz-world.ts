/**
 * The ground the input suites stand on: a whole walletgate (startGateway, workers off, so nothing
 * moves unless a request moves it) over a real store, with
 * - for each API, the demo merchant's paid payment, a payment still waiting on the customer and an
 *   active agreement (GlobalPay preapproval, Adyen token, Checkout.com source), made through the API
 *   and the sandbox wallet as a merchant and a customer would;
 * - another merchant "other-shop" with its own key for each API;
 * - every log line at warn and above, kept (a refused request must log nothing: no stack, no bug);
 * - a fingerprint of every table a request could write (row counts, newest updated_at), read with SQL
 *   beside the gateway's own connections, to show that a refused request wrote nothing.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { DEMO_MERCHANT_ID } from '../../src/core/merchants/demo-merchant.js';
import { addCredential, createMerchant } from '../../src/core/merchants/manage-merchants.js';
import { ckoId } from '../../src/dialects/checkoutcom/ids.js';
import { DEMO_AUTH, startGateway, type Gateway } from '../helpers/gateway-harness.js';
import type { Reply } from '../helpers/http-reply.js';
import { testPgUrl, type StoreKind } from '../helpers/stores.js';

export type { Reply };

export const OTHER_MERCHANT_ID = 'other-shop';
const OTHER_SITE_ID = '40001';
const OTHER_ADYEN_ACCOUNT = 'OtherShopECOM';
const OTHER_CHANNEL = 'pc_othershop2processing2channel';

/** Ids of real records, for path parameters and bodies that name one. */
export interface Fixtures {
  globalpay: { paidId: number; pendingId: number; preapprovalId: number; refundId: number };
  adyen: { paidPsp: string; pendingPsp: string; token: string; shopper: string; pendingRedirectResult: string; paidReference: string };
  checkoutcom: { paidId: string; pendingId: string; source: string; actionId: string };
  /** a customer token whose payment still waits on the customer (/pay/{token}) */
  pendingToken: string;
  /** the sandbox's tid of that payment */
  pendingTid: string;
  /** an AlipayHK payment waiting on the customer: its Alipay+ paymentId, and the auto debit authorization of an AlipayHK preapproval */
  alipayplus: { pendingPaymentId: string; authorizationId: string };
}

/** Each API's credentials: the demo merchant's, the other merchant's, and the sandbox wallet's. */
export interface Keys {
  globalpay: string;
  otherGlobalpay: string;
  adyen: string;
  otherAdyen: string;
  checkoutcom: string;
  otherCheckoutcom: string;
  sandbox: string;
}

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export interface World {
  kind: StoreKind;
  gw: Gateway;
  fx: Fixtures;
  keys: Keys;
  /** where the customer is sent back (the merchant receiver's origin) */
  returnUrl: string;
  /** One request to the gateway, sent as it is: the given headers only (fetch adds a text/plain type to a body without one), redirects not followed. */
  send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply>;
  /** Row counts and newest updated_at of every table a request could write. */
  fingerprint(): Promise<Record<string, number>>;
  /** Log lines at warn and above since the last call, and forgets them. */
  takeLogLines(): LogLine[];
  close(): Promise<void>;
}

type Row = Record<string, unknown>;

async function openReader(kind: StoreKind, location: string): Promise<{ row(sql: string): Promise<Row>; close(): Promise<void> }> {
  if (kind === 'sqlite') {
    const db = new BetterSqlite3(location, { readonly: true, fileMustExist: true });
    return { row: async (sql) => db.prepare(sql).get() as Row, close: async () => void db.close() };
  }
  const client = new pg.Client({ connectionString: testPgUrl });
  await client.connect();
  await client.query(`set search_path to "${location}"`);
  return { row: async (sql) => (await client.query(sql)).rows[0] as Row, close: () => client.end() };
}

const COUNTED = [
  'merchants',
  'credentials',
  'payments',
  'refunds',
  'preapprovals',
  'operations',
  'outbox',
  'delivery_attempts',
  'customer_profiles',
  'idempotency',
] as const;
const UPDATED = ['payments', 'refunds', 'preapprovals'] as const;
const FINGERPRINT_SQL = `select ${[
  ...COUNTED.map((t) => `(select count(*) from ${t}) as ${t}`),
  ...UPDATED.map((t) => `(select coalesce(max(updated_at), 0) from ${t}) as ${t}_updated`),
].join(', ')}`;

function logCollector(): { log: Logger; take(): LogLine[] } {
  let lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text.trim() !== '') lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  // synchronous destination semantics: pino writes each line before the call that logs it returns
  const log = pino({ level: 'warn' }, sink);
  return {
    log,
    take() {
      const taken = lines;
      lines = [];
      return taken;
    },
  };
}

export async function startWorld(kind: StoreKind): Promise<World> {
  const logs = logCollector();
  const gw = await startGateway(kind, { workers: false, log: logs.log });
  const cleanups: (() => Promise<unknown>)[] = [() => gw.close()];
  const closeAll = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const reader = await openReader(kind, gw.storeLocation);
    cleanups.push(() => reader.close());
    const { store, config } = gw.services;
    const returnUrl = `${new URL(gw.receiver.url).origin}/return`;
    const send: World['send'] = async (method, path, headers, body) => {
      const res = await fetch(`${gw.base}${path}`, { method, headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: the checks on `json` say so
      }
      return { status: res.status, headers: res.headers, text, json: parsed };
    };
    const json = (key: string, value: string) => ({ 'content-type': 'application/json', [key]: value });
    const approve = async (url: string) => {
      const walked = await gw.customer(url, 'approve');
      assert.equal(walked.status, 200, JSON.stringify(walked.json));
      return String(walked.json.finalUrl);
    };

    // GlobalPay: a paid payment (with articles) with a partial refund, a payment waiting on the customer, an active preapproval.
    const gpPayment = (ref: string) => ({
      Payment: {
        MerchantTransactionID: ref,
        Amount: 15000,
        Currency: 'KRW',
        MethodID: 1135,
        ReturnURL: `${returnUrl}/gp`,
        Description: 'Coffee',
        // 150 cups at 100: the refund template takes one back
        Articles: [{ MerchantArticleID: '1', Name: 'Coffee', Quantity: 150, Price: 100 }],
      },
    });
    const paid = await gw.gp('POST', '/v1/payments', gpPayment(`fx-gp-paid-${kind}`));
    assert.equal(paid.status, 201, JSON.stringify(paid.json));
    await approve(paid.json.Payment.RedirectURL);
    const refund = await gw.gp('POST', `/v1/payments/${paid.json.Payment.ID}/refunds`, {
      Refund: { MerchantTransactionID: `fx-gp-refund-${kind}`, Amount: 100 },
    });
    assert.equal(refund.status, 201, JSON.stringify(refund.json));
    const pending = await gw.gp('POST', '/v1/payments', gpPayment(`fx-gp-pending-${kind}`));
    assert.equal(pending.status, 201, JSON.stringify(pending.json));
    const pre = await gw.gp('POST', '/v1/preapprovals', {
      Preapproval: {
        MerchantPreapprovalID: `fx-gp-pre-${kind}`,
        Currency: 'KRW',
        Description: '1 year subscription',
        ReturnURL: `${returnUrl}/gp-pre`,
        MethodID: 1135,
        Customer: { FirstName: 'John', LastName: 'Doe', Email: 'jdoe@example.com' },
        BillingAddress: { Country: 'KR' },
      },
    });
    assert.equal(pre.status, 201, JSON.stringify(pre.json));
    await approve(pre.json.Preapproval.RedirectURL);
    const pendingLink = new URL(String(pending.json.Payment.RedirectURL));
    const pendingToken = pendingLink.pathname.split('/').pop()!;
    const pendingRow = (await store.payments.list(DEMO_MERCHANT_ID, { reference: `fx-gp-pending-${kind}` }, { index: 1, size: 1 }))
      .items[0];
    assert.ok(pendingRow?.connectorState.ref, 'the pending payment has a tid');

    // Alipay+: an AlipayHK payment and an AlipayHK preapproval, both waiting on the customer.
    const apsPending = await gw.gp('POST', '/v1/payments', {
      Payment: {
        MerchantTransactionID: `fx-gp-aps-${kind}`,
        Amount: 8800,
        Currency: 'HKD',
        MethodID: 1145,
        ReturnURL: `${returnUrl}/gp`,
        BillingAddress: { Country: 'HK' },
      },
    });
    assert.equal(apsPending.status, 201, JSON.stringify(apsPending.json));
    const apsPre = await gw.gp('POST', '/v1/preapprovals', {
      Preapproval: {
        MerchantPreapprovalID: `fx-gp-aps-pre-${kind}`,
        Description: 'Monthly dim sum',
        Customer: { FirstName: 'Chan', LastName: 'Tai Man', Email: 'chan@example.com' },
        Currency: 'HKD',
        ReturnURL: `${returnUrl}/gp-pre`,
        MethodID: 1145,
        BillingAddress: { Country: 'HK' },
      },
    });
    assert.equal(apsPre.status, 201, JSON.stringify(apsPre.json));
    const apsRow = (await store.payments.list(DEMO_MERCHANT_ID, { reference: `fx-gp-aps-${kind}` }, { index: 1, size: 1 })).items[0];
    const apsPreRow = await store.preapprovals.get(DEMO_MERCHANT_ID, Number(apsPre.json.Preapproval.ID));
    const authorizeUrl = String(apsPreRow?.connectorState.desktopUrl ?? '');
    assert.ok(apsRow?.connectorState.ref && /\/authorize\/[0-9A-Za-z]+$/.test(authorizeUrl), 'the Alipay+ fixtures wait on the customer');

    // Adyen: a paid payment that stored a token, a payment waiting on the shopper.
    const adyenHeaders = json('x-api-key', DEMO_ADYEN.apiKey);
    const shopper = `fx-shopper-${kind}`;
    const adyenPayment = (reference: string, extra: object = {}) =>
      JSON.stringify({
        merchantAccount: DEMO_ADYEN.merchantAccount,
        reference,
        amount: { currency: 'KRW', value: 15000 },
        paymentMethod: { type: 'kakaopay' },
        returnUrl: `${returnUrl}/adyen`,
        ...extra,
      });
    const adyenPaidReference = `fx-adyen-paid-${kind}`;
    const started = await send(
      'POST',
      '/adyen/v71/payments',
      adyenHeaders,
      adyenPayment(adyenPaidReference, { storePaymentMethod: true, shopperReference: shopper, recurringProcessingModel: 'Subscription' }),
    );
    assert.equal(started.status, 200, started.text);
    const redirectResult = new URL(await approve(started.json.action.url)).searchParams.get('redirectResult');
    const details = await send('POST', '/adyen/v71/payments/details', adyenHeaders, JSON.stringify({ details: { redirectResult } }));
    assert.equal(details.json?.resultCode, 'Authorised', details.text);
    const token = String(details.json.additionalData['recurring.recurringDetailReference']);
    const waiting = await send('POST', '/adyen/v71/payments', adyenHeaders, adyenPayment(`fx-adyen-pending-${kind}`));
    assert.equal(waiting.status, 200, waiting.text);
    const waitingRow = (await store.payments.list(DEMO_MERCHANT_ID, { reference: `fx-adyen-pending-${kind}` }, { index: 1, size: 1 }))
      .items[0]!;

    // Checkout.com: a captured payment with a refund, a Recurring payment's source, a payment waiting on the customer.
    const ckoHeaders = json('authorization', `Bearer ${DEMO_CHECKOUTCOM.secretKey}`);
    const ckoPayment = (reference: string, extra: object = {}) =>
      JSON.stringify({
        source: { type: 'kakaopay' },
        amount: 15000,
        currency: 'KRW',
        reference,
        processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
        success_url: `${returnUrl}/cko-success`,
        failure_url: `${returnUrl}/cko-failure`,
        customer: { email: `${reference}@shop.example`, name: 'Kim Minji' },
        ...extra,
      });
    const ckoPaid = await send(
      'POST',
      '/checkoutcom/payments',
      ckoHeaders,
      ckoPayment(`fx-cko-paid-${kind}`, { payment_type: 'Recurring' }),
    );
    assert.equal(ckoPaid.status, 202, ckoPaid.text);
    await approve(ckoPaid.json._links.redirect.href);
    const ckoRefund = await send('POST', `/checkoutcom/payments/${ckoPaid.json.id}/refunds`, ckoHeaders, JSON.stringify({ amount: 100 }));
    assert.equal(ckoRefund.status, 202, ckoRefund.text);
    const ckoPending = await send('POST', '/checkoutcom/payments', ckoHeaders, ckoPayment(`fx-cko-pending-${kind}`));
    assert.equal(ckoPending.status, 202, ckoPending.text);
    const agreements = (await store.preapprovals.list(DEMO_MERCHANT_ID, {}, { index: 1, size: 100 })).items;
    const ckoAgreement = agreements.find((a) => a.dialect === 'checkoutcom');
    assert.ok(ckoAgreement, 'the Recurring payment stored its source');

    // Another merchant, with its own key for each API.
    await createMerchant(store, { id: OTHER_MERCHANT_ID, name: 'Other Shop', notifyUrl: gw.receiver.url });
    const other = async (dialect: 'globalpay' | 'adyen' | 'checkoutcom', keyId: string) =>
      (await addCredential(store, config.masterKey, { merchantId: OTHER_MERCHANT_ID, dialect, keyId })).secret;
    const otherGp = await other('globalpay', OTHER_SITE_ID);
    const otherAdyen = await other('adyen', OTHER_ADYEN_ACCOUNT);
    const otherCko = await other('checkoutcom', OTHER_CHANNEL);
    await gw.services.deps.background.drain();
    assert.deepEqual(logs.take(), [], 'making the fixtures logged nothing at warn or above');

    const fx: Fixtures = {
      globalpay: {
        paidId: paid.json.Payment.ID,
        pendingId: pending.json.Payment.ID,
        preapprovalId: pre.json.Preapproval.ID,
        refundId: refund.json.Refund.ID,
      },
      adyen: {
        paidPsp: started.json.pspReference,
        pendingPsp: waiting.json.pspReference,
        token,
        shopper,
        pendingRedirectResult: waitingRow.customerToken,
        paidReference: adyenPaidReference,
      },
      checkoutcom: {
        paidId: ckoPaid.json.id,
        pendingId: ckoPending.json.id,
        source: ckoId('source', ckoAgreement.id),
        actionId: ckoRefund.json.action_id,
      },
      pendingToken,
      pendingTid: pendingRow.connectorState.ref!,
      alipayplus: { pendingPaymentId: apsRow.connectorState.ref, authorizationId: authorizeUrl.split('/').pop()! },
    };
    const keys: Keys = {
      globalpay: DEMO_AUTH,
      otherGlobalpay: 'Basic ' + Buffer.from(`${OTHER_SITE_ID}:${otherGp}`).toString('base64'),
      adyen: DEMO_ADYEN.apiKey,
      otherAdyen,
      checkoutcom: DEMO_CHECKOUTCOM.secretKey,
      otherCheckoutcom: otherCko,
      sandbox: config.sandbox.secretKey,
    };

    return {
      kind,
      gw,
      fx,
      keys,
      returnUrl,
      send,
      async fingerprint() {
        await gw.services.deps.background.drain();
        const row = await reader.row(FINGERPRINT_SQL);
        return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
      },
      takeLogLines: () => logs.take(),
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
