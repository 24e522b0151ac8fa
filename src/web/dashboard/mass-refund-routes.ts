/**
 * Mass refunds (ADR 0024): GET /dashboard/mass-refunds (columns, upload form, batches), POST
 * /dashboard/mass-refunds (a multipart upload of one CSV file: checked, kept as a batch), GET
 * /dashboard/mass-refunds/:id (rows, progress), POST …/:id/submit, GET …/:id/result.csv. Seeing
 * needs 'view', uploading and submitting 'refund'; another merchant's batch is 404.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { may } from '../../core/dashboard/dashboard-policy.js';
import { listRefundBatches } from '../../core/dashboard/list-refund-batches.js';
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import { submitRefundBatch } from '../../core/dashboard/submit-refund-batch.js';
import { uploadRefundBatch } from '../../core/dashboard/upload-refund-batch.js';
import { viewRefundBatch } from '../../core/dashboard/view-refund-batch.js';
import { escapeHtml } from '../page-layout.js';
import type { DashboardContext } from './dashboard-context.js';
import { paymentIdCandidates } from './payment-id-candidates.js';
import { massRefundsPage, refundBatchPage, ROWS_SHOWN } from './mass-refund-pages.js';
import { multipartBoundary, parseMultipart } from './multipart-file.js';
import { MAX_FILE_BYTES, readRefundCsv, resultCsv } from './refund-batch-csv.js';
import { depsOf } from '../../core/request-context.js';

type ById = { Params: { id: string }; Querystring: { after?: string; note?: string } };

/** A payment's number from any of its ids: walletgate's number, or an API's own (Adyen pspReference, Checkout.com pay_…). */
const batchNumber = (text: string) => (/^\d{1,15}$/.test(text) ? Number(text) : undefined);
const EXPIRED = 'This form has expired or came from another site. Open the mass refunds page again.';
const NOTES: Record<string, string> = { submitted: 'Submitted: the rows are being refunded.' };
/** The multipart body: the file and a little room for the form's other fields. */
const BODY_LIMIT = MAX_FILE_BYTES + 64 * 1024;
const RESULT_PAGE = 2_000;

export async function registerMassRefundRoutes(app: FastifyInstance, ctx: DashboardContext): Promise<void> {
  const base = ctx.deps;
  // walletgate's number, or an API's own payment id (the search box's rules: payment-id-candidates.ts)
  const paymentNumber = (text: string): number | undefined => paymentIdCandidates(text).ids[0];
  const notFound = (reply: FastifyReply, id: string) => ctx.refused(reply, 404, 'Not found', `There is no refund batch ${id} you can see.`);
  const listPage = async (reply: FastifyReply, signedIn: SignedIn, status: number, error?: string) =>
    ctx.html(reply, status, massRefundsPage(signedIn, await listRefundBatches(base, signedIn), may(signedIn.user.role, 'refund'), error));

  app.get('/mass-refunds', async (req, reply) => {
    const signedIn = await ctx.signedIn(req, reply);
    if (!signedIn) return reply;
    return listPage(reply, signedIn, 200);
  });

  // the upload, in a context of its own: the only dashboard route that takes multipart bodies
  await app.register(async (upload) => {
    upload.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    upload.post('/mass-refunds', async (req, reply) => {
      const deps = depsOf(base, req);
      const signedIn = await ctx.signedIn(req, reply, 'refund');
      if (!signedIn) return reply;
      const boundary = multipartBoundary(req.headers['content-type']);
      const form = boundary && Buffer.isBuffer(req.body) ? parseMultipart(req.body, boundary) : undefined;
      if (!ctx.postAllowed(req, signedIn, form?.fields.get('csrf') ?? '')) return ctx.refused(reply, 403, 'Not uploaded', EXPIRED);
      if (!form?.file) return listPage(reply, signedIn, 400, 'Choose a CSV file to upload (the form sends it as multipart/form-data).');
      const merchantId = signedIn.user.merchantId ?? (form.fields.get('merchant') ?? '').trim();
      if (merchantId === '') return listPage(reply, signedIn, 400, 'Name the merchant whose payments the file refunds.');
      const read = readRefundCsv(form.file.content);
      if ('problem' in read) return listPage(reply, signedIn, 400, escapeHtml(read.problem));
      const result = await uploadRefundBatch(deps, signedIn, {
        merchantId,
        fileName: form.file.name.slice(0, 200) || 'refunds.csv',
        fileHash: createHash('sha256').update(form.file.content).digest('hex'),
        rows: read.rows,
        paymentNumber,
        ip: req.ip,
      });
      if (result.ok) return ctx.seeOther(reply, `/dashboard/mass-refunds/${result.batch.id}`);
      if (result.problem === 'not_found')
        return listPage(reply, signedIn, 404, `There is no merchant ${escapeHtml(merchantId)} you can refund for.`);
      const b = result.batch;
      const what = b.state === 'validated' ? 'uploaded (not submitted yet)' : 'submitted';
      return listPage(
        reply,
        signedIn,
        409,
        `This file was already ${what} as <a href="/dashboard/mass-refunds/${b.id}">batch ${b.id}</a>: it refunds nothing twice.`,
      );
    });
  });

  app.get<ById>('/mass-refunds/:id', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply);
    if (!signedIn) return reply;
    const id = batchNumber(req.params.id);
    const after = Math.max(0, Math.min(Number(req.query.after ?? 0) || 0, 1e9));
    const view = id === undefined ? undefined : await viewRefundBatch(deps, signedIn, id, { after, limit: ROWS_SHOWN });
    if (!view) return notFound(reply, req.params.id);
    return ctx.html(reply, 200, refundBatchPage(view, signedIn, may(signedIn.user.role, 'refund'), after, NOTES[req.query.note ?? '']));
  });

  app.post<ById>('/mass-refunds/:id/submit', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply, 'refund');
    if (!signedIn) return reply;
    if (!ctx.postAllowed(req, signedIn)) return ctx.refused(reply, 403, 'Not submitted', EXPIRED);
    const id = batchNumber(req.params.id);
    const result = id === undefined ? undefined : await submitRefundBatch(deps, signedIn, id, req.ip);
    if (!result || (!result.ok && result.problem === 'not_found')) return notFound(reply, req.params.id);
    // submitted now, or already before (a second click): the batch page either way
    return ctx.seeOther(reply, `/dashboard/mass-refunds/${id}${result.ok ? '?note=submitted' : ''}`);
  });

  app.get<ById>('/mass-refunds/:id/result.csv', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply);
    if (!signedIn) return reply;
    const id = batchNumber(req.params.id);
    let view = id === undefined ? undefined : await viewRefundBatch(deps, signedIn, id, { after: 0, limit: RESULT_PAGE });
    if (!view) return notFound(reply, req.params.id);
    const parts = [resultCsv(view.rows, true)];
    while (view && view.rows.length === RESULT_PAGE) {
      view = await viewRefundBatch(deps, signedIn, view.batch.id, { after: view.rows.at(-1)!.row, limit: RESULT_PAGE });
      if (view) parts.push(resultCsv(view.rows, false));
    }
    return reply
      .code(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="refund-batch-${id}-result.csv"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(parts.join(''));
  });
}
