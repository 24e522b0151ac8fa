/**
 * The Checkout.com dialect: the Unified Payments API as checkout-sdk-node calls it, registered by
 * the app under `/checkoutcom` (the SDK's `host`). Encapsulated (no fastify-plugin): its parser,
 * hooks and error handler apply to its routes only. Every answer carries `Cko-Request-Id`.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { installJsonParser, translateError, type BodyProblem } from '../json-transport.js';
import { authenticateRequest } from './auth.js';
import { CkoError, errorBody, fromCoreError, invalid } from './errors.js';
import { registerPaymentRoutes } from './routes/payments.js';
import { registerRefundRoutes } from './routes/refunds.js';

export interface CheckoutcomPluginOptions {
  deps: CoreDeps;
}

export const BODY_LIMIT = 256 * 1024;

function toCkoError(e: unknown, log: CoreDeps['log']): CkoError {
  return translateError(
    e,
    {
      dialect: 'checkoutcom',
      isOwn: (x): x is CkoError => x instanceof CkoError,
      fromCore: (c) =>
        c.code === 'idempotency_conflict' && /in progress/.test(c.message)
          ? new CkoError(409, 'idempotency_key_conflict', ['idempotency_key_request_in_progress'])
          : fromCoreError(c),
      fromTransport: (f) => {
        switch (f.kind) {
          case 'too_large':
            return new CkoError(413, 'request_invalid', ['request_body_too_large']);
          case 'media_type':
            return new CkoError(415, 'request_invalid', ['content_type_invalid']);
          case 'bad_json':
            return invalid('request_body_malformed');
          case 'other':
            return new CkoError(f.status, 'request_invalid', ['request_invalid']);
        }
      },
      internal: () => new CkoError(500, 'internal_error', ['internal_error']),
    },
    log,
  );
}

/**
 * A body refused before any route ran: request_body_malformed when it cannot be read; for text
 * walletgate does not keep, the field's own `<field>_invalid` (customer_name_invalid), as for any bad field.
 */
function refusedBody(problem: BodyProblem): CkoError {
  if (problem.kind !== 'unstorable') return invalid('request_body_malformed');
  const field = problem.at.path
    .filter((p): p is string => typeof p === 'string' && /^[A-Za-z0-9_]+$/.test(p))
    .map((p) => p.toLowerCase())
    .join('_');
  return invalid(field === '' ? 'request_body_invalid' : `${field}_invalid`);
}

/** Checkout.com's request id header: the request's own id, which is also in walletgate's logs. */
function requestIdOf(req: FastifyRequest): string {
  return req.id;
}

/** The answer to a request Fastify refuses before routing (a malformed URL), in Checkout.com's shape. */
export function checkoutcomFrameworkError(requestId: string): {
  status: number;
  body: ReturnType<typeof errorBody>;
  headers: Record<string, string>;
} {
  const e = invalid('request_url_invalid');
  return { status: 422, body: errorBody(e, requestId), headers: { 'cko-request-id': requestId } };
}

export const checkoutcomPlugin: FastifyPluginAsync<CheckoutcomPluginOptions> = async (app, opts) => {
  const { deps } = opts;
  installJsonParser(app, { bodyLimit: BODY_LIMIT, empty: undefined, refused: refusedBody });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('cko-request-id', requestIdOf(req));
    reply.header('cko-version', '1.0.0');
    await authenticateRequest(deps, req);
  });
  app.setErrorHandler(async (err, req, reply) => {
    const e = toCkoError(err, req.log);
    return reply
      .code(e.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(errorBody(e, requestIdOf(req)));
  });
  app.setNotFoundHandler(async (req, reply) => {
    const e = new CkoError(404, 'resource_not_found', ['endpoint_not_found']);
    return reply
      .code(404)
      .header('cko-request-id', requestIdOf(req))
      .send(errorBody(e, requestIdOf(req)));
  });
  registerPaymentRoutes(app, deps);
  registerRefundRoutes(app, deps);
};
