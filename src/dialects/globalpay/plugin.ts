/**
 * The GlobalPay dialect: Smart2Pay GlobalPay's REST API, registered by the app under
 * `/globalpay`. Encapsulated on purpose (no fastify-plugin): its parser, hooks and error handler
 * apply to its own routes only.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { authenticateRequest } from './auth.js';
import { GlobalPayError, RETURN_CODES } from './errors.js';
import { errorEnvelope } from './error-envelope.js';
import type { Json } from './normalise-keys.js';
import { registerPaymentRoutes } from './routes/payments.js';
import { registerPreapprovalRoutes } from './routes/preapprovals.js';
import { registerRefundRoutes } from './routes/refunds.js';
import { installGlobalPayParser, JSON_CONTENT_TYPE, subjectOf, toGlobalPayError } from './transport.js';

export interface GlobalPayPluginOptions {
  deps: CoreDeps;
}

export const globalpayPlugin: FastifyPluginAsync<GlobalPayPluginOptions> = async (app, opts) => {
  const { deps } = opts;
  installGlobalPayParser(app);

  app.addHook('onRequest', async (req) => authenticateRequest(deps, req));
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('content-type', JSON_CONTENT_TYPE);
    done(null, payload);
  });

  app.setErrorHandler(async (err, req, reply) => {
    const subject = subjectOf(req.url);
    const gp = toGlobalPayError(err, subject, req.log);
    return reply.code(gp.http).send(errorEnvelope(subject, gp, req.body as Json | undefined));
  });

  app.setNotFoundHandler(async (req, reply) => {
    const gp = new GlobalPayError(
      404,
      RETURN_CODES.actionInvalid,
      `Action is invalid - ${req.method} ${req.url.split('?')[0]} is not a GlobalPay endpoint`,
    );
    return reply.code(404).send(errorEnvelope(subjectOf(req.url), gp));
  });

  registerPaymentRoutes(app, deps);
  registerRefundRoutes(app, deps);
  registerPreapprovalRoutes(app, deps);
};
