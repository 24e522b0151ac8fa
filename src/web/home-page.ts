/**
 * GET / — what this walletgate is and how to use it: the same facts as the start banner. The demo
 * merchant's published keys are shown only with the sandbox on (there is no demo merchant otherwise),
 * and its notification URL is read from the store on each request (`walletgate merchant
 * set-notify-url` changes it on a running server).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.js';
import type { CoreDeps } from '../core/deps.js';
import type { Merchant } from '../core/model.js';
import {
  DEMO_ADYEN,
  DEMO_CHECKOUTCOM,
  DEMO_GLOBALPAY_KEYS,
  DEMO_MERCHANT_ID,
  DEMO_SITE_ID,
  getDemoMerchant,
} from '../core/merchants/demo-merchant.js';
import { escapeHtml, page } from './page-layout.js';

/** https://HOST:HTTPS_PORT — the HTTPS listener (same routes), for clients that only speak HTTPS. */
export function httpsOrigin(config: Pick<Config, 'host' | 'tls'>): string {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return `https://${host}:${config.tls.port}`;
}

export function apiBaseUrls(publicUrl: string) {
  return {
    globalpay: `${publicUrl}/globalpay`,
    adyen: `${publicUrl}/adyen`,
    checkoutcom: `${publicUrl}/checkoutcom`,
    sandbox: `${publicUrl}/sandbox/kakaopay`,
    customerApi: `${publicUrl}/sandbox/customer`,
  };
}

const row = (k: string, v: string) => `<tr><td>${escapeHtml(k)}</td><td><code>${escapeHtml(v)}</code></td></tr>`;

const PAYMENT_BODY = `{"Payment":{"MerchantTransactionID":"order-1","Amount":15000,"Currency":"KRW","MethodID":1135,
       "ReturnURL":"https://shop.example/return","Description":"Coffee beans","BillingAddress":{"Country":"KR"}}}`;

function apisTable(config: Config): string {
  const urls = apiBaseUrls(config.publicUrl);
  const sandboxRows = config.sandbox.enabled ? row('KakaoPay sandbox', urls.sandbox) + row('Sandbox customer API', urls.customerApi) : '';
  return `<table>${row('GlobalPay REST', urls.globalpay)}${row('Adyen Checkout', urls.adyen)}${row('Checkout.com', urls.checkoutcom)}${sandboxRows}${row('Health', `${config.publicUrl}/health`)}</table>`;
}

/** Sandbox on: the demo merchant, its published keys and where its notifications go now. */
function sandboxPage(config: Config, demo: Merchant | undefined): string {
  const urls = apiBaseUrls(config.publicUrl);
  const basic = Buffer.from(`${DEMO_SITE_ID}:${DEMO_GLOBALPAY_KEYS[0]}`).toString('base64');
  const curl = `curl -X POST ${urls.globalpay}/v1/payments \\
  -H 'Authorization: Basic ${basic}' \\
  -H 'Content-Type: application/json' \\
  -d '${PAYMENT_BODY}'`;
  const notify = demo?.notifyUrl ?? `(not set: walletgate merchant set-notify-url ${DEMO_MERCHANT_ID} <url>)`;
  return `<div class="card"><h1>walletgate is running</h1><p class="muted">KakaoPay for merchants who speak GlobalPay, Adyen or Checkout.com — on its built-in KakaoPay sandbox, so everything works offline and no real money moves.</p>
<h2>APIs</h2>${apisTable(config)}
<h2>Demo merchant <code>${DEMO_MERCHANT_ID}</code> (GlobalPay site ${DEMO_SITE_ID})</h2>
<p class="muted">One merchant with published test keys for each API, so the vendors' examples work when pasted. It exists only while the sandbox is on.</p>
<table>${row('GlobalPay SiteID', DEMO_SITE_ID)}${row('ApiKey 1', DEMO_GLOBALPAY_KEYS[0])}${row('ApiKey 2', DEMO_GLOBALPAY_KEYS[1])}${row('Adyen merchantAccount', DEMO_ADYEN.merchantAccount)}${row('Adyen X-API-Key', DEMO_ADYEN.apiKey)}${row('Checkout.com secret key', DEMO_CHECKOUTCOM.secretKey)}${row('Checkout.com processing channel', DEMO_CHECKOUTCOM.processingChannelId)}${row('Notifications to', notify)}</table>
<h2>Try it</h2><pre>${escapeHtml(curl)}</pre><p class="muted">Open the <code>RedirectURL</code> from the answer in a browser, or approve it without one: <code>npx walletgate sandbox approve &lt;RedirectURL&gt;</code>.</p></div>`;
}

/** A real wallet: no demo merchant, no key of any kind on the page. */
function realWalletPage(config: Config): string {
  const urls = apiBaseUrls(config.publicUrl);
  const curl = `curl -X POST ${urls.globalpay}/v1/payments \\
  -u "$SITE_ID:$API_KEY" \\
  -H 'Content-Type: application/json' \\
  -d '${PAYMENT_BODY}'`;
  return `<div class="card"><h1>walletgate is running</h1><p class="muted">KakaoPay for merchants who speak GlobalPay, Adyen or Checkout.com, connected to the real KakaoPay.</p>
<h2>APIs</h2>${apisTable(config)}
<h2>Merchants</h2><p class="muted">Each merchant gets its own keys on the server: <code>npx walletgate merchant create shop1</code>, then <code>npx walletgate merchant show shop1</code> prints them for every API.</p>
<h2>Try it</h2><pre>${escapeHtml(curl)}</pre><p class="muted">With a merchant's GlobalPay SiteID and ApiKey; the customer pays at the <code>RedirectURL</code> in the answer.</p></div>`;
}

export const homePagePlugin: FastifyPluginAsync<{ config: Config; deps: Pick<CoreDeps, 'store'> }> = async (app, { config, deps }) => {
  app.get('/', async (_req, reply) => {
    const body = config.sandbox.enabled ? sandboxPage(config, await getDemoMerchant(deps.store)) : realWalletPage(config);
    return reply.header('content-type', 'text/html; charset=utf-8').send(page('Gateway', body));
  });
};
