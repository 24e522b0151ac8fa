/**
 * No secret reaches the log of a full run. A real `walletgate start` process (SQLite) at trace
 * level, every byte of its stdout and stderr in a file, runs what a day brings: a payment in each
 * API (GlobalPay with Basic auth, Adyen with X-API-Key, Checkout.com with a bearer key, ecommpay
 * signed with the project's secret), two approved in the sandbox wallet and their signed
 * notifications delivered, two refunds, a dashboard sign-in with a one-time password then a chosen
 * one, a key and a Data API token made in the dashboard and used, a scrape of /metrics with its
 * token, and requests with wrong keys. Then the whole file is searched for every secret the run
 * involved: the API keys, signing keys, the master key, the KakaoPay sandbox's secret key, the card
 * processor key, the bank notice secret, the metrics token, the passwords, the session cookie, the
 * CSRF tokens, the customer links' tokens, and each Authorization header (and the base64 Basic pair).
 *
 * The banner is part of the file: with the sandbox on it prints the published demo merchant's keys on
 * purpose ("try it" values), so the run's own merchant calls use keys nobody published: a GlobalPay
 * key made in the dashboard, and the other APIs' demo keys are searched for in the log lines only.
 * PostgreSQL is left out: the lines are written by the same code whatever the store, and a second
 * process start would cost this file's budget twice.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { DEMO_ECOMMPAY } from '../../src/dialects/ecommpay/demo.js';
import { DEMO_GLOBALPAY_KEYS, DEMO_SITE_ID } from '../../src/dialects/globalpay/demo.js';
import { CARDS_SANDBOX_API_KEY } from '../../src/connectors/cards/sandbox-defaults.js';
import { openGatewayData, type GatewayData, type GatewayProcess } from '../helpers/gateway-process.js';
import { DashboardClient, csrfIn, secretIn } from '../helpers/dashboard-client.js';
import { ecommpay } from '../helpers/ecommpay-package.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/walletgate.mjs', import.meta.url).pathname;

type Json = Record<string, any>;

const fresh = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;

/** The settings' secrets, each unpublished and long enough to be found only where it leaked. */
const SETTINGS = {
  WALLETGATE_MASTER_KEY: fresh('mk-'),
  WALLETGATE_SANDBOX_SECRET_KEY: fresh('DEVkakao'),
  CARDS_API_KEY: fresh('sk_cards_'),
  BANK_TRANSFER_NOTICE_SECRET: fresh('bank-'),
  WALLETGATE_METRICS_TOKEN: fresh('metrics'),
};

