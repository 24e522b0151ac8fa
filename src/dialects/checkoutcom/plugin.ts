/**
 * The Checkout.com dialect: the Unified Payments API as checkout-sdk-node calls it, registered by
 * the app under `/checkoutcom` (the SDK's `host`). Encapsulated (no fastify-plugin): its parser,
 * hooks and error handler apply to its routes only. Every answer carries `Cko-Request-Id`.
 */
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { isCoreError } from '../../core/errors.js';
import { authenticateRequest } from './auth.js';
import { CkoError, errorBody, fromCoreError, invalid } from './errors.js';
import { registerPaymentRoutes } from './routes/payments.js';
import { registerRefundRoutes } from './routes/refunds.js';

export interface CheckoutcomPluginOptions {
  deps: CoreDeps;
}

export const BODY_LIMIT = 256 * 1024;

function installJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, raw, done) => {
    const text = typeof raw === 'string' ? raw : raw.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(invalid('request_body_malformed'), undefined);
    }
  });
}

function isFastifyError(e: unknown): e is FastifyError {
  return e instanceof Error && typeof (e as Partial<FastifyError>).code === 'string';
}

function toCkoError(e: unknown, log: CoreDeps['log']): CkoError {
  if (e instanceof CkoError) return e;
  if (isCoreError(e)) {
    if (e.code === 'internal') log.error({ err: e }, 'checkoutcom: internal error');
    if (e.code === 'idempotency_conflict' && /in progress/.test(e.message)) {
      return new CkoError(409, 'idempotency_key_conflict', ['idempotency_key_request_in_progress']);
    }
    return fromCoreError(e);
  }
  if (isFastifyError(e)) {
    switch (e.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return new CkoError(413, 'request_invalid', ['request_body_too_large']);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return new CkoError(415, 'request_invalid', ['content_type_invalid']);
      default:
        if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500)
          return new CkoError(e.statusCode, 'request_invalid', ['request_invalid']);
    }
  }
  log.error({ err: e }, 'checkoutcom: unexpected error');
  return new CkoError(500, 'internal_error', ['internal_error']);
}

/** Checkout.com's request id header: the request's own id, which is also in walletgate's logs. */
function requestIdOf(req: FastifyRequest): string {
  return req.id;
}

/** The answer to a request Fastify refuses before routing (a malformed URL), in Checkout.com's shape. */
export function checkoutcomFrameworkError(requestId: string): { status: number; body: ReturnType<typeof errorBody> } {
  const e = invalid('request_url_invalid');
  return { status: 422, body: errorBody(e, requestId) };
}

export const checkoutcomPlugin: FastifyPluginAsync<CheckoutcomPluginOptions> = async (app, opts) => {
  const { deps } = opts;
  installJsonParser(app);
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
