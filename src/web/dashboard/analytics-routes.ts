/**
 * The analytics section (ADR 0025): GET /dashboard/analytics?from&to[&merchant] (the `view` right;
 * default the last 30 UTC days up to today included), and the scripts it loads from
 * /dashboard/assets/. The page answers with the CSP allowing the gateway's own scripts.
 */
import type { FastifyInstance } from 'fastify';
import { viewAnalytics } from '../../core/reports/view-analytics.js';
import { analyticsPage } from './analytics-page.js';
import type { DashboardContext } from './dashboard-context.js';
import { registerDashboardAssets } from './dashboard-assets.js';
import { chosenMerchant, daysBefore, tomorrowUtc, utcDay } from './report-form-fields.js';

/** An API is shown by its id (globalpay, adyen …): the web layer may not import the dialect registry (dependency rule web-calls-core-only). */
const dialectTitle = (id: string) => id;
const text = (v: unknown) => (typeof v === 'string' ? v : '');

export async function registerAnalyticsRoutes(app: FastifyInstance, ctx: DashboardContext): Promise<void> {
  registerDashboardAssets(app);

  app.get('/analytics', async (req, reply) => {
    const signedIn = await ctx.signedIn(req, reply, 'view');
    if (!signedIn) return reply;
    const q = req.query as Record<string, unknown>;
    const end = tomorrowUtc(ctx.deps.clock());
    const from = q.from === undefined ? daysBefore(end, 30) : utcDay(text(q.from));
    const to = q.to === undefined ? end : utcDay(text(q.to));
    const merchants = signedIn.user.merchantId === null ? await ctx.deps.store.merchants.list() : [];
    const merchantId = chosenMerchant(signedIn.user, text(q.merchant), merchants);
    if (!from || !to || from >= to || merchantId === undefined)
      return ctx.refused(
        reply,
        400,
        'Not understood',
        'Give from and to as YYYY-MM-DD with to after from (to is not included), and a merchant from the list.',
      );
    const view = await viewAnalytics(ctx.deps, signedIn, { from, to, merchantId });
    if (!view) return ctx.refused(reply, 404, 'Not found', 'There is no such merchant.');
    return ctx.html(reply, 200, analyticsPage({ view, signedIn, merchants, dialectTitle }), { scripts: true });
  });
}
