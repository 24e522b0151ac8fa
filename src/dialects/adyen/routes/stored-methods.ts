/**
 * POST /paymentMethods, GET /storedPaymentMethods, DELETE /storedPaymentMethods/{id}, and the
 * classic Recurring API (listRecurringDetails, disable) that seed 001 names, under
 * /pal/servlet/Recurring/vNN/.
 */
import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../../core/deps.js';
import { listAvailableMethods } from '../../../core/list-available-methods.js';
import { closePreapproval } from '../../../core/preapprovals/close-preapproval.js';
import { getCustomerAgreement, listCustomerAgreements } from '../../../core/preapprovals/find-preapprovals.js';
import { requestAuth } from '../auth.js';
import { sendIdempotent } from '../idempotency.js';
import { AdyenError, invalid } from '../errors.js';
import { mapRecurringDetail, mapStoredMethod } from '../mappers.js';
import { parsePspReference } from '../psp-reference.js';
import { queryString } from '../read-fields.js';
import { ADYEN_METHODS, parsePaymentMethodsRequest, parseRecurringRequest } from '../schemas.js';
import { V } from '../version.js';
import { depsOf } from '../../../core/request-context.js';

type Query = { Querystring: unknown };

/** Adyen keys reach the agreements made through Adyen. */
const adyenReader = (auth: { merchant: { id: string } }) => ({ merchantId: auth.merchant.id, dialect: 'adyen' as const });

function tokenIdOf(ref: string | undefined, shopperReference: string): number {
  const id = parsePspReference('token', ref);
  if (id === undefined)
    throw new AdyenError(422, '803', `PaymentDetail not found: ${ref ?? '(none)'} is not a stored payment method of ${shopperReference}.`);
  return id;
}

export function registerStoredMethodRoutes(app: FastifyInstance, base: CoreDeps): void {
  app.post(`/${V}/paymentMethods`, async (req, reply) => {
    const deps = depsOf(base, req);
    const q = parsePaymentMethodsRequest(req.body);
    const auth = requestAuth(req, q.merchantAccount);
    const methods = listAvailableMethods(deps.connectors, {
      country: q.country,
      currency: q.currency,
      ...(q.amount !== undefined ? { amount: q.amount } : {}),
    });
    const paymentMethods = methods.flatMap((m) => (ADYEN_METHODS[m.code] ? [ADYEN_METHODS[m.code]!] : []));
    const stored = q.shopperReference ? await listCustomerAgreements(deps, adyenReader(auth), q.shopperReference) : [];
    return reply.send({
      paymentMethods,
      ...(q.shopperReference ? { storedPaymentMethods: stored.map(mapStoredMethod) } : {}),
    });
  });

  app.get<Query>(`/${V}/storedPaymentMethods`, async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req, queryString(req.query, 'merchantAccount', 200));
    const shopperReference = queryString(req.query, 'shopperReference');
    if (!shopperReference) throw invalid.missing('shopperReference');
    const stored = await listCustomerAgreements(deps, adyenReader(auth), shopperReference);
    return reply.send({ merchantAccount: auth.merchantAccount, shopperReference, storedPaymentMethods: stored.map(mapStoredMethod) });
  });

  app.delete<Query & { Params: { id: string } }>(`/${V}/storedPaymentMethods/:id`, async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = requestAuth(req, queryString(req.query, 'merchantAccount', 200));
    const shopperReference = queryString(req.query, 'shopperReference');
    if (!shopperReference) throw invalid.missing('shopperReference');
    const pre = await getCustomerAgreement(deps, adyenReader(auth), shopperReference, tokenIdOf(req.params.id, shopperReference));
    if (pre.status !== 'active') throw new AdyenError(422, '803', `PaymentDetail not found: ${req.params.id} is no longer stored.`);
    await closePreapproval(deps, adyenReader(auth), pre.id);
    return reply.code(204).send();
  });

  app.post(`/pal/servlet/Recurring/${V}/listRecurringDetails`, async (req, reply) => {
    const deps = depsOf(base, req);
    const q = parseRecurringRequest(req.body, false);
    const auth = requestAuth(req, q.merchantAccount);
    const stored = await listCustomerAgreements(deps, adyenReader(auth), q.shopperReference);
    const oldest = stored.at(-1);
    const email = stored[0]?.customer?.email;
    return reply.send(
      Object.assign(
        oldest ? { creationDate: oldest.createdAt.toISOString() } : {},
        { details: stored.map(mapRecurringDetail) },
        email ? { lastKnownShopperEmail: email } : undefined,
        { shopperReference: q.shopperReference },
      ),
    );
  });

  app.post(`/pal/servlet/Recurring/${V}/disable`, async (req, reply) => {
    const deps = depsOf(base, req);
    const q = parseRecurringRequest(req.body, true);
    const auth = requestAuth(req, q.merchantAccount);
    // a retried disable under its Idempotency-Key gets the first answer, not 803 for a token it closed
    return sendIdempotent(deps, req, reply, auth, async () => {
      const targets = q.recurringDetailReference
        ? [
            await getCustomerAgreement(
              deps,
              adyenReader(auth),
              q.shopperReference,
              tokenIdOf(q.recurringDetailReference, q.shopperReference),
            ),
          ]
        : await listCustomerAgreements(deps, adyenReader(auth), q.shopperReference);
      const active = targets.filter((p) => p.status === 'active');
      if (active.length === 0) throw new AdyenError(422, '803', `PaymentDetail not found for shopper ${q.shopperReference}.`);
      for (const p of active) await closePreapproval(deps, adyenReader(auth), p.id);
      return {
        status: 200,
        body: { response: q.recurringDetailReference ? '[detail-successfully-disabled]' : '[all-details-successfully-disabled]' },
      };
    });
  });
}
