/** /v1/payments/{id}/refunds: create, list, details, refund types. */
import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../../core/deps.js';
import { resolveMethod } from '../../../core/method-capabilities.js';
import { getPayment, getRefund, listRefunds } from '../../../core/payments/find-payments.js';
import { createRefund } from '../../../core/refunds/create-refund.js';
import { madeBy, requestAuth } from '../auth.js';
import { parsePathId } from '../list-queries.js';
import { mapRefund, mapRefundType } from '../mappers.js';
import type { Json } from '../normalise-keys.js';
import { parseRefundRequest } from '../schemas.js';
import { BODY_LIMIT } from '../transport.js';
import { depsOf } from '../../../core/request-context.js';

type PaymentParams = { Params: { id: string } };

export function registerRefundRoutes(app: FastifyInstance, base: CoreDeps): void {
  app.post<PaymentParams>('/v1/payments/:id/refunds', { bodyLimit: BODY_LIMIT }, async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const paymentId = parsePathId(req.params.id, 'payment');
    const input = parseRefundRequest(req.body as Json, paymentId);
    const { refund } = await createRefund(
      deps,
      Object.assign(madeBy(input, auth), {
        // GlobalPay's MerchantTransactionID is unique: a retried refund is refused, never run twice
        uniqueReference: true,
      }),
    );
    return reply.code(201).send({ Refund: mapRefund(refund, { siteId: auth.siteId, links: deps.links }) });
  });

  app.get<PaymentParams>('/v1/payments/:id/refunds', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const refunds = await listRefunds(deps, { merchantId: auth.merchant.id, dialect: 'globalpay' }, parsePathId(req.params.id, 'payment'));
    return reply.send({ Refunds: refunds.map((r) => mapRefund(r, { siteId: auth.siteId, links: deps.links })) });
  });

  app.get<PaymentParams>('/v1/payments/:id/refunds/types', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const payment = await getPayment(deps, { merchantId: auth.merchant.id, dialect: 'globalpay' }, parsePathId(req.params.id, 'payment'));
    return reply.send({ RefundTypes: [mapRefundType(resolveMethod(deps.connectors, payment.method)?.partialRefunds ?? false)] });
  });

  app.get<{ Params: { id: string; refundId: string } }>('/v1/payments/:id/refunds/:refundId', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req);
    const paymentId = parsePathId(req.params.id, 'payment');
    const refund = await getRefund(
      deps,
      { merchantId: auth.merchant.id, dialect: 'globalpay' },
      paymentId,
      parsePathId(req.params.refundId, 'refund'),
    );
    return reply.send({ Refund: mapRefund(refund, { siteId: auth.siteId, links: deps.links }) });
  });
}
