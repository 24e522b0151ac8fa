/** /v1/preapprovals: create, list, details, the preapproval's payments, close. */
import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../../core/deps.js';
import { closePreapproval } from '../../../core/preapprovals/close-preapproval.js';
import { createPreapproval } from '../../../core/preapprovals/create-preapproval.js';
import { getPreapproval, listPreapprovalPayments, listPreapprovals } from '../../../core/preapprovals/find-preapprovals.js';
import { madeBy, requestAuth } from '../auth.js';
import { normaliseQuery, parsePage, parsePathId, parsePreapprovalListQuery } from '../list-queries.js';
import { mapPayment, mapPreapproval } from '../mappers.js';
import type { Json } from '../normalise-keys.js';
import { parsePreapprovalRequest } from '../schemas.js';
import { BODY_LIMIT } from '../transport.js';
import { depsOf } from '../../../core/request-context.js';

type Params = { Params: { id: string } };

export function registerPreapprovalRoutes(app: FastifyInstance, base: CoreDeps): void {
  app.post('/v1/preapprovals', { bodyLimit: BODY_LIMIT }, async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const input = parsePreapprovalRequest(req.body as Json);
    const pre = await createPreapproval(deps, madeBy(input, auth));
    return reply.code(201).send({ Preapproval: mapPreapproval(pre, { siteId: auth.siteId, links: deps.links }) });
  });

  app.get('/v1/preapprovals', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const { filter, page } = parsePreapprovalListQuery(req.query);
    const { items } = await listPreapprovals(deps, { merchantId: auth.merchant.id, dialect: 'globalpay' }, filter, page);
    return reply.send({ Preapprovals: items.map((p) => mapPreapproval(p, { siteId: auth.siteId, links: deps.links })) });
  });

  app.get<Params>('/v1/preapprovals/:id', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const pre = await getPreapproval(
      deps,
      { merchantId: auth.merchant.id, dialect: 'globalpay' },
      parsePathId(req.params.id, 'preapproval'),
    );
    return reply.send({ Preapproval: mapPreapproval(pre, { siteId: auth.siteId, links: deps.links }) });
  });

  app.get<Params>('/v1/preapprovals/:id/payments', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const id = parsePathId(req.params.id, 'preapproval');
    const { items } = await listPreapprovalPayments(
      deps,
      { merchantId: auth.merchant.id, dialect: 'globalpay' },
      id,
      parsePage(normaliseQuery(req.query)),
    );
    return reply.send({ Payments: items.map((p) => mapPayment(p, { siteId: auth.siteId, links: deps.links })) });
  });

  app.delete<Params>('/v1/preapprovals/:id', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const pre = await closePreapproval(
      deps,
      { merchantId: auth.merchant.id, dialect: 'globalpay' },
      parsePathId(req.params.id, 'preapproval'),
    );
    return reply.send({ Preapproval: mapPreapproval(pre, { siteId: auth.siteId, links: deps.links }) });
  });
}
