/**
 * The customer's side of the Alipay+ sandbox: each wallet's own pages (wallet-specs.ts: AlipayHK's
 * phone → SMS code → payment password, DANA's phone → code → PIN, …) for a cashier payment
 * (`{prefix}/wallet/{paymentId}`) and for an auto debit authorization (`{prefix}/authorize/{id}`).
 * GET shows the first step; each step's form POSTs to the same URL with the values so far
 * (wallet-steps.ts), and the last one settles: the payment is paid (or refused by [decline]) and
 * notified, or the authorization gets its auth code. Cancel (every step), Simulate decline and
 * Simulate timeout (first step of a payment) POST to `…/cancel`, `…/decline`, `…/abandon`.
 * A wrong input shows the step again with the error, HTTP 200.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ApsContext } from './api-context.js';
import type { ApsAuthorization, ApsPayment } from './model.js';
import { hasApsMagic } from './magic.js';
import { newId, savePayment } from './payment-records.js';
import { money } from './wallet-layout.js';
import { walletSpec } from './wallet-specs.js';
import type { WalletSpec } from './wallet-specs.js';
import { advance, statePage, stepPage } from './wallet-steps.js';
import type { StateView } from './wallet-steps.js';

const FORM = 'application/x-www-form-urlencoded';

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

function hostOf(url: string | null): string {
  try {
    return url ? new URL(url).host : 'Merchant';
  } catch {
    return 'Merchant';
  }
}

function settledView(p: ApsPayment): StateView {
  const amount = money(p.currency, p.value);
  const back = p.redirectUrl ?? undefined;
  switch (p.status) {
    case 'SUCCESS':
      return { tone: 'ok', title: 'Payment successful', message: 'Paid.', amount, ...(back ? { back } : {}) };
    case 'FAIL':
      return { tone: 'bad', title: 'Payment failed', message: 'The payment failed.', amount, ...(back ? { back } : {}) };
    default:
      return { tone: 'warn', title: 'Payment closed', message: 'This payment was cancelled or has expired.', amount };
  }
}

export async function walletPageRoutes(app: FastifyInstance, ctx: ApsContext): Promise<void> {
  if (!app.hasContentTypeParser(FORM)) app.addContentTypeParser(FORM, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const base = app.prefix;
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  const missing = (reply: FastifyReply) =>
    html(reply, 404, statePage(walletSpec(''), { tone: 'bad', title: 'Not found', message: 'This link is not valid.' }));
  // what a browser cannot have sent (a JSON body that does not parse, one too large…) still gets a page
  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'alipayplus sandbox page: unexpected error');
    const message = status === 500 ? 'Something went wrong in the sandbox.' : 'The wallet could not read that request.';
    return html(reply, status, statePage(walletSpec(''), { tone: 'bad', title: 'Sorry', message }));
  });
  // the sandbox's ids are letters and digits: anything else names nothing (and never reaches the state)
  app.addHook('preHandler', async (req, reply) => {
    const id = (req.params as { id?: unknown }).id;
    if (typeof id === 'string' && !/^[0-9A-Za-z]{1,64}$/.test(id)) return missing(reply);
  });
  const form = (body: unknown) => new URLSearchParams(typeof body === 'string' ? body : '');
  const isOpen = (p: ApsPayment, now: Date) => p.status === 'PROCESSING' && Date.parse(p.expiresAt) > now.getTime();

  const paymentStep = (p: ApsPayment, spec: WalletSpec, index: number, error: string | null, values: Record<string, string>) =>
    stepPage({
      spec,
      flow: 'pay',
      at: `${base}/wallet/${p.paymentId}`,
      index,
      error,
      values,
      merchant: hostOf(p.redirectUrl),
      order: { item: p.description || 'Payment', amount: money(p.currency, p.value) },
    });

  const showPayment = async (reply: FastifyReply, id: string, body: URLSearchParams | null) => {
    const p = await ctx.db.run((tx) => tx.get<ApsPayment>('payment', id));
    if (!p || p.kind !== 'cashier') return missing(reply);
    const spec = walletSpec(p.walletType);
    const now = ctx.now();
    if (!isOpen(p, now)) {
      const shown = p.status === 'PROCESSING' ? { ...p, status: 'CLOSED' as const } : p;
      return html(reply, 200, statePage(spec, settledView(shown)));
    }
    if (body === null) return html(reply, 200, paymentStep(p, spec, 0, null, {}));
    const step = advance(spec.pay, body);
    if (!step.done) return html(reply, 200, paymentStep(p, spec, step.index, step.error, step.values));
    return settlePayment(reply, id, 'approve');
  };

  const settlePayment = async (reply: FastifyReply, id: string, action: PaymentAction) => {
    const now = ctx.now();
    const result = await ctx.db.run(async (tx) => {
      const p = await tx.get<ApsPayment>('payment', id);
      if (!p || p.kind !== 'cashier') return undefined;
      const open = isOpen(p, now);
      const settled = open && apply(p, action, now);
      if (open) await savePayment(tx, p, false);
      return { p, settled };
    });
    if (!result) return missing(reply);
    if (result.settled) ctx.notifier.notify(result.p);
    const here = `${base}/wallet/${result.p.paymentId}`;
    // an approval shows the wallet's confirmation page first where the wallet has one (AlipayHK, Touch 'n Go)
    const confirm = action === 'approve' && walletSpec(result.p.walletType).confirmation;
    const back = result.settled && result.p.redirectUrl !== null && !confirm ? result.p.redirectUrl : here;
    return reply.redirect(back, 303);
  };

  app.get<{ Params: { id: string } }>('/wallet/:id', async (req, reply) => showPayment(reply, req.params.id, null));
  app.post<{ Params: { id: string } }>('/wallet/:id', async (req, reply) => showPayment(reply, req.params.id, form(req.body)));

  app.post<{ Params: { id: string; action: string } }>('/wallet/:id/:action', async (req, reply) => {
    const action = req.params.action as PaymentAction;
    if (!['cancel', 'decline', 'abandon'].includes(action)) return missing(reply);
    return settlePayment(reply, req.params.id, action);
  });

  const authStep = (
    id: string,
    auth: ApsAuthorization,
    spec: WalletSpec,
    index: number,
    error: string | null,
    values: Record<string, string>,
  ) =>
    stepPage({
      spec,
      flow: 'authorize',
      at: `${base}/authorize/${id}`,
      index,
      error,
      values,
      merchant: hostOf(auth.redirectUrl),
      order: null,
    });

  /** authRedirectUrl with the auth code (or the refusal) and authState */
  const authBack = (auth: ApsAuthorization): string => {
    const back = new URL(auth.redirectUrl);
    if (auth.authCode) back.searchParams.set('authCode', auth.authCode);
    else back.searchParams.set('error', 'USER_CANCELLED');
    back.searchParams.set('authState', auth.authState);
    return back.href;
  };

  const answerAuth = async (reply: FastifyReply, id: string, agree: boolean) => {
    const auth = await ctx.db.run(async (tx) => {
      const a = await tx.get<ApsAuthorization>('authorization', id);
      if (!a || a.authCode !== null) return a;
      a.authCode = agree ? newId('CODE') : '';
      await tx.put('authorization', id, a);
      if (agree) await tx.put('authcode', a.authCode, id);
      return a;
    });
    if (!auth) return missing(reply);
    const confirm = agree && auth.authCode !== '' && walletSpec(auth.walletType).confirmation;
    return reply.redirect(confirm ? `${base}/authorize/${id}` : authBack(auth), 303);
  };

  const showAuth = async (reply: FastifyReply, id: string, body: URLSearchParams | null) => {
    const auth = await ctx.db.run((tx) => tx.get<ApsAuthorization>('authorization', id));
    if (!auth) return missing(reply);
    const spec = walletSpec(auth.walletType);
    if (auth.authCode !== null) {
      const agreed = auth.authCode !== '';
      return html(
        reply,
        200,
        statePage(spec, {
          tone: agreed ? 'ok' : 'warn',
          title: agreed ? 'Auto-debit enabled' : 'Authorization cancelled',
          message: agreed ? `${hostOf(auth.redirectUrl)} can now charge your ${spec.name}.` : 'Already answered.',
          back: authBack(auth),
        }),
      );
    }
    if (body === null) return html(reply, 200, authStep(id, auth, spec, 0, null, {}));
    const step = advance(spec.authorize, body);
    if (!step.done) return html(reply, 200, authStep(id, auth, spec, step.index, step.error, step.values));
    return answerAuth(reply, id, true);
  };

  app.get<{ Params: { id: string } }>('/authorize/:id', async (req, reply) => showAuth(reply, req.params.id, null));
  app.post<{ Params: { id: string } }>('/authorize/:id', async (req, reply) => showAuth(reply, req.params.id, form(req.body)));
  app.post<{ Params: { id: string; action: string } }>('/authorize/:id/:action', async (req, reply) => {
    if (req.params.action !== 'cancel') return missing(reply);
    return answerAuth(reply, req.params.id, false);
  });
}
