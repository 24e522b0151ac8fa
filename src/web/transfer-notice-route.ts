/**
 * POST /connectors/:id/transfers: where the bank of a collection account sends its credit notices
 * (money arrived). The body stays the exact text received (the bank signed those bytes); the core
 * records each transfer (core/transfers/receive-transfer-notice.ts) and the answer lists what
 * walletgate made of each: {received: [{transactionId, outcome, paymentId, duplicate}]}. A notice
 * that is not the bank's is refused with 400, an unknown bank with 404, anything else with 503 so
 * the bank sends it again.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { CoreDeps } from '../core/deps.js';
import { isCoreError } from '../core/errors.js';
import { receiveTransferNotice } from '../core/transfers/receive-transfer-notice.js';
import { depsOf } from '../core/request-context.js';

export interface TransferNoticeRouteOptions {
  deps: CoreDeps;
}

function refuse(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error, message, requestId: reply.request.id });
}

export const transferNoticeRoutePlugin: FastifyPluginAsync<TransferNoticeRouteOptions> = async (app, { deps }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.post<{ Params: { id: string } }>('/connectors/:id/transfers', async (req, reply) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    const rawBody = typeof req.body === 'string' ? req.body : '';
    try {
      const recorded = await receiveTransferNotice(depsOf(deps, req), req.params.id, headers, rawBody);
      return reply
        .code(200)
        .type('application/json; charset=utf-8')
        .send({
          received: recorded.map((r) => ({
            transactionId: r.transfer.transactionId,
            outcome: r.transfer.outcome,
            paymentId: r.transfer.paymentId,
            duplicate: r.duplicate,
          })),
        });
    } catch (e) {
      if (isCoreError(e) && e.code === 'request_invalid') return refuse(reply, 400, 'bad_request', e.message);
      if (isCoreError(e) && e.code === 'not_found') return refuse(reply, 404, 'not_found', e.message);
      req.log.error({ err: e, connector: req.params.id }, 'credit notice not kept');
      return refuse(reply, 503, 'unavailable', 'The notice could not be kept just now; send it again later.');
    }
  });
};
