/** POST /payments/{id}/refunds: partial or full, never above available_to_refund. */
import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../../core/deps.js';
import { createRefund } from '../../../core/refunds/create-refund.js';
import { authOf } from '../auth.js';
import { sendIdempotentMaking } from '../idempotency.js';
import { mapRefundAccepted } from '../mappers.js';
import { parseRefundRequest } from '../schemas.js';
import { paymentIdOf } from './payments.js';
import { depsOf } from '../../../core/request-context.js';

export function registerRefundRoutes(app: FastifyInstance, base: CoreDeps): void {
  app.post<{ Params: { id: string } }>('/payments/:id/refunds', async (req, reply) => {
    const deps = depsOf(base, req);
    const input = parseRefundRequest(req.body);
    const auth = authOf(req);
    const paymentId = paymentIdOf(req.params.id);
    // the refund is made in the first write: its claim is written with it (ADR 0047)
    return sendIdempotentMaking(deps, req, reply, auth, async (idempotency) => {
      const { refund, payment } = await createRefund(deps, {
        idempotency,
        merchantId: auth.merchant.id,
        paymentId,
        dialect: 'checkoutcom',
        reference: input.reference,
        amount: input.amount,
        articles: input.articles,
        extras: input.metadata ? { metadata: input.metadata } : {},
      });
      return { status: 202, body: mapRefundAccepted(refund, payment, deps.links) };
    });
  });
}
