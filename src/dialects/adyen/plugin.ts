/**
 * The Adyen dialect: Adyen's Checkout API (any /vNN/) and the classic Recurring API, registered by
 * the app under `/adyen`, so a merchant's code using Adyen's own library changes only the host.
 * Encapsulated (no fastify-plugin): its parser, hooks and error handler apply to its routes only.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { installJsonParser, translateError, unstorableMessage, type BodyProblem } from '../json-transport.js';
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

function toAdyenError(e: unknown, log: CoreDeps['log']): AdyenError {
  return translateError(
    e,
    {
      dialect: 'adyen',
      isOwn: (x): x is AdyenError => x instanceof AdyenError,
      fromCore: fromCoreError,
      fromTransport: (f) => {
        switch (f.kind) {
          case 'too_large':
            return new AdyenError(413, '702', `The request body is larger than ${BODY_LIMIT} bytes.`);
          case 'media_type':
            return new AdyenError(415, '702', 'Content-Type must be application/json.');
          case 'bad_json':
            return new AdyenError(400, '702', 'Unable to parse the request body as JSON.');
          case 'other':
            return new AdyenError(f.status, '702', f.message);
        }
      },
      internal: () => new AdyenError(500, '905', 'Internal error; it has been logged. Retry with the same Idempotency-Key.', 'internal'),
    },
    log,
  );
}

/** A body refused before any route ran: 400 702 when it cannot be read, 422 702 for text walletgate does not keep. */
function refusedBody(problem: BodyProblem): AdyenError {
  switch (problem.kind) {
    case 'syntax':
      return new AdyenError(400, '702', `Unable to parse the request body as JSON: ${problem.detail}`);
    case 'too_deep':
      return new AdyenError(400, '702', `Unable to parse the request body as JSON: it nests deeper than ${problem.limit} levels.`);
    case 'unstorable':
      return new AdyenError(422, '702', `Unexpected input: ${unstorableMessage(problem.at)}.`);
  }
}

/** The answer to a request Fastify refuses before routing (a malformed URL), in Adyen's shape. */
export function adyenFrameworkError(message: string): { status: number; body: ReturnType<typeof errorBody> } {
  const e = new AdyenError(400, '702', `The request URL is malformed: ${message}`);
  return { status: e.status, body: errorBody(e) };
}

export const adyenPlugin: FastifyPluginAsync<AdyenPluginOptions> = async (app, opts) => {
  const { deps } = opts;
  installJsonParser(app, { bodyLimit: BODY_LIMIT, empty: undefined, refused: refusedBody });
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
