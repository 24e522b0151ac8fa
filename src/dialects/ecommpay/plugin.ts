/**
 * The ecommpay dialect, registered by the app under `/ecommpay`: Gate (for https://api.ecommpay.com,
 * POST /v2/payment/…) and the hosted Payment Page (for https://paymentpage.ecommpay.com, GET
 * /payment). Encapsulated (no fastify-plugin): its parser, error handler and not-found answer apply
 * to its routes only. Every Gate error is ecommpay's envelope (./errors.ts), never a 500 for bad input.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { installJsonParser, translateError, unstorableMessage, type BodyProblem } from '../json-transport.js';
import { isProjectId } from './credentials.js';
import { EcpError, errorBody, fromCoreError, type EchoedIds } from './errors.js';
import { registerGateRoutes } from './routes/gate.js';
import { registerPaymentPageRoutes } from './routes/payment-page.js';

export interface EcommpayPluginOptions {
  deps: CoreDeps;
}

export const BODY_LIMIT = 256 * 1024;

function refusedBody(problem: BodyProblem): EcpError {
  switch (problem.kind) {
    case 'syntax':
      return new EcpError('malformed', undefined, `The request body is not valid JSON: ${problem.detail}`);
    case 'too_deep':
      return new EcpError('malformed', undefined, `The request body nests deeper than ${problem.limit} levels`);
    case 'unstorable':
      return new EcpError('invalid', undefined, `The request is refused: ${unstorableMessage(problem.at)}`);
  }
}

export function toEcpError(e: unknown, log: CoreDeps['log']): EcpError {
  return translateError(
    e,
    {
      dialect: 'ecommpay',
      isOwn: (x): x is EcpError => x instanceof EcpError,
      fromCore: fromCoreError,
      fromTransport: (f) => {
        switch (f.kind) {
          case 'too_large':
            return new EcpError('tooLarge');
          case 'media_type':
            return new EcpError('mediaType');
          case 'bad_json':
            return new EcpError('malformed');
          case 'other':
            return new EcpError('invalid', undefined, f.message);
        }
      },
      internal: () => new EcpError('internal'),
    },
    log,
  );
}

/** The project and payment a request named, when they can be read from its body: echoed in its error. */
export function echoedIds(body: unknown): EchoedIds {
  const general = typeof body === 'object' && body !== null ? (body as { general?: unknown }).general : undefined;
  if (typeof general !== 'object' || general === null) return {};
  const { project_id: projectId, payment_id: paymentId } = general as Record<string, unknown>;
  return {
    ...(isProjectId(projectId) ? { projectId } : {}),
    ...(typeof paymentId === 'string' && paymentId.length <= 255 ? { paymentId } : {}),
  };
}

/** The answer to a request Fastify refuses before routing (a malformed URL), in ecommpay's shape. */
export function ecommpayFrameworkError(message: string, requestId: string) {
  return { status: 400, body: errorBody(new EcpError('invalid', undefined, `The request URL is malformed: ${message}`), requestId) };
}

const requestIdOf = (req: FastifyRequest): string => req.id;

export const ecommpayPlugin: FastifyPluginAsync<EcommpayPluginOptions> = async (app, opts) => {
  const { deps } = opts;
  installJsonParser(app, { bodyLimit: BODY_LIMIT, empty: undefined, refused: refusedBody });
  app.setErrorHandler(async (err, req, reply) => {
    const e = toEcpError(err, req.log);
    return reply
      .code(e.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(errorBody(e, requestIdOf(req), echoedIds(req.body)));
  });
  app.setNotFoundHandler(async (req, reply) =>
    reply
      .code(404)
      .send(errorBody(new EcpError('endpoint', undefined, `There is no ${req.method} ${req.url.split('?')[0]}`), requestIdOf(req))),
  );
  registerGateRoutes(app, deps);
  registerPaymentPageRoutes(app, deps);
};
