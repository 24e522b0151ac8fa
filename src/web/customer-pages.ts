/**
 * The customer's side of walletgate: /pay/{token} (phones go straight to the wallet, desktops get a
 * QR page that follows the payment and moves on by itself; a payment awaiting the customer's choice
 * of method shows the hosted checkout's method choice first, ./hosted-checkout/method-choice-routes.ts),
 * the wallet's return handlers, and a small JSON status endpoint for the QR page.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import type { CoreDeps } from '../core/deps.js';
import { isCoreError } from '../core/errors.js';
import type { DialectId } from '../core/model.js';
import { formatMoney } from '../core/money.js';
import { declaredMethod } from '../core/method-capabilities.js';
import {
  completeCustomerReturn,
  findByCustomerToken,
  type CustomerOutcome,
  type CustomerRecord,
  type ReturnUrlRenderer,
} from '../core/payments/complete-customer-return.js';
import { escapeHtml, page } from './page-layout.js';
import { RESULT_SECONDS, renderCheckoutResult } from './hosted-checkout/checkout-result-page.js';
import { webLink } from './hosted-checkout/method-choice-page.js';
import { registerMethodChoiceRoute, showMethodChoice } from './hosted-checkout/method-choice-routes.js';
import { registerCurrencyChoiceRoute, showCurrencyChoice } from './hosted-checkout/currency-choice-routes.js';
import { awaitsCurrencyChoice, priceInShownCurrency } from '../core/payments/choose-shown-currency.js';
import { awaitsMethodChoice } from '../core/payments/choose-method.js';
import { renderTransferInstructions } from './transfer-instructions-page.js';
import { awaitsCard } from '../core/payments/pay-by-card.js';
import { registerCardFormRoute, showCardForm } from './hosted-checkout/card-form-routes.js';
import { depsOf } from '../core/request-context.js';

export interface CustomerPagesOptions {
  deps: CoreDeps;
  /** Each registered dialect's return URL (src/dialects/index.ts). */
  returnUrls: Readonly<Record<DialectId, ReturnUrlRenderer | undefined>>;
  /** Each registered dialect's choice to show the outcome before sending the customer back (src/dialects/index.ts). */
  resultFirst?: Readonly<Record<DialectId, ((rec: CustomerRecord) => boolean) | undefined>>;
  /** With the sandbox on: where its bank's transfer page is (a pay-by-reference payment's page links it). */
  sandboxBankUrl?: string | null;
}

const PHONE_UA = /Android|iPhone|iPad|iPod|Mobile|KAKAOTALK/i;

function statusOf(rec: CustomerRecord): { status: string; final: boolean; ok: boolean } {
  if (rec.kind === 'payment') {
    const s = rec.payment.status;
    const final = !['created', 'pending_customer', 'processing'].includes(s);
    return { status: s, final, ok: ['succeeded', 'partially_refunded', 'refunded'].includes(s) };
  }
  const s = rec.preapproval.status;
  return { status: s, final: s !== 'pending' || false, ok: s === 'active' };
}

function walletUrls(rec: CustomerRecord) {
  return rec.kind === 'payment' ? rec.payment.connectorState : rec.preapproval.connectorState;
}

/**
 * The page for a link that leads to no payment: a token walletgate never gave out, or a URL it
 * refuses before routing (one it cannot decode, or carrying %00), so every bad link reads the same.
 */
export function linkNotValid(): { status: 404; body: string; headers: Record<string, string> } {
  return {
    status: 404,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: page(
      'Link not valid',
      `<div class="card narrow"><h1>This payment link is not valid</h1><p class="muted">Ask the shop for a new one.</p></div>`,
    ),
  };
}

