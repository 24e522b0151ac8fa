/**
 * The reports section (ADR 0025): GET/POST /dashboard/reports (see; run a report now: the `view`
 * right, running one only reads), GET /dashboard/reports/:id/download (the CSV; another merchant's is
 * 404), POST /dashboard/reports/schedules and …/schedules/:id/delete (a change: the `settings` right).
 * Each validates its form, calls one core use case and answers a page or a 303.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import type { ReportFiles } from '../../core/ports/report-files.js';
import { REPORT_KINDS, REPORT_PERIODS, type ReportKind, type ReportPeriod } from '../../core/ports/report-store.js';
import { addReportSchedule } from '../../core/reports/add-report-schedule.js';
import { openReportFile } from '../../core/reports/open-report-file.js';
import { removeReportSchedule } from '../../core/reports/remove-report-schedule.js';
import type { ReportDeps } from '../../core/reports/report-deps.js';
import { runReportNow } from '../../core/reports/run-report-now.js';
import { viewReports } from '../../core/reports/view-reports.js';
import type { DashboardContext } from './dashboard-context.js';
import { chosenMerchant, daysBefore, tomorrowUtc, utcDay } from './report-form-fields.js';
import { reportsPage, type ReportsPageView } from './reports-page.js';
import { formFields } from './request-guards.js';
import { depsOf } from '../../core/request-context.js';

const isKind = (k: string): k is ReportKind => (REPORT_KINDS as readonly string[]).includes(k);
const isPeriod = (p: string): p is ReportPeriod => (REPORT_PERIODS as readonly string[]).includes(p);
const FORM_EXPIRED = 'This form has expired or came from another site. Open the page again.';

export async function registerReportRoutes(app: FastifyInstance, ctx: DashboardContext, files: ReportFiles): Promise<void> {
  const deps: ReportDeps = { ...ctx.deps, files };

  const page = async (reply: FastifyReply, status: number, signedIn: SignedIn, extra: Partial<ReportsPageView> = {}) => {
    const end = tomorrowUtc(deps.clock());
    const form = extra.form ?? { kind: 'payments' as const, from: daysBefore(end, 30), to: end, merchantId: signedIn.user.merchantId };
    return ctx.html(reply, status, reportsPage({ view: await viewReports(deps, signedIn), signedIn, ...extra, form }));
  };

  app.get('/reports', async (req, reply) => {
    const signedIn = await ctx.signedIn(req, reply, 'view');
    if (!signedIn) return reply;
    const q = req.query as Record<string, unknown>;
    const note =
      q.queued !== undefined
        ? 'The report is running; refresh to see it finish.'
        : q.scheduled !== undefined
          ? 'Schedule added.'
          : q.removed !== undefined
            ? 'Schedule removed.'
            : undefined;
    return page(reply, 200, signedIn, note ? { note } : {});
  });

  app.post('/reports', async (req, reply) => {
    const signedIn = await ctx.signedIn(req, reply, 'view');
    if (!signedIn) return reply;
    if (!ctx.postAllowed(req, signedIn)) return ctx.refused(reply, 403, 'Not run', FORM_EXPIRED);
    const field = formFields(req.body);
    const kind = field('kind');
    const from = utcDay(field('from'));
    const to = utcDay(field('to'));
    const merchants = signedIn.user.merchantId === null ? await deps.store.merchants.list() : [];
    const merchantId = chosenMerchant(signedIn.user, field('merchant'), merchants);
    const problems = [
      ...(isKind(kind) ? [] : ['Choose a report: payments, refunds or notification deliveries.']),
      ...(from ? [] : ['Give the first day as YYYY-MM-DD.']),
      ...(to ? [] : ['Give the day after the last as YYYY-MM-DD.']),
      ...(from && to && from >= to ? ['The end must be after the start (the end day is not included).'] : []),
      ...(merchantId === undefined ? ['Choose a merchant from the list.'] : []),
    ];
    const form = {
      kind: isKind(kind) ? kind : 'payments',
      from: from ?? new Date(0),
      to: to ?? new Date(0),
      merchantId: merchantId ?? null,
    } as const;
    if (problems.length > 0 || !isKind(kind) || !from || !to || merchantId === undefined)
      return page(reply, 400, signedIn, { form, error: problems.join(' ') });
    const result = await runReportNow({ ...depsOf(ctx.deps, req), files }, signedIn, req.ip, { kind, from, to, merchantId });
    if (!result.ok) return page(reply, 400, signedIn, { form, error: 'Choose a merchant from the list, and an end after the start.' });
    return ctx.seeOther(reply, '/dashboard/reports?queued=1');
  });

  app.get('/reports/:id/download', async (req, reply) => {
    const signedIn = await ctx.signedIn(req, reply, 'view');
    if (!signedIn) return reply;
    const id = (req.params as { id: string }).id;
    const found = /^\d{1,15}$/.test(id) ? await openReportFile(deps, signedIn, Number(id)) : undefined;
    if (!found) return ctx.refused(reply, 404, 'Not found', 'There is no such report, or it is not finished.');
    return reply
      .code(200)
      .headers({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${found.run.fileName}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      })
      .send(found.content);
  });

  app.post('/reports/schedules', async (req, reply) => {
    const signedIn = await ctx.signedIn(req, reply, 'settings');
    if (!signedIn) return reply;
    if (!ctx.postAllowed(req, signedIn)) return ctx.refused(reply, 403, 'Not saved', FORM_EXPIRED);
    const field = formFields(req.body);
    const kind = field('kind');
    const period = field('period');
    const merchants = signedIn.user.merchantId === null ? await deps.store.merchants.list() : [];
    const merchantId = chosenMerchant(signedIn.user, field('merchant'), merchants);
    if (!isKind(kind) || !isPeriod(period) || merchantId === undefined)
      return page(reply, 400, signedIn, { error: 'Choose a report, a period (daily, weekly or monthly) and a merchant from the lists.' });
    const result = await addReportSchedule(deps, signedIn, req.ip, { kind, period, merchantId });
    if (!result.ok) return page(reply, 400, signedIn, { error: 'Choose a merchant from the list.' });
    return ctx.seeOther(reply, '/dashboard/reports?scheduled=1');
  });

  app.post('/reports/schedules/:id/delete', async (req, reply) => {
    const signedIn = await ctx.signedIn(req, reply, 'settings');
    if (!signedIn) return reply;
    if (!ctx.postAllowed(req, signedIn)) return ctx.refused(reply, 403, 'Not removed', FORM_EXPIRED);
    const id = (req.params as { id: string }).id;
    const removed = /^\d{1,15}$/.test(id) ? await removeReportSchedule(deps, signedIn, req.ip, Number(id)) : { ok: false };
    if (!removed.ok) return ctx.refused(reply, 404, 'Not found', 'There is no such schedule.');
    return ctx.seeOther(reply, '/dashboard/reports?removed=1');
  });
}
