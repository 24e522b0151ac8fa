/** Refunds and cancels: POST /payments/{pspReference}/refunds|cancels and POST /cancels. */
import type { FastifyInstance } from 'fastify';
import type { CoreDeps } from '../../../core/deps.js';
import { cancelPayment, cancelPaymentByReference } from '../../../core/payments/cancel-payment.js';
import { createRefund } from '../../../core/refunds/create-refund.js';
import { requestAuth, type AdyenAuth } from '../auth.js';
import { getPayment } from '../../../core/payments/find-payments.js';
import type { Payment } from '../../../core/model.js';
import { AdyenError } from '../errors.js';
import { sendIdempotent, sendIdempotentMaking } from '../idempotency.js';
import { mapRefundResponse } from '../mappers.js';
import { parsePspReference, pspReference } from '../psp-reference.js';
import { parseCancelRequest, parseRefundRequest } from '../schemas.js';
import { V } from '../version.js';
import { depsOf } from '../../../core/request-context.js';

type PspParams = { Params: { psp: string } };

function paymentIdOf(psp: string): number {
  const id = parsePspReference('payment', psp);
  if (id === undefined)
    throw new AdyenError(422, '167', `Original pspReference required for this operation: ${psp} is not a payment's pspReference.`);
  return id;
}

const ofAccount = (auth: AdyenAuth) => (p: Payment) => p.extras.merchantAccount === auth.merchantAccount;
const readerOf = (auth: AdyenAuth) => ({ merchantId: auth.merchant.id, dialect: 'adyen' as const });

/** The payment behind a pspReference, if it was made under the request's merchant account (as /payments/details demands). */
async function accountPaymentId(deps: CoreDeps, auth: AdyenAuth, psp: string): Promise<number> {
  const payment = await getPayment(deps, readerOf(auth), paymentIdOf(psp));
  if (!ofAccount(auth)(payment)) {
    throw new AdyenError(
      422,
      '167',
      `Original pspReference required for this operation: ${psp} is not a payment of ${auth.merchantAccount}.`,
    );
  }
  return payment.id;
}

export function registerModificationRoutes(app: FastifyInstance, base: CoreDeps): void {
  app.post<PspParams>(`/${V}/payments/:psp/refunds`, async (req, reply) => {
    const deps = depsOf(base, req);
    const input = parseRefundRequest(req.body);
    const auth = requestAuth(req, input.merchantAccount);
    paymentIdOf(req.params.psp);
    // the refund is made in the first write: its claim is written with it (ADR 0047)
    return sendIdempotentMaking(deps, req, reply, auth, async (idempotency) => {
      const paymentId = await accountPaymentId(deps, auth, req.params.psp);
      const { refund, payment: after } = await createRefund(deps, {
        idempotency,
        merchantId: auth.merchant.id,
        paymentId,
        dialect: 'adyen',
        reference: input.reference,
        amount: input.amount,
        currency: input.currency,
        articles: input.articles,
        extras: { merchantAccount: input.merchantAccount },
      });
      return { status: 201, body: mapRefundResponse(refund, after, input.merchantAccount) };
    });
  });

  app.post<PspParams>(`/${V}/payments/:psp/cancels`, async (req, reply) => {
    const deps = depsOf(base, req);
    const input = parseCancelRequest(req.body, false);
    const auth = requestAuth(req, input.merchantAccount);
    paymentIdOf(req.params.psp);
    return sendIdempotent(deps, req, reply, auth, async () => {
      const p = await cancelPayment(deps, readerOf(auth), await accountPaymentId(deps, auth, req.params.psp));
      return {
        status: 201,
        body: {
          merchantAccount: input.merchantAccount,
          paymentPspReference: pspReference('payment', p.id),
          pspReference: pspReference('cancel', p.id),
          ...(input.reference ? { reference: input.reference } : {}),
          status: 'received',
        },
      };
    });
  });

  app.post(`/${V}/cancels`, async (req, reply) => {
    const deps = depsOf(base, req);
    const input = parseCancelRequest(req.body, true);
    const auth = requestAuth(req, input.merchantAccount);
    return sendIdempotent(deps, req, reply, auth, async () => {
      const p = await cancelPaymentByReference(deps, readerOf(auth), input.paymentReference!, ofAccount(auth));
      return {
        status: 201,
        body: {
          merchantAccount: input.merchantAccount,
          paymentReference: input.paymentReference,
          pspReference: pspReference('cancel', p.id),
          ...(input.reference ? { reference: input.reference } : {}),
          status: 'received',
        },
      };
    });
  });
}