describe('no secret in the log of a full run (SQLite, trace)', () => {
  let data: GatewayData;
  let gw: GatewayProcess;
  let log = '';
  /** every secret the run used or saw, by what it is */
  const secrets = new Map<string, string>(Object.entries(SETTINGS));
  /** secrets the banner shows on purpose: searched for in the log lines, not the banner */
  const published = new Map<string, string>();
  const keep = (what: string, value: string) => {
    assert.ok(value.length >= 8, `${what} is long enough to search for`);
    secrets.set(what, value);
  };

  before(async () => {
    data = await openGatewayData('sqlite', { env: { ...SETTINGS, WALLETGATE_LOG_LEVEL: 'trace' } });
    gw = await data.start({ name: 'full-run', logFile: join(data.dataDir, 'walletgate.log') });
  });
  after(() => data.cleanup());

  const api = async (path: string, headers: Record<string, string>, body?: unknown, method = body === undefined ? 'GET' : 'POST') => {
    const res = await fetch(`${gw.base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: Json = {};
    try {
      json = JSON.parse(text) as Json;
    } catch {
      // a page or plain text
    }
    return { status: res.status, text, json };
  };
  /** The sandbox customer walks the link and approves; answers where the walk ended. */
  const approve = async (link: string) => {
    const walked = await api('/sandbox/customer', {}, { url: link, action: 'approve' });
    assert.equal(walked.status, 200, walked.text);
    return walked.json;
  };
  /** A customer link's token: the last path segment of /pay/… (and any token in its query). */
  const keepLink = (what: string, link: string) => {
    const url = new URL(link);
    keep(`${what} link token`, url.pathname.split('/').filter(Boolean).pop()!);
    for (const [k, v] of url.searchParams) if (v.length >= 16) keep(`${what} link ${k}`, v);
  };

  it('runs a full day: dashboard, four APIs, approvals, notifications, refunds, wrong keys, metrics', async () => {
    // the dashboard: the demo owner's one-time password (from the CLI), then one of their own
    const reset = await run(process.execPath, [BIN, 'user', 'reset', 'demo@walletgate.test'], {
      env: { ...process.env, WALLETGATE_DATA_DIR: data.dataDir, NO_COLOR: '1', ...SETTINGS },
    });
    const oneTime = /Password\s+(\S+)/.exec(reset.stdout)?.[1] ?? assert.fail(reset.stdout);
    keep('one-time password', oneTime);
    const password = fresh('pw-');
    keep('dashboard password', password);
    const owner = new DashboardClient(gw.base);
    const firstForm = csrfIn((await owner.get('/dashboard/login')).text);
    keep('sign-in CSRF token', firstForm);
    await owner.firstSignIn('demo@walletgate.test', oneTime, password);
    keep('session cookie', owner.session() ?? assert.fail('signed in'));
    // a wrong password, as a person mistypes one
    const other = new DashboardClient(gw.base);
    const refused = await other.signIn('demo@walletgate.test', `${password}x`);
    assert.notEqual(refused.status, 303);
    keep('mistyped password', `${password}x`);

    // a GlobalPay key and a Data API token made in the dashboard (shown once)
    const csrf = csrfIn((await owner.get('/dashboard/settings')).text);
    keep('settings CSRF token', csrf);
    const made = await owner.post('/dashboard/settings/keys', {
      csrf,
      merchant: 'demo',
      dialect: 'globalpay',
      kind: 'api_key',
      label: 'shop',
    });
    assert.equal(made.status, 200, made.text.slice(0, 400));
    const gpKey = secretIn(made.text);
    keep('GlobalPay key made in the dashboard', gpKey);
    const basic = `Basic ${Buffer.from(`${DEMO_SITE_ID}:${gpKey}`).toString('base64')}`;
    keep('GlobalPay Basic header', basic);
    const tokenPage = await owner.get('/dashboard/data-api');
    const token = await owner.post('/dashboard/data-api/tokens', { csrf: csrfIn(tokenPage.text), name: 'reports', merchant: 'demo' });
    assert.equal(token.status, 201, token.text.slice(0, 400));
    const dataToken = /made\.<\/b>[^<]*<\/p><pre>([^<]+)<\/pre>/.exec(token.text)?.[1] ?? assert.fail('the token is shown once');
    keep('Data API token', dataToken);
    assert.equal((await api('/dashboard/api/v1/payments', { authorization: `Bearer ${dataToken}` })).status, 200);

    // GlobalPay: a payment approved, notified (signed with the merchant's key), refunded
    const gpRef = `logs-gp-${Date.now()}`;
    const gp = await api(
      '/globalpay/v1/payments',
      { authorization: basic },
      { Payment: { MerchantTransactionID: gpRef, Amount: 1000, Currency: 'KRW', MethodID: 1135, ReturnURL: 'http://shop.example/r' } },
    );
    assert.equal(gp.status, 201, gp.text);
    keepLink('GlobalPay', gp.json.Payment.RedirectURL as string);
    await approve(gp.json.Payment.RedirectURL as string);
    await data.receiver.waitFor((n) => n.body.includes(gpRef));
    const gpRefund = await api(
      `/globalpay/v1/payments/${gp.json.Payment.ID}/refunds`,
      { authorization: basic },
      { Refund: { MerchantTransactionID: `${gpRef}-r`, Amount: 300 } },
    );
    assert.ok(gpRefund.status < 300, gpRefund.text);

    // Checkout.com: a bearer key; approved, its webhook signed with the signature key, refunded
    const ckoRef = `logs-cko-${Date.now()}`;
    const bearer = `Bearer ${DEMO_CHECKOUTCOM.secretKey}`;
    const cko = await api(
      '/checkoutcom/payments',
      { authorization: bearer },
      {
        amount: 2000,
        currency: 'KRW',
        source: { type: 'kakaopay' },
        reference: ckoRef,
        success_url: 'http://shop.example/ok',
        failure_url: 'http://shop.example/no',
        processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
      },
    );
    assert.equal(cko.status, 202, cko.text);
    const ckoLink = cko.json._links.redirect.href as string;
    keepLink('Checkout.com', ckoLink);
    await approve(ckoLink);
    const webhook = await data.receiver.waitFor((n) => n.body.includes(ckoRef) && n.body.includes('payment_captured'));
    assert.ok(webhook.headers['cko-signature'], 'the webhook is signed');
    const ckoRefund = await api(
      `/checkoutcom/payments/${cko.json.id}/refunds`,
      { authorization: bearer },
      { amount: 500, reference: `${ckoRef}-r` },
    );
    assert.equal(ckoRefund.status, 202, ckoRefund.text);
    published.set('Checkout.com secret key', DEMO_CHECKOUTCOM.secretKey);
    published.set('Checkout.com Authorization header', bearer);
    published.set('Checkout.com webhook signature key', DEMO_CHECKOUTCOM.webhookSignatureKey);

    // Adyen: X-API-Key
    const adyen = await api(
      '/adyen/v71/payments',
      { 'x-api-key': DEMO_ADYEN.apiKey },
      {
        merchantAccount: DEMO_ADYEN.merchantAccount,
        reference: `logs-adyen-${Date.now()}`,
        amount: { currency: 'KRW', value: 1500 },
        paymentMethod: { type: 'kakaopay' },
        returnUrl: 'http://shop.example/adyen',
      },
    );
    assert.equal(adyen.status, 200, adyen.text);
    keepLink('Adyen', adyen.json.action.url as string);
    published.set('Adyen API key', DEMO_ADYEN.apiKey);
    published.set('Adyen HMAC key', DEMO_ADYEN.hmacKey);

    // ecommpay: a Gate sale signed with the project's secret
    const order = `logs-ecp-${Date.now()}`;
    const sale: Json = {
      general: { project_id: DEMO_ECOMMPAY.projectId, payment_id: order },
      payment: { amount: 1000, currency: 'KRW' },
      customer: { id: 'customer123', ip_address: '192.0.2.0' },
      return_url: { success: 'http://shop.example/s', decline: 'http://shop.example/d', return: 'http://shop.example/r' },
    };
    sale.general.signature = ecommpay.signer(sale, DEMO_ECOMMPAY.secretKey);
    const ecp = await api('/ecommpay/v2/payment/wallet/kakaopay/sale', {}, sale);
    assert.equal(ecp.status, 200, ecp.text);
    published.set('ecommpay secret key', DEMO_ECOMMPAY.secretKey);

    // wrong keys: each API refuses, and the refusal is logged
    const wrongKey = fresh('wrong-');
    keep('a wrong GlobalPay key', wrongKey);
    keep('a wrong Basic header', `Basic ${Buffer.from(`${DEMO_SITE_ID}:${wrongKey}`).toString('base64')}`);
    assert.equal(
      (await api('/globalpay/v1/payments?pageIndex=1&pageSize=1', { authorization: secrets.get('a wrong Basic header')! })).status,
      401,
    );
    assert.equal((await api('/checkoutcom/payments/pay_x', { authorization: `Bearer ${wrongKey}` })).status, 401);
    assert.equal((await api('/dashboard/api/v1/payments', { authorization: `Bearer ${wrongKey}` })).status, 401);

    // a mistyped customer link: no route matches, so its path is logged, without the token
    const mistyped = `${new URL(gp.json.Payment.RedirectURL as string).pathname}/nowhere`;
    assert.equal((await api(mistyped, {})).status, 404);

    // metrics with its token, and without
    const metrics = await api('/metrics', { authorization: `Bearer ${SETTINGS.WALLETGATE_METRICS_TOKEN}` });
    assert.equal(metrics.status, 200);
    assert.equal((await api('/metrics', { authorization: `Bearer ${wrongKey}` })).status, 401);

    // the rest of the notifications (refunds) delivered, then the process stops and its output is complete
    await data.receiver.waitFor((n) => n.body.includes(ckoRef) && n.body.includes('payment_refunded'));
    await gw.stop();
    await gw.logWritten;
    log = readFileSync(join(data.dataDir, 'walletgate.log'), 'utf8');
    // nothing writes at trace today; debug lines (the wallet calls, the sandbox's requests) are there
    assert.ok(log.includes('"level":20'), 'debug lines are in the log');
    assert.ok(log.includes('"msg":"notification delivered"'), 'deliveries are in the log');
  });

  it('finds none of them in the file', () => {
    assert.ok(log.length > 0, 'the run wrote its log');
    const leaks = [...secrets].filter(([, value]) => log.includes(value)).map(([what]) => what);
    assert.deepEqual(leaks, [], `secrets in the log: ${leaks.join(', ')}`);
    // the demo GlobalPay keys sign the demo merchant's notifications too (Basic, as GlobalPay does)
    for (const [i, key] of DEMO_GLOBALPAY_KEYS.entries()) {
      published.set(`GlobalPay demo key ${i + 1}`, key);
      published.set(`GlobalPay demo Basic pair ${i + 1}`, Buffer.from(`${DEMO_SITE_ID}:${key}`).toString('base64'));
    }
    // the banner prints the published keys on purpose; the log lines must not
    const lines = log.split('\n').filter((l) => l.startsWith('{'));
    assert.ok(lines.length > 50, 'JSON log lines');
    const linesText = lines.join('\n');
    const leaked = [...published].filter(([, value]) => linesText.includes(value)).map(([what]) => what);
    assert.deepEqual(leaked, [], `published keys in log lines: ${leaked.join(', ')}`);
    assert.ok(!linesText.includes(CARDS_SANDBOX_API_KEY), "the card processor sandbox's published key");
  });
});
