/**
 * The Data API (ADR 0023) and its page. GET /dashboard/api/v1/payments and …/payments/:id answer
 * JSON to a `Authorization: Bearer wgd_…` token only (never the session cookie), scoped to the
 * token's merchant; errors are `{ "error": { "code", "message" } }` with 400, 401 or 404.
 * GET /dashboard/data-api lists the tokens; POST …/tokens makes one; POST …/tokens/:id/revoke
 * revokes one (the settings right, CSRF and Origin checked).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateDataApiToken } from '../../core/dashboard/authenticate-data-api-token.js';
import { createDataApiToken, TOKEN_NAME_MAX } from '../../core/dashboard/create-data-api-token.js';
import { listDataApiTokens } from '../../core/dashboard/list-data-api-tokens.js';
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import { revokeDataApiToken } from '../../core/dashboard/revoke-data-api-token.js';
import { searchPayments } from '../../core/dashboard/search-payments.js';
import { viewPaymentStory } from '../../core/dashboard/view-payment-story.js';
import { methodCodes } from '../../core/method-capabilities.js';
import type { DashboardContext } from './dashboard-context.js';
import { dashboardHeaders } from './dashboard-context.js';
import { dataApiPage, type DataApiPageView } from './data-api-page.js';
import { errorJson, operationJson, paymentJson, refundJson } from './data-api-json.js';
import { parsePaymentQuery, pathNumber } from './payment-query.js';
import { formFields } from './request-guards.js';
import { depsOf } from '../../core/request-context.js';

/** The Data API's OpenAPI description (docs/openapi/), as /docs lists and serves it. */
export const DATA_API_OPENAPI = {
  file: 'dashboard-data-api.yaml',
  title: 'Dashboard Data API',
  basePath: '/dashboard/api/v1',
  note: 'Authorize with a Data API token (wgd_…) made on the dashboard’s Data API page; the demo merchant has none until you make one.',
} as const;

const CREATE_PROBLEMS = {
  name_missing: 'Give the token a name (what it is for).',
  name_too_long: `The name is longer than ${TOKEN_NAME_MAX} characters.`,
  unknown_merchant: 'There is no such merchant.',
} as const;

function json(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).headers(dashboardHeaders('application/json; charset=utf-8')).send(JSON.stringify(body));
}

function bearer(req: FastifyRequest): string | undefined {
  const m = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

export async function registerDataApiRoutes(app: FastifyInstance, ctx: DashboardContext): Promise<void> {
  const baseDeps = ctx.deps;
  const methods = methodCodes(baseDeps.connectors);

  /** The token's merchant, or undefined once a 401 has been answered. */
  async function tokenScope(req: FastifyRequest, reply: FastifyReply): Promise<{ merchantId: string } | undefined> {
    const secret = bearer(req);
    const found = secret === undefined ? undefined : await authenticateDataApiToken(baseDeps, secret);
    if (found) return { merchantId: found.merchantId };
    reply.header('www-authenticate', 'Bearer realm="walletgate data API"');
    json(
      reply,
      401,
      errorJson(
        'unauthorized',
        'Send a Data API token: Authorization: Bearer wgd_… (made on /dashboard/data-api; revoked tokens open nothing).',
      ),
    );
    return undefined;
  }

  app.get('/api/v1/payments', async (req, reply) => {
    const deps = depsOf(baseDeps, req);
    const scope = await tokenScope(req, reply);
    if (!scope) return reply;
    const parsed = parsePaymentQuery(req.query, methods);
    if (!parsed.ok) return json(reply, 400, errorJson('invalid_filter', parsed.problems.join(' ')));
    if (parsed.text.q)
      return json(reply, 400, errorJson('invalid_filter', 'q is the dashboard’s search box: use reference, or GET /payments/{id}.'));
    const result = await searchPayments(deps, scope, parsed.filters, { cursor: parsed.text.cursor, limit: parsed.limit });
    if (!result.ok) return json(reply, 400, errorJson('invalid_cursor', 'The cursor is not one this API gave; start without one.'));
    return json(reply, 200, { data: result.items.map(paymentJson), next: result.next, previous: result.previous });
  });

  app.get('/api/v1/payments/:id', async (req, reply) => {
    const deps = depsOf(baseDeps, req);
    const scope = await tokenScope(req, reply);
    if (!scope) return reply;
    const raw = (req.params as { id: string }).id;
    const id = pathNumber(raw);
    const story = id === undefined ? undefined : await viewPaymentStory(deps, scope, id);
    if (!story) return json(reply, 404, errorJson('not_found', `There is no payment ${raw.slice(0, 40)} of this token’s merchant.`));
    return json(reply, 200, {
      ...paymentJson(story.payment),
      refunds: story.refunds.map(refundJson),
      operations: story.operations.map(operationJson),
    });
  });

  const base = (req: FastifyRequest) => `${req.protocol}://${req.headers.host ?? '127.0.0.1'}`;
  const page = async (
    req: FastifyRequest,
    reply: FastifyReply,
    signedIn: SignedIn,
    status: number,
    view: Partial<DataApiPageView> = {},
  ) => {
    const tokens = await listDataApiTokens(baseDeps, { merchantId: signedIn.user.merchantId });
    return ctx.html(reply, status, dataApiPage({ signedIn, tokens, base: base(req), ...view }));
  };

  app.get('/data-api', async (req, reply) => {
    const signedIn = await ctx.signedIn(req, reply, 'settings');
    if (!signedIn) return reply;
    const revoked = (req.query as Record<string, unknown>).revoked;
    return page(req, reply, signedIn, 200, revoked !== undefined ? { note: 'The token is revoked: it opens nothing from now on.' } : {});
  });

  app.post('/data-api/tokens', async (req, reply) => {
    const deps = depsOf(baseDeps, req);
    const signedIn = await ctx.signedIn(req, reply, 'settings');
    if (!signedIn) return reply;
    if (!ctx.postAllowed(req, signedIn))
      return ctx.refused(reply, 403, 'Not made', 'This form has expired or came from another site. Open the page again.');
    const field = formFields(req.body);
    const result = await createDataApiToken(
      deps,
      { user: signedIn.user, ip: req.ip },
      { name: field('name'), merchantId: field('merchant') },
    );
    if (!result.ok) return page(req, reply, signedIn, 400, { error: CREATE_PROBLEMS[result.problem] });
    return page(req, reply, signedIn, 201, { made: { token: result.token, secret: result.secret } });
  });

  app.post('/data-api/tokens/:id/revoke', async (req, reply) => {
    const deps = depsOf(baseDeps, req);
    const signedIn = await ctx.signedIn(req, reply, 'settings');
    if (!signedIn) return reply;
    if (!ctx.postAllowed(req, signedIn))
      return ctx.refused(reply, 403, 'Not revoked', 'This form has expired or came from another site. Open the page again.');
    const raw = (req.params as { id: string }).id;
    const id = pathNumber(raw);
    const result =
      id === undefined
        ? ({ ok: false, problem: 'unknown_token' } as const)
        : await revokeDataApiToken(deps, { user: signedIn.user, ip: req.ip }, id);
    if (!result.ok && result.problem === 'unknown_token')
      return ctx.refused(reply, 404, 'Not found', 'There is no such token among yours.');
    return ctx.seeOther(reply, '/dashboard/data-api?revoked=1');
  });
}
