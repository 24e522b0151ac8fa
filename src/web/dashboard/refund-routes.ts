/**
 * One payment's refund from the dashboard (ADR 0024): GET /dashboard/payments/:id/refund (the form),
 * POST …/refund (checked → the confirmation step with a one-time token), POST …/refund/confirm (the
 * refund, made once per token). Right 'refund'; another merchant's payment is 404.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { may } from '../../core/dashboard/dashboard-policy.js';
import { confirmDashboardRefund } from '../../core/dashboard/confirm-dashboard-refund.js';
import { prepareDashboardRefund } from '../../core/dashboard/prepare-dashboard-refund.js';
import { viewPaymentRefund } from '../../core/dashboard/view-payment-refund.js';
import type { DashboardContext } from './dashboard-context.js';
import { refundConfirmPage, refundDonePage, refundFormPage } from './refund-pages.js';
import { formFields } from './request-guards.js';
import { depsOf } from '../../core/request-context.js';

type ById = { Params: { id: string } };

/** A payment number from the URL; undefined for anything else (answered 404 like an unknown payment). */
function paymentNumber(text: string): number | undefined {
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** The quantities of a form's `qty:<article id>` fields. */
function quantities(body: unknown): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, value] of new URLSearchParams(typeof body === 'string' ? body : '')) {
    if (!name.startsWith('qty:')) continue;
    const q = value.trim() === '' ? 0 : Number(value);
    out.set(name.slice(4), Number.isFinite(q) && q >= 0 ? q : Number.NaN);
  }
  return out;
}

const EXPIRED = 'This refund form has expired or came from another site. Open the payment’s refund form again.';

export async function registerRefundRoutes(app: FastifyInstance, ctx: DashboardContext): Promise<void> {
  const base = ctx.deps;
  const notFound = (reply: FastifyReply, id: string) => ctx.refused(reply, 404, 'Not found', `There is no payment ${id} you can see.`);

  app.get<ById>('/payments/:id/refund', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply, 'refund');
    if (!signedIn) return reply;
    const id = paymentNumber(req.params.id);
    const view = id === undefined ? undefined : await viewPaymentRefund(deps, signedIn, id);
    if (!view) return notFound(reply, req.params.id);
    return ctx.html(reply, 200, refundFormPage(view, signedIn));
  });

  app.post<ById>('/payments/:id/refund', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply, 'refund');
    if (!signedIn) return reply;
    if (!ctx.postAllowed(req, signedIn)) return ctx.refused(reply, 403, 'Not refunded', EXPIRED);
    const id = paymentNumber(req.params.id);
    if (id === undefined) return notFound(reply, req.params.id);
    const field = formFields(req.body);
    const asked = { amountText: field('amount'), reason: field('reason'), quantities: quantities(req.body) };
    const prepared = await prepareDashboardRefund(deps, signedIn, { paymentId: id, ...asked });
    if (!prepared.ok) {
      if (prepared.problem === 'not_found') return notFound(reply, req.params.id);
      return ctx.html(
        reply,
        400,
        refundFormPage(
          prepared.view,
          signedIn,
          { amount: asked.amountText, reason: asked.reason, quantities: asked.quantities },
          prepared.message,
        ),
      );
    }
    return ctx.html(reply, 200, refundConfirmPage(prepared, signedIn));
  });

  app.post<ById>('/payments/:id/refund/confirm', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply, 'refund');
    if (!signedIn) return reply;
    if (!ctx.postAllowed(req, signedIn)) return ctx.refused(reply, 403, 'Not refunded', EXPIRED);
    const id = paymentNumber(req.params.id);
    if (id === undefined) return notFound(reply, req.params.id);
    const result = await confirmDashboardRefund(deps, signedIn, { paymentId: id, token: formFields(req.body)('confirmation'), ip: req.ip });
    if (result.ok) return ctx.html(reply, 200, refundDonePage(result.refund, result.payment, signedIn, may(signedIn.user.role, 'refund')));
    switch (result.problem) {
      case 'not_found':
        return notFound(reply, req.params.id);
      case 'expired':
        return ctx.refused(
          reply,
          400,
          'Not refunded',
          'This confirmation has expired or is not this session’s. Open the payment’s refund form again.',
        );
      case 'in_progress':
        return ctx.refused(
          reply,
          409,
          'Being refunded',
          'This refund is being made right now (confirmed twice). Open the payment to see it.',
        );
      case 'refused': {
        const view = await viewPaymentRefund(deps, signedIn, id);
        return view ? ctx.html(reply, 422, refundFormPage(view, signedIn, {}, result.message)) : notFound(reply, req.params.id);
      }
    }
  });
}
