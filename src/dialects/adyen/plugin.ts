/**
 * The Adyen dialect: Adyen's Checkout API (any /vNN/) and the classic Recurring API, registered by
 * the app under `/adyen`, so a merchant's code using Adyen's own library changes only the host.
 * Encapsulated (no fastify-plugin): its parser, hooks and error handler apply to its routes only.
 */
import type { FastifyError, FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { isCoreError } from '../../core/errors.js';
import { authenticateRequest } from './auth.js';
import { AdyenError, errorBody, fromCoreError } from './errors.js';
import { registerModificationRoutes } from './routes/modifications.js';
import { registerPaymentRoutes } from './routes/payments.js';
import { registerStoredMethodRoutes } from './routes/stored-methods.js';

export interface AdyenPluginOptions {
  deps: CoreDeps;
}

/** 256 KiB: well above any Checkout API request with line items and metadata. */
export const BODY_LIMIT = 256 * 1024;

function installJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, raw, done) => {
    const text = typeof raw === 'string' ? raw : raw.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new AdyenError(400, '702', `Unable to parse the request body as JSON: ${(e as Error).message}`), undefined);
    }
  });
}

function isFastifyError(e: unknown): e is FastifyError {
  return e instanceof Error && typeof (e as Partial<FastifyError>).code === 'string';
}

function toAdyenError(e: unknown, log: CoreDeps['log']): AdyenError {
  if (e instanceof AdyenError) return e;
  if (isCoreError(e)) {
    if (e.code === 'internal') log.error({ err: e }, 'adyen: internal error');
    return fromCoreError(e);
  }
  if (isFastifyError(e)) {
    switch (e.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return new AdyenError(413, '702', `The request body is larger than ${BODY_LIMIT} bytes.`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return new AdyenError(415, '702', 'Content-Type must be application/json.');
      default:
        if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) return new AdyenError(e.statusCode, '702', e.message);
    }
  }
  log.error({ err: e }, 'adyen: unexpected error');
  return new AdyenError(500, '905', 'Internal error; it has been logged. Retry with the same Idempotency-Key.', 'internal');
}

/** The answer to a request Fastify refuses before routing (a malformed URL), in Adyen's shape. */
export function adyenFrameworkError(message: string): { status: number; body: ReturnType<typeof errorBody> } {
  const e = new AdyenError(400, '702', `The request URL is malformed: ${message}`);
  return { status: e.status, body: errorBody(e) };
}

export const adyenPlugin: FastifyPluginAsync<AdyenPluginOptions> = async (app, opts) => {
  const { deps } = opts;
  installJsonParser(app);
  app.addHook('onRequest', async (req) => authenticateRequest(deps, req));
  app.setErrorHandler(async (err, req, reply) => {
    const e = toAdyenError(err, req.log);
    return reply.code(e.status).header('content-type', 'application/json').send(errorBody(e));
  });
  app.setNotFoundHandler(async (req, reply) => {
    const e = new AdyenError(404, '000', `${req.method} ${req.url.split('?')[0]} is not an Adyen endpoint walletgate serves.`);
    return reply.code(404).send(errorBody(e));
  });
  registerPaymentRoutes(app, deps);
  registerModificationRoutes(app, deps);
  registerStoredMethodRoutes(app, deps);
};
