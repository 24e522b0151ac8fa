/** POST /payments and POST /payments/details. */
import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../../core/deps.js';
import { isCoreError } from '../../../core/errors.js';
import { chargePreapproval } from '../../../core/payments/charge-preapproval.js';
import { findByCustomerToken } from '../../../core/payments/complete-customer-return.js';
import { createPayment } from '../../../core/payments/create-payment.js';
import { findStoredAgreement } from '../../../core/preapprovals/find-preapprovals.js';
import { authOf, requestAuth } from '../auth.js';
import { AdyenError } from '../errors.js';
import { sendIdempotentMaking } from '../idempotency.js';
import { answeredBy } from '../../send-idempotent.js';
import type { Payment } from '../../../core/model.js';
import { mapPaymentResponse } from '../mappers.js';
import { parseDetailsRequest, parsePaymentRequest } from '../schemas.js';
import { V } from '../version.js';
import { depsOf } from '../../../core/request-context.js';

export function registerPaymentRoutes(app: FastifyInstance, base: CoreDeps): void {
  app.post(`/${V}/payments`, async (req, reply) => {
    const deps = depsOf(base, req);
    const parsed = parsePaymentRequest(req.body);
    const auth = requestAuth(req, parsed.merchantAccount);
    // either way a payment is made first: its claim is written with it (ADR 0047)
    return sendIdempotentMaking(deps, req, reply, auth, async (idempotency) => {
      // The parsed inputs are already in the core's terms; the route adds who is asking.
      const who = { merchantId: auth.merchant.id, dialect: 'adyen' as const, uniqueReference: false, idempotency };
      if (parsed.kind === 'stored') {
        const p = await chargePreapproval(deps, { ...parsed.input, ...who });
        return { status: 200, body: mapPaymentResponse(p, { links: deps.links }) };
      }
      const answer = (p: Payment) => ({ status: 200, body: mapPaymentResponse(p, { links: deps.links, redirect: true }) });
      return answer(await createPayment(deps, Object.assign({}, parsed.input, who, { idempotency: answeredBy(idempotency, answer) })));
    });
  });

  app.post(`/${V}/payments/details`, async (req, reply) => {
    const deps = depsOf(base, req);
    const { redirectResult } = parseDetailsRequest(req.body);
    const auth = authOf(req);
    const found = await findByCustomerToken(deps, redirectResult).catch((e: unknown) => {
      if (isCoreError(e) && e.code === 'not_found') return undefined;
      throw e;
    });
    const payment = found?.kind === 'payment' ? found.payment : undefined;
    if (!payment || payment.merchantId !== auth.merchant.id || payment.extras.merchantAccount !== auth.merchantAccount) {
      throw new AdyenError(422, '702', 'Invalid redirectResult: it does not belong to a payment of this merchant account.');
    }
    const agreement = await findStoredAgreement(deps, payment);
    return reply.send(mapPaymentResponse(payment, { links: deps.links, ...(agreement ? { agreement } : {}) }));
  });
}
