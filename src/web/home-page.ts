/** GET / — what this walletgate is and how to use it: the same facts as the start banner. */
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.js';
import { DEMO_ADYEN, DEMO_CHECKOUTCOM, DEMO_GLOBALPAY_KEYS, DEMO_SITE_ID } from '../core/merchants/demo-merchant.js';
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

export const homePagePlugin: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  app.get('/', async (_req, reply) => {
    const urls = apiBaseUrls(config.publicUrl);
    const basic = Buffer.from(`${DEMO_SITE_ID}:${DEMO_GLOBALPAY_KEYS[0]}`).toString('base64');
    const curl = `curl -X POST ${urls.globalpay}/v1/payments \\
  -H 'Authorization: Basic ${basic}' \\
  -H 'Content-Type: application/json' \\
  -d '{"Payment":{"MerchantTransactionID":"order-1","Amount":15000,"Currency":"KRW","MethodID":1135,
       "ReturnURL":"https://shop.example/return","Description":"Coffee beans","BillingAddress":{"Country":"KR"}}}'`;
    const row = (k: string, v: string) => `<tr><td>${escapeHtml(k)}</td><td><code>${escapeHtml(v)}</code></td></tr>`;
    return reply.header('content-type', 'text/html; charset=utf-8').send(
      page(
        'Gateway',
        `<div class="card"><h1>walletgate is running</h1><p class="muted">KakaoPay for merchants who speak GlobalPay, Adyen or Checkout.com — with a built-in KakaoPay sandbox, so everything works offline.</p>
<div class="grid" style="margin-top:18px"><div><h2>APIs</h2><table>${row('GlobalPay REST', urls.globalpay)}${row('Adyen Checkout', urls.adyen)}${row('Checkout.com', urls.checkoutcom)}${row('KakaoPay sandbox', urls.sandbox)}${row('Sandbox customer API', urls.customerApi)}${row('Health', `${config.publicUrl}/health`)}</table></div>
<div><h2>Demo merchant</h2><table>${row('GlobalPay SiteID', DEMO_SITE_ID)}${row('ApiKey 1', DEMO_GLOBALPAY_KEYS[0])}${row('ApiKey 2', DEMO_GLOBALPAY_KEYS[1])}${row('Adyen merchantAccount', DEMO_ADYEN.merchantAccount)}${row('Adyen X-API-Key', DEMO_ADYEN.apiKey)}${row('Checkout.com secret key', DEMO_CHECKOUTCOM.secretKey)}${row('Checkout.com processing channel', DEMO_CHECKOUTCOM.processingChannelId)}${row('Notifications to', config.demo.notifyUrl ?? '(not set: walletgate merchant set-notify-url)')}</table></div></div>
<h2>Try it</h2><pre>${escapeHtml(curl)}</pre><p class="muted">Open the <code>RedirectURL</code> from the answer in a browser, or approve it without one: <code>npx walletgate sandbox approve &lt;RedirectURL&gt;</code>.</p></div>`,
      ),
    );
  });
};
