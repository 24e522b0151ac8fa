/**
 * POST /connectors/:id/notify: where a wallet that notifies (Alipay+ notifyPayment) sends its word
 * on a payment. The body is kept as the exact text received (the signature covers it), handed to
 * the core (receiveWalletNotification), and answered with the connector's own acknowledgement
 * when kept, this time or before; a notification that is not the wallet's is refused with 400, an
 * unknown wallet or one that sends no notifications with 404, anything else with 503 so the
 * wallet retries. Errors are walletgate's generic JSON {error, message, requestId}.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { CoreDeps } from '../core/deps.js';
import { isCoreError } from '../core/errors.js';
import type { ConnectorId } from '../core/methods.js';
import { receiveWalletNotification } from '../core/wallet-notifications/receive-wallet-notification.js';
import { depsOf } from '../core/request-context.js';

export interface WalletNotifyRouteOptions {
  deps: CoreDeps;
}

function refuse(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error, message, requestId: reply.request.id });
}

export const walletNotifyRoutePlugin: FastifyPluginAsync<WalletNotifyRouteOptions> = async (app, { deps }) => {
  // Whatever the content type, the body stays the text received: the wallet signed those bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.post<{ Params: { id: string } }>('/connectors/:id/notify', async (req, reply) => {
    const id = req.params.id;
    const connector = Object.hasOwn(deps.connectors, id) ? deps.connectors[id as ConnectorId] : undefined;
    if (!connector?.parseNotification) return refuse(reply, 404, 'not_found', `No wallet "${id}" sends notifications to walletgate.`);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers[name] = value;
      else if (Array.isArray(value)) headers[name] = value.join(', ');
    }
    const rawBody = typeof req.body === 'string' ? req.body : '';
    try {
      await receiveWalletNotification(depsOf(deps, req), id as ConnectorId, headers, rawBody);
    } catch (e) {
      if (isCoreError(e) && e.code === 'request_invalid') return refuse(reply, 400, 'bad_request', e.message);
      if (isCoreError(e) && e.code === 'not_found') return refuse(reply, 404, 'not_found', e.message);
      req.log.error({ err: e, connector: id }, 'wallet notification not kept');
      return refuse(reply, 503, 'unavailable', 'The notification could not be kept just now; send it again later.');
    }
    const ack = connector.acknowledgeNotification?.() ?? { status: 200, headers: {}, body: '{"received":true}' };
    return reply
      .code(ack.status)
      .headers({ 'content-type': 'application/json; charset=utf-8', ...ack.headers })
      .send(ack.body);
  });
};
