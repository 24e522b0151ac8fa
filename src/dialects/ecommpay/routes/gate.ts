/**
 * Gate (https://api.ecommpay.com): POST /v2/payment/wallet/{method}/sale, …/refund (also without
 * `wallet/`) and /v2/payment/status. Each authenticates the signed body, reads it, calls one core use
 * case and answers ecommpay's `{status: "success", request_id, project_id, payment_id}` ("accepted";
 * the outcome follows in callbacks) or the signed status.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../../core/deps.js';
import { requestHash } from '../../../core/idempotency/run-idempotent.js';
import { createOnceByUniqueReference } from '../../../core/idempotency/create-once-by-reference.js';
import { createPayment } from '../../../core/payments/create-payment.js';
import { findPaymentByUniqueReference, getPaymentHistory } from '../../../core/payments/find-payments.js';
import { createRefundOrDecline } from '../../../core/refunds/decline-refund.js';
import type { Payment } from '../../../core/model.js';
import { authenticateGate, generalOf, type GateAuth } from '../auth.js';
import { EcpError } from '../errors.js';
import { extrasOf, toExtras, toRefundExtras, uniquePaymentKey } from '../extras.js';
import { newRequestId } from '../ids.js';
import { customerObject, paymentObject, refundOperation, saleChangedAt, saleOperation, signed } from '../mappers.js';
import { methodByGateName, methodOfCore, type EcommpayMethod } from '../methods.js';
import { parseRefund, parseSale, paymentIdOf } from '../schemas.js';
import { depsOf } from '../../../core/request-context.js';

type MethodParams = { Params: { method: string } };

const JSON_TYPE = 'application/json; charset=utf-8';

const readerOf = (auth: GateAuth) => ({ merchantId: auth.merchant.id, dialect: 'ecommpay' as const });

function gateMethod(name: string): EcommpayMethod {
  const m = methodByGateName(name);
  if (!m) throw new EcpError('method', 'payment_method', `"${name}" is not a payment method walletgate offers through ecommpay's Gate`);
  return m;
}

/** ecommpay's "accepted": the request is valid and under way; its outcome comes in callbacks. */
function accepted(requestId: string, projectId: number, paymentId: string) {
  return { status: 'success', request_id: requestId, project_id: projectId, payment_id: paymentId };
}

/** A sale's answer: "accepted", as sent (and as replayed to the same request again). */
function acceptedAnswer(requestId: string, projectId: number, paymentId: string) {
  return { status: 200, body: JSON.stringify(accepted(requestId, projectId, paymentId)) };
}

async function paymentOf(deps: CoreDeps, auth: GateAuth, paymentId: string): Promise<Payment> {
  const p = await findPaymentByUniqueReference(deps, readerOf(auth), uniquePaymentKey(auth.projectId, paymentId));
  if (!p) throw new EcpError('notFound', 'general.payment_id', `There is no payment "${paymentId}" in project ${auth.projectId}`);
  return p;
}

export function registerGateRoutes(app: FastifyInstance, base: CoreDeps): void {
  app.post<MethodParams>('/v2/payment/wallet/:method/sale', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = await authenticateGate(deps, req.body);
    const method = gateMethod(req.params.method);
    const sale = parseSale(req.body as Record<string, unknown>);
    if (method.currencies && !method.currencies.includes(sale.currency))
      throw new EcpError(
        'currency',
        'payment.currency',
        `${method.title} takes ${method.currencies.join(', ')} only, not ${sale.currency}`,
      );
    // payment_id is unique per project: the same request again is answered as the first was, another
    // one is refused; the payment is the record of both (ADR 0050)
    const uniqueReference = uniquePaymentKey(auth.projectId, sale.paymentId);
    const fingerprint = requestHash({ method: method.gate, body: req.body });
    const answer = await createOnceByUniqueReference(
      deps.store,
      {
        merchantId: auth.merchant.id,
        dialect: 'ecommpay',
        uniqueReference,
        requestHash: fingerprint,
        legacyKey: `sale:${auth.projectId}:${sale.paymentId}`,
      },
      async () => {
        const requestId = newRequestId();
        const { id: customerId, ip, firstName, lastName, email, phone, language } = sale.customer;
        await createPayment(deps, {
          merchantId: auth.merchant.id,
          dialect: 'ecommpay',
          reference: sale.paymentId,
          uniqueReference,
          method: method.core,
          amount: sale.amount,
          currency: sale.currency,
          description: sale.description ?? null,
          customer: {
            merchantCustomerId: customerId,
            email: email ?? null,
            firstName: firstName ?? null,
            lastName: lastName ?? null,
            phone: phone ?? null,
          },
          returnUrl: sale.returnUrls.success ?? sale.returnUrls.return ?? null,
          extras: toExtras({
            projectId: auth.projectId,
            paymentId: sale.paymentId,
            customerId,
            customerIp: ip,
            ...(sale.callbackUrl !== undefined ? { callbackUrl: sale.callbackUrl } : {}),
            returnUrls: sale.returnUrls,
            ...(language !== undefined ? { language } : {}),
            requestId,
            requestHash: fingerprint,
            via: 'gate',
          }),
        });
        // accepted whatever the wallet says: the outcome follows in callbacks
        return acceptedAnswer(requestId, auth.projectId, sale.paymentId);
      },
      {
        requestHashOf: (p) => extrasOf(p).requestHash,
        replay: (p) => acceptedAnswer(extrasOf(p).requestId, auth.projectId, sale.paymentId),
        replayRecord: (status, body) => ({ status, body }),
      },
    );
    return reply.code(answer.status).header('content-type', JSON_TYPE).send(answer.body);
  });

  const refund = async (req: FastifyRequest<MethodParams>, reply: FastifyReply) => {
    const deps = depsOf(base, req);
    const auth = await authenticateGate(deps, req.body);
    const method = gateMethod(req.params.method);
    const r = parseRefund(req.body as Record<string, unknown>);
    const p = await paymentOf(deps, auth, r.paymentId);
    if (p.method !== method.core)
      throw new EcpError(
        'method',
        'payment_method',
        `Payment "${r.paymentId}" was paid with ${methodOfCore(p.method)?.gate ?? p.method}, not ${method.gate}`,
      );
    const requestId = newRequestId();
    // more than is left is not an error here: ecommpay accepts the request and declines the refund in its callback
    await createRefundOrDecline(deps, {
      merchantId: auth.merchant.id,
      paymentId: p.id,
      dialect: 'ecommpay',
      amount: r.amount ?? null,
      currency: r.currency ?? null,
      description: r.description,
      extras: toRefundExtras({ requestId }),
    });
    return reply
      .code(200)
      .header('content-type', JSON_TYPE)
      .send(accepted(requestId, auth.projectId, r.paymentId));
  };
  app.post<MethodParams>('/v2/payment/wallet/:method/refund', refund);
  app.post<MethodParams>('/v2/payment/:method/refund', refund);

  app.post('/v2/payment/status', async (req, reply) => {
    const deps = depsOf(base, req);
    const auth = await authenticateGate(deps, req.body);
    const paymentId = paymentIdOf(generalOf(req.body));
    const p = await paymentOf(deps, auth, paymentId);
    const { payment, refunds, operations } = await getPaymentHistory(deps, readerOf(auth), p.id);
    const body = {
      project_id: auth.projectId,
      payment: paymentObject(payment),
      customer: customerObject(payment),
      operations: [saleOperation(payment, saleChangedAt(payment, operations)), ...refunds.map((x) => refundOperation(x, payment))],
    };
    return reply.code(200).header('content-type', JSON_TYPE).send(signed(body, auth.secret));
  });
}