export const customerPagesPlugin: FastifyPluginAsync<CustomerPagesOptions> = async (app, opts) => {
  const base = opts.deps;
  const merchantReturn = (rec: CustomerRecord): string | null => {
    const dialect = rec.kind === 'payment' ? rec.payment.dialect : rec.preapproval.dialect;
    return opts.returnUrls[dialect]?.(rec) ?? null;
  };

  const sendHtml = (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);

  const resultPage = (reply: FastifyReply, rec: CustomerRecord) => {
    const st = statusOf(rec);
    const next = merchantReturn(rec);
    const shown = next === null ? null : webLink(next);
    if (st.final && shown !== null && rec.kind === 'payment' && opts.resultFirst?.[rec.payment.dialect]?.(rec)) {
      const p = rec.payment;
      const view = { ok: st.ok, amount: p.amount, currency: p.currency, description: p.description, reference: p.reference };
      return sendHtml(reply, 200, renderCheckoutResult({ ...view, continueUrl: shown, seconds: RESULT_SECONDS }));
    }
    if (st.final && next) return reply.code(303).header('cache-control', 'no-store').redirect(next);
    const title = st.ok ? 'Payment complete' : st.final ? 'Payment not completed' : 'Waiting for the wallet';
    return sendHtml(
      reply,
      200,
      page(
        title,
        `<div class="card narrow"><h1>${title}</h1><p><span class="status ${st.ok ? 'ok' : st.final ? 'bad' : ''}">${escapeHtml(st.status.replaceAll('_', ' '))}</span></p><p class="muted">You can close this window.</p></div>`,
      ),
    );
  };

  const notFound = (reply: FastifyReply, status = 404) => {
    const answer = linkNotValid();
    return reply.code(status).headers(answer.headers).send(answer.body);
  };

  // A path or method no page takes, or a request that cannot be read (a body sent to a page): the same page.
  app.setNotFoundHandler((_req, reply) => notFound(reply));
  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return notFound(reply, err.statusCode);
    throw err; // the app's own handler logs it and answers 500
  });

  app.get<{ Params: { token: string }; Querystring: { device?: string } }>('/:token', async (req, reply) => {
    const deps = depsOf(base, req);
    let rec: CustomerRecord;
    try {
      rec = await findByCustomerToken(deps, req.params.token);
    } catch (e) {
      if (isCoreError(e)) return notFound(reply);
      throw e;
    }
    if (rec.kind === 'payment' && awaitsMethodChoice(rec.payment)) return showMethodChoice(deps, reply, rec.payment);
    if (rec.kind === 'payment' && awaitsCard(deps, rec.payment)) return showCardForm(deps, reply, rec.payment);
    if (rec.kind === 'payment' && awaitsCurrencyChoice(rec.payment)) return showCurrencyChoice(deps, reply, rec.payment);
    const st = statusOf(rec);
    const urls = walletUrls(rec);
    const transfer =
      !st.final && rec.kind === 'payment'
        ? renderTransferInstructions(
            rec.payment,
            opts.sandboxBankUrl ? `${opts.sandboxBankUrl}?pay=${encodeURIComponent(deps.links.landing(rec.payment.customerToken))}` : null,
          )
        : null;
    if (transfer !== null) return sendHtml(reply, 200, transfer);
    if (st.final || !urls.mobileUrl) return resultPage(reply, rec);
    // ?device=app|mobile (Checkout.com terminal_type APP / WAP): straight to the wallet, whatever the browser says it is.
    const device = req.query.device;
    if (device === 'app')
      return reply
        .code(302)
        .header('cache-control', 'no-store')
        .redirect(urls.appUrl ?? urls.mobileUrl);
    if (device === 'mobile' || PHONE_UA.test(req.headers['user-agent'] ?? ''))
      return reply.code(302).header('cache-control', 'no-store').redirect(urls.mobileUrl);

    const made = rec.kind === 'payment' ? rec.payment : rec.preapproval;
    const method = { name: declaredMethod(deps.connectors, made.connector, made.method)?.name ?? made.method };
    const amount = rec.kind === 'payment' ? formatMoney(rec.payment.amount, rec.payment.currency) : 'Recurring payments agreement';
    const shown = rec.kind === 'payment' ? priceInShownCurrency(deps, rec.payment) : null;
    // the price in the currency the customer chose on the currency step, for information
    const shownLine = shown
      ? `<p class="muted shown-price">≈ ${escapeHtml(formatMoney(shown.amount, shown.currency))} at the rates of ${escapeHtml(shown.rate.date)}</p>`
      : '';
    const description = (rec.kind === 'payment' ? rec.payment.description : rec.preapproval.description) ?? '';
    const qr = await QRCode.toString(urls.mobileUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    const statusUrl = `${req.params.token}/status`;
    const script = `(function(){var u=${JSON.stringify(statusUrl.split('/').pop())};var base=location.pathname.replace(/\\/$/,'')+'/';
function poll(){fetch(base+u,{cache:'no-store'}).then(function(r){return r.json()}).then(function(s){if(s.final){location.href=base+'done'}else{setTimeout(poll,2000)}}).catch(function(){setTimeout(poll,4000)})}setTimeout(poll,2000)})();`;
    return sendHtml(
      reply,
      200,
      page(
        `Pay with ${method.name}`,
        `<div class="card narrow"><p class="muted">Pay with ${escapeHtml(method.name)}</p><div class="amount">${escapeHtml(amount)}</div>${shownLine}
<p class="muted">${escapeHtml(description)}</p><div class="qr">${qr}</div>
<p style="text-align:center">Scan with your phone's camera to open ${escapeHtml(method.name)}.</p>
<a class="btn ghost" href="${escapeHtml(urls.desktopUrl ?? urls.mobileUrl)}">Continue on this device</a>
<div class="steps"><span>1 Scan</span>·<span>2 Confirm in ${escapeHtml(method.name)}</span>·<span>3 Done</span></div></div>`,
        { refreshScript: script },
      ),
    );
  });

  app.get<{ Params: { token: string } }>('/:token/status', async (req, reply) => {
    try {
      const rec = await findByCustomerToken(base, req.params.token);
      const st = statusOf(rec);
      return reply.header('cache-control', 'no-store').send({ status: st.status, final: st.final });
    } catch (e) {
      if (isCoreError(e)) return reply.code(404).send({ error: 'not_found' });
      throw e;
    }
  });

  app.get<{ Params: { token: string } }>('/:token/done', async (req, reply) => {
    try {
      return resultPage(reply, await findByCustomerToken(base, req.params.token));
    } catch (e) {
      if (isCoreError(e)) return notFound(reply);
      throw e;
    }
  });

  registerMethodChoiceRoute(app, base);
  registerCurrencyChoiceRoute(app, base);
  registerCardFormRoute(app, base, resultPage);

  const outcomes: [string, CustomerOutcome][] = [
    ['return', 'approve'],
    ['cancel', 'cancel'],
    ['fail', 'fail'],
  ];
  for (const [path, outcome] of outcomes) {
    app.get<{ Params: { token: string }; Querystring: Record<string, string> }>(`/:token/${path}`, async (req, reply) => {
      try {
        const rec = await completeCustomerReturn(depsOf(base, req), req.params.token, outcome, req.query);
        return resultPage(reply, rec);
      } catch (e) {
        if (isCoreError(e)) return notFound(reply);
        throw e;
      }
    });
  }
};
