/**
 * GET / — what this walletgate is and how to use it: the same facts as the start banner, handed in
 * as a view (src/gateway-overview.ts builds it from the config and the dialect registry). The demo
 * merchant's published keys are in the view only with the sandbox on, and its notification URL is
 * read from the store on each request (`walletgate merchant set-notify-url` changes it on a running
 * server).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { CoreDeps } from '../core/deps.js';
import { getDemoMerchant } from '../core/merchants/demo-merchant.js';
import { escapeHtml, page } from './page-layout.js';

type Rows = readonly (readonly [label: string, value: string])[];

export interface HomePageView {
  /** "GlobalPay, Adyen or Checkout.com" */
  speaks: string;
  /** The APIs and services, label → URL. */
  urls: Rows;
  /** Sandbox on: the demo merchant and its published keys. null: a real wallet, and no key of any kind on the page. */
  demo: { merchantId: string; alias: string | null; shown: Rows; tryIt: string | null } | null;
  /** A first request with placeholders for a merchant's own keys (real wallet). */
  tryIt: string | null;
}

const DOCS_LINK = `<p class="docs-link"><a href="/docs">Documentation</a> — the API references (try each request here) and every guide.</p>`;

const row = (k: string, v: string) => `<tr><td>${escapeHtml(k)}</td><td><code>${escapeHtml(v)}</code></td></tr>`;
const table = (rows: Rows) => `<table>${rows.map(([k, v]) => row(k, v)).join('')}</table>`;

/** Sandbox on: the demo merchant, its published keys and where its notifications go now. */
function sandboxPage(view: HomePageView, demo: NonNullable<HomePageView['demo']>, notifyUrl: string | null): string {
  const notify = notifyUrl ?? `(not set: walletgate merchant set-notify-url ${demo.merchantId} <url>)`;
  const title = `${escapeHtml(demo.merchantId)}</code>${demo.alias ? ` (${escapeHtml(demo.alias)})` : ''}`;
  const tryIt = demo.tryIt
    ? `<h2>Try it</h2><pre>${escapeHtml(demo.tryIt)}</pre><p class="muted">Open the <code>RedirectURL</code> from the answer in a browser, or approve it without one: <code>npx walletgate sandbox approve &lt;RedirectURL&gt;</code>.</p>`
    : '';
  return `<div class="card"><h1>walletgate is running</h1><p class="muted">KakaoPay and the Alipay+ wallets for merchants who speak ${escapeHtml(view.speaks)} — on its built-in wallet sandboxes, so everything works offline and no real money moves.</p>
${DOCS_LINK}
<h2>APIs</h2>${table(view.urls)}
<h2>Demo merchant <code>${title}</h2>
<p class="muted">One merchant with published test keys for each API, so the vendors' examples work when pasted. It exists only while the sandbox is on.</p>
${table([...demo.shown, ['Notifications to', notify]])}
${tryIt}</div>`;
}

/** A real wallet: no demo merchant, no key of any kind on the page. */
function realWalletPage(view: HomePageView): string {
  const tryIt = view.tryIt
    ? `<h2>Try it</h2><pre>${escapeHtml(view.tryIt)}</pre><p class="muted">With a merchant's GlobalPay SiteID and ApiKey; the customer pays at the <code>RedirectURL</code> in the answer.</p>`
    : '';
  return `<div class="card"><h1>walletgate is running</h1><p class="muted">KakaoPay for merchants who speak ${escapeHtml(view.speaks)}, connected to the real KakaoPay.</p>
${DOCS_LINK}
<h2>APIs</h2>${table(view.urls)}
<h2>Merchants</h2><p class="muted">Each merchant gets its own keys on the server: <code>npx walletgate merchant create shop1</code>, then <code>npx walletgate merchant show shop1</code> prints them for every API.</p>
${tryIt}</div>`;
}

export const homePagePlugin: FastifyPluginAsync<{ view: HomePageView; deps: Pick<CoreDeps, 'store'> }> = async (app, { view, deps }) => {
  app.get('/', async (_req, reply) => {
    const body = view.demo ? sandboxPage(view, view.demo, (await getDemoMerchant(deps.store))?.notifyUrl ?? null) : realWalletPage(view);
    return reply.header('content-type', 'text/html; charset=utf-8').send(page('Gateway', body));
  });
};
