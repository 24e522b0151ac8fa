/** POST /payments, GET /payments, GET /payments/{id}, GET /payments/{id}/actions. */
import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../../core/deps.js';
import { chargePreapprovalInBackground } from '../../../core/payments/charge-preapproval.js';
import { createPayment } from '../../../core/payments/create-payment.js';
import { getPayment, getPaymentHistory, listPayments } from '../../../core/payments/find-payments.js';
import { findStoredAgreement } from '../../../core/preapprovals/find-preapprovals.js';
import { authOf, type CkoAuth } from '../auth.js';
import { CkoError, invalid } from '../errors.js';
import { parseId } from '../ids.js';
import { sendIdempotentMaking } from '../idempotency.js';
import { answeredBy } from '../../send-idempotent.js';
import type { Payment, Preapproval } from '../../../core/model.js';
import { mapActions, mapPaymentCreated, mapPaymentDetails } from '../mappers.js';
import { parsePaymentRequest } from '../schemas.js';
import { PAYMENT_STATUS } from '../statuses.js';
import { depsOf } from '../../../core/request-context.js';

type IdParams = { Params: { id: string } };

/** Checkout.com keys reach the payments made through Checkout.com. */
export const readerOf = (auth: CkoAuth) => ({ merchantId: auth.merchant.id, dialect: 'checkoutcom' as const });

export function paymentIdOf(id: string): number {
  const found = parseId('payment', id);
  if (found === undefined) throw new CkoError(404, 'resource_not_found', ['payment_not_found']);
  return found;
}

function queryInt(v: unknown, name: string, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(`${name}_invalid`);
  return n;
}

export function registerPaymentRoutes(app: FastifyInstance, base: CoreDeps): void {
  app.post('/payments', async (req, reply) => {
    const deps = depsOf(base, req);
    const parsed = parsePaymentRequest(req.body);
    const auth = authOf(req);
    if (parsed.processingChannelId !== undefined && parsed.processingChannelId !== auth.processingChannelId) {
      throw invalid('processing_channel_id_invalid');
    }
    // either way a payment is made first: its claim is written with it (ADR 0047)
    return sendIdempotentMaking(deps, req, reply, auth, async (idempotency) => {
      const who = {
        merchantId: auth.merchant.id,
        dialect: 'checkoutcom' as const,
        uniqueReference: false,
        extras: Object.assign({}, parsed.input.extras, { processingChannelId: auth.processingChannelId }),
        idempotency,
      };
      if (parsed.kind === 'source') {
        // Merchant-initiated: answered 202 Pending at once; the outcome follows as payment_captured / payment_declined.
        const p = await chargePreapprovalInBackground(deps, Object.assign({}, parsed.input, who));
        return { status: 202, body: mapPaymentCreated(p, deps.links) };
      }
      const { recurring, ...input } = parsed.input;
      // The wallet knows the customer by this for the life of the agreement (KakaoPay partner_user_id).
      const customerRef = parsed.customerRef ?? `${auth.merchant.id}-guest`;
      // Checkout.com makes a customer profile when the request names none.
      const customerProfile = input.customerProfile ?? {};
      const answer = (p: Payment, stored?: Preapproval) => ({
        status: PAYMENT_STATUS[p.status] === 'Pending' ? 202 : 201,
        body: mapPaymentCreated(p, deps.links, stored),
      });
      // a Recurring payment's answer names the agreement, read after it is made: stored after it
      const idempotencyOf = recurring ? idempotency : answeredBy(idempotency, (p) => answer(p));
      const p = await createPayment(
        deps,
        Object.assign({}, input, who, { customerProfile, storeAgreement: recurring ? { customerRef } : null, idempotency: idempotencyOf }),
      );
      return answer(p, recurring ? await findStoredAgreement(deps, p) : undefined);
    });
  });

  app.get<{ Querystring: Record<string, unknown> }>('/payments', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = authOf(req);
    const reference = req.query.reference;
    if (typeof reference !== 'string' || reference === '' || reference.length > 80) throw invalid('reference_invalid');
    const limit = queryInt(req.query.limit, 'limit', 1, 100, 10);
    const skip = queryInt(req.query.skip, 'skip', 0, 100_000, 0);
    // pages of `limit` starting at `skip`: fetch the pages that cover the window, then cut it out
    const first = Math.floor(skip / limit) + 1;
    const a = await listPayments(deps, readerOf(auth), { reference }, { index: first, size: limit });
    const b =
      skip % limit === 0 ? { items: [] } : await listPayments(deps, readerOf(auth), { reference }, { index: first + 1, size: limit });
    const window = [...a.items, ...b.items].slice(skip % limit, (skip % limit) + limit);
    return reply.send({
      limit,
      skip,
      total_count: a.total,
      data: window.map((p) => mapPaymentDetails(p, { links: deps.links })),
    });
  });

  app.get<IdParams>('/payments/:id', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = authOf(req);
    const p = await getPayment(deps, readerOf(auth), paymentIdOf(req.params.id));
    return reply.send(mapPaymentDetails(p, { links: deps.links, stored: await findStoredAgreement(deps, p) }));
  });

  app.get<IdParams>('/payments/:id/actions', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = authOf(req);
    const { payment, refunds, operations } = await getPaymentHistory(deps, readerOf(auth), paymentIdOf(req.params.id));
    return reply.send(mapActions(payment, refunds, operations));
  });
}
