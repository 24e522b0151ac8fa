/**
 * /v1/payments: create, recurrent charge, details, list. Details and list carry NotificationDateTime:
 * when the latest notification about the payment was delivered (null before any was).
 */
import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../../core/deps.js';
import { chargePreapproval } from '../../../core/payments/charge-preapproval.js';
import { createPayment } from '../../../core/payments/create-payment.js';
import { getPayment, listPayments, paymentsLastNotifiedAt } from '../../../core/payments/find-payments.js';
import { madeBy, requestAuth } from '../auth.js';
import { parsePathId, parsePaymentListQuery } from '../list-queries.js';
import { mapPayment } from '../mappers.js';
import type { Json } from '../normalise-keys.js';
import { parsePaymentRequest, parseRecurrentRequest } from '../schemas.js';
import { BODY_LIMIT } from '../transport.js';
import { depsOf } from '../../../core/request-context.js';

export function registerPaymentRoutes(app: FastifyInstance, base: CoreDeps): void {
  app.post('/v1/payments', { bodyLimit: BODY_LIMIT }, async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const input = parsePaymentRequest(req.body as Json);
    const payment = await createPayment(deps, madeBy(input, auth));
    return reply.code(201).send({ Payment: mapPayment(payment, { siteId: auth.siteId, links: deps.links }) });
  });

  app.post('/v1/payments/recurrent', { bodyLimit: BODY_LIMIT }, async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const input = parseRecurrentRequest(req.body as Json);
    const payment = await chargePreapproval(deps, madeBy(input, auth));
    return reply.code(201).send({ Payment: mapPayment(payment, { siteId: auth.siteId, links: deps.links }) });
  });

  app.get<{ Params: { id: string } }>('/v1/payments/:id', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const who = { merchantId: auth.merchant.id, dialect: 'globalpay' } as const;
    const payment = await getPayment(deps, who, parsePathId(req.params.id, 'payment'));
    const notified = await paymentsLastNotifiedAt(deps, who, [payment.id]);
    return reply.send({
      Payment: mapPayment(payment, { siteId: auth.siteId, links: deps.links, notificationTime: notified.get(payment.id) ?? null }),
    });
  });

  app.get('/v1/payments', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const { filter, page } = parsePaymentListQuery(req.query);
    const who = { merchantId: auth.merchant.id, dialect: 'globalpay' } as const;
    const { items } = await listPayments(deps, who, filter, page);
    const notified = await paymentsLastNotifiedAt(
      deps,
      who,
      items.map((p) => p.id),
    );
    return reply.send({
      Payments: items.map((p) => mapPayment(p, { siteId: auth.siteId, links: deps.links, notificationTime: notified.get(p.id) ?? null })),
    });
  });
}
