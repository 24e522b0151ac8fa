/**
 * The dashboard's payments (ADR 0023): GET /dashboard/payments — the filtered list, or with `q` the
 * search by any id (one match: straight to it) — and GET /dashboard/payments/:id, the payment's
 * story. Another merchant's payment answers 404, by URL too. Each route checks its input, calls one
 * core use case and renders. The Data API (data-api-routes.ts) serves the same list as JSON and
 * is registered from here, so the dashboard's plugin has one line for both.
 */
import type { FastifyInstance } from 'fastify';
import { findPaymentsById } from '../../core/dashboard/find-payments-by-id.js';
import { searchPayments } from '../../core/dashboard/search-payments.js';
import { viewPaymentStory } from '../../core/dashboard/view-payment-story.js';
import { methodCodes } from '../../core/method-capabilities.js';
import type { DashboardContext } from './dashboard-context.js';
import { registerDataApiRoutes } from './data-api-routes.js';
import { paymentIdCandidates } from './payment-id-candidates.js';
import { parsePaymentQuery, pathNumber } from './payment-query.js';
import { paymentsPage } from './payments-page.js';
import { paymentStoryPage } from './payment-story-page.js';
import { depsOf } from '../../core/request-context.js';

export async function registerPaymentsRoutes(app: FastifyInstance, ctx: DashboardContext): Promise<void> {
  const base = ctx.deps;
  const methods = methodCodes(base.connectors);

  app.get('/payments', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply, 'view');
    if (!signedIn) return reply;
    const scope = { merchantId: signedIn.user.merchantId };
    const parsed = parsePaymentQuery(req.query, methods);
    const empty = { signedIn, text: parsed.text, methods, items: [], next: null, previous: null };
    if (!parsed.ok) return ctx.html(reply, 400, paymentsPage({ ...empty, problems: parsed.problems }));
    if (parsed.text.q) {
      const found = await findPaymentsById(deps, scope, paymentIdCandidates(parsed.text.q));
      if (found.length === 1) return ctx.seeOther(reply, `/dashboard/payments/${found[0]!.id}`);
      return ctx.html(reply, 200, paymentsPage({ ...empty, items: found, searched: parsed.text.q }));
    }
    const result = await searchPayments(deps, scope, parsed.filters, { cursor: parsed.text.cursor, limit: parsed.limit });
    if (!result.ok)
      return ctx.html(
        reply,
        400,
        paymentsPage({ ...empty, problems: ['This page link is not one the list gave: start from the first page.'] }),
      );
    return ctx.html(reply, 200, paymentsPage({ ...empty, items: result.items, next: result.next, previous: result.previous }));
  });

  app.get('/payments/:id', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply, 'view');
    if (!signedIn) return reply;
    const raw = (req.params as { id: string }).id;
    const id = pathNumber(raw);
    const story = id === undefined ? undefined : await viewPaymentStory(deps, { merchantId: signedIn.user.merchantId }, id);
    if (!story) return ctx.refused(reply, 404, 'Not found', `There is no payment ${raw.slice(0, 40)} among yours.`);
    return ctx.html(reply, 200, paymentStoryPage(story, signedIn));
  });

  await registerDataApiRoutes(app, ctx);
}
