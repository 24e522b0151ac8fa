/**
 * The customer's side of the Alipay+ sandbox: one page per payment (the wallet's name, the amount,
 * Approve / Cancel, and two sandbox buttons: Simulate decline and Simulate timeout) and one page per
 * auto debit authorization (Agree / Cancel). Plain HTML that works on a phone and a desktop; every
 * form carries `data-intent` (pay, cancel, decline, abandon, agree) for the sandbox customer driver.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApsContext } from './api-context.js';
import { WALLETS } from './model.js';
import type { ApsAuthorization, ApsPayment } from './model.js';
import { hasApsMagic } from './magic.js';
import { newId, savePayment } from './payment-records.js';

const FORM = 'application/x-www-form-urlencoded';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function money(currency: string, minor: number): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return `${currency} ${(minor / 10 ** digits).toFixed(digits)}`;
}

function page(title: string, inner: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:420px;margin:0 auto;padding:24px;color:#222}
h1{font-size:1.3rem}.amount{font-size:2rem;font-weight:600;margin:16px 0}form{margin:10px 0}button{width:100%;padding:14px;font-size:1rem;border-radius:8px;border:1px solid #999;background:#fff}
.primary{background:#1677ff;color:#fff;border-color:#1677ff}.note{color:#666;font-size:.85rem}</style></head><body>${inner}</body></html>`;
}

function button(action: string, intent: string, label: string, primary = false): string {
  return `<form method="post" action="${esc(action)}" data-intent="${intent}"><button type="submit"${primary ? ' class="primary"' : ''}>${esc(label)}</button></form>`;
}

function paymentPage(p: ApsPayment, base: string): string {
  const wallet = WALLETS[p.walletType]?.name ?? p.walletType;
  const head = `<h1>${esc(wallet)} (Alipay+ sandbox)</h1><p class="amount">${esc(money(p.currency, p.value))}</p>`;
  if (p.status !== 'PROCESSING') {
    const said = { SUCCESS: 'Paid.', FAIL: 'The payment failed.', CLOSED: 'This payment was cancelled or has expired.' }[p.status];
    return page(wallet, `${head}<p>${said}</p>`);
  }
  const at = `${base}/wallet/${p.paymentId}`;
  return page(
    wallet,
    `${head}${button(`${at}/approve`, 'pay', 'Approve', true)}${button(`${at}/cancel`, 'cancel', 'Cancel')}
<p class="note">Sandbox only:</p>${button(`${at}/decline`, 'decline', 'Simulate decline')}${button(`${at}/abandon`, 'abandon', 'Simulate timeout')}`,
  );
}

type PaymentAction = 'approve' | 'cancel' | 'decline' | 'abandon';

/** What a customer's press does to a payment still waiting for them; true when it settled (notify). */
function apply(p: ApsPayment, action: PaymentAction, now: Date): boolean {
  switch (action) {
    case 'approve':
      if (hasApsMagic(p.description, 'decline')) {
        p.status = 'FAIL';
        p.failCode = 'USER_BALANCE_NOT_ENOUGH';
      } else {
        p.status = 'SUCCESS';
        p.paymentTime = now.toISOString();
      }
      return true;
    case 'decline':
      p.status = 'FAIL';
      p.failCode = 'USER_PAYMENT_VERIFICATION_FAILED';
      return true;
    case 'cancel':
      p.status = 'CLOSED';
      p.failCode = 'ORDER_IS_CLOSED';
      return true;
    case 'abandon':
      p.expiresAt = now.toISOString();
      return false;
  }
}

export async function walletPageRoutes(app: FastifyInstance, ctx: ApsContext): Promise<void> {
  if (!app.hasContentTypeParser(FORM)) app.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const base = app.prefix;
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  const missing = (reply: FastifyReply) => html(reply, 404, page('Not found', '<h1>This link is not valid.</h1>'));

  app.get<{ Params: { id: string } }>('/wallet/:id', async (req, reply) => {
    const p = await ctx.db.run((tx) => tx.get<ApsPayment>('payment', req.params.id));
    if (!p || p.kind !== 'cashier') return missing(reply);
    const shown = p.status === 'PROCESSING' && Date.parse(p.expiresAt) <= ctx.now().getTime() ? { ...p, status: 'CLOSED' as const } : p;
    return html(reply, 200, paymentPage(shown, base));
  });

  app.post<{ Params: { id: string; action: string } }>('/wallet/:id/:action', async (req, reply) => {
    const action = req.params.action as PaymentAction;
    if (!['approve', 'cancel', 'decline', 'abandon'].includes(action)) return missing(reply);
    const now = ctx.now();
    const result = await ctx.db.run(async (tx) => {
      const p = await tx.get<ApsPayment>('payment', req.params.id);
      if (!p || p.kind !== 'cashier') return undefined;
      const open = p.status === 'PROCESSING' && Date.parse(p.expiresAt) > now.getTime();
      const settled = open && apply(p, action, now);
      if (open) await savePayment(tx, p, false);
      return { p, settled };
    });
    if (!result) return missing(reply);
    if (result.settled) ctx.notifier.notify(result.p);
    const back = result.settled && result.p.redirectUrl !== null ? result.p.redirectUrl : `${base}/wallet/${result.p.paymentId}`;
    return reply.redirect(back, 303);
  });

  app.get<{ Params: { id: string } }>('/authorize/:id', async (req, reply) => {
    const auth = await ctx.db.run((tx) => tx.get<ApsAuthorization>('authorization', req.params.id));
    if (!auth) return missing(reply);
    const wallet = WALLETS[auth.walletType]?.name ?? auth.walletType;
    const at = `${base}/authorize/${req.params.id}`;
    if (auth.authCode !== null) return html(reply, 200, page(wallet, `<h1>${esc(wallet)}</h1><p>Already answered.</p>`));
    return html(
      reply,
      200,
      page(
        wallet,
        `<h1>${esc(wallet)} (Alipay+ sandbox)</h1><p>Allow this merchant to charge your ${esc(wallet)} without asking each time?</p>
${button(`${at}/agree`, 'agree', 'Agree', true)}${button(`${at}/cancel`, 'cancel', 'Cancel')}`,
      ),
    );
  });

  app.post<{ Params: { id: string; action: string } }>('/authorize/:id/:action', async (req, reply) => {
    const agree = req.params.action === 'agree';
    if (!agree && req.params.action !== 'cancel') return missing(reply);
    const auth = await ctx.db.run(async (tx) => {
      const a = await tx.get<ApsAuthorization>('authorization', req.params.id);
      if (!a || a.authCode !== null) return a;
      a.authCode = agree ? newId('CODE') : '';
      await tx.put('authorization', req.params.id, a);
      if (agree) await tx.put('authcode', a.authCode, req.params.id);
      return a;
    });
    if (!auth) return missing(reply);
    const back = new URL(auth.redirectUrl);
    if (auth.authCode) back.searchParams.set('authCode', auth.authCode);
    else back.searchParams.set('error', 'USER_CANCELLED');
    back.searchParams.set('authState', auth.authState);
    return reply.redirect(back.href, 303);
  });
}
