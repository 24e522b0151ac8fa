/**
 * The Alipay+ transport (upstream.md §2.1) around every API route of the sandbox: the raw JSON body
 * as sent, `Client-Id` known (else F INVALID_CLIENT), the `Signature` verified with that acquirer's
 * public key (else F INVALID_SIGNATURE), and every answer HTTP 200 with `client-id`,
 * `response-time` and a `signature` made with the sandbox's own key.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as delay } from 'node:timers/promises';
import { signatureHeader, verifySignature } from './signature.js';
import { fail } from './model.js';
import type { ApsResult } from './model.js';

export interface SignedRoutesContext {
  /** an acquirer client id's public key (PEM), with which its requests are verified; undefined for an unknown client */
  acquirerKey: (clientId: string) => Promise<string | undefined>;
  /** the sandbox's own private key (PEM), with which it signs its answers */
  privateKeyPem: () => Promise<string>;
  slowMs: number;
}

/** What a route handler answers: the body (with its `result`) and how to deliver it. */
export interface ApsAnswer {
  body: { result: ApsResult } & Record<string, unknown>;
  /** sign with a wrong content, so that the signature does not verify ([badsig]) */
  badSignature?: boolean;
  /** answer after slowMs ([slow]) */
  slow?: boolean;
  /** close the connection without answering ([lost]) */
  lost?: boolean;
}

/** `base`: the sandbox's own URL as the acquirer reached it (origin and prefix), for the links it gives. */
export type ApsHandler = (body: Record<string, unknown>, clientId: string, base: string) => Promise<ApsAnswer>;

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

async function send(reply: FastifyReply, ctx: SignedRoutesContext, path: string, clientId: string, answer: ApsAnswer): Promise<void> {
  if (answer.slow) await delay(ctx.slowMs);
  if (answer.lost) {
    reply.raw.destroy();
    return;
  }
  const privateKeyPem = await ctx.privateKeyPem();
  const rawBody = JSON.stringify(answer.body);
  const time = new Date().toISOString();
  const signed = answer.badSignature ? `${rawBody} ` : rawBody;
  await reply
    .code(200)
    .headers({
      'content-type': 'application/json; charset=UTF-8',
      'client-id': clientId,
      'response-time': time,
      signature: signatureHeader({ method: 'POST', path, clientId, time, rawBody: signed }, privateKeyPem),
    })
    .send(rawBody);
}

/** Registers the raw-body parser on `app` (an encapsulated context) and returns a route adder. */
export function signedRoutes(app: FastifyInstance, ctx: SignedRoutesContext): (path: string, handler: ApsHandler) => void {
  // The signature covers the body as sent: keep it raw, parse it after verifying.
  if (app.hasContentTypeParser('application/json')) app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  return (path, handler) => {
    app.post(path, async (req, reply) => {
      const fullPath = req.url.split('?')[0] ?? req.url;
      const clientId = header(req, 'client-id') ?? '';
      const rawBody = typeof req.body === 'string' ? req.body : '';
      const refuse = (r: ApsResult) => send(reply, ctx, fullPath, clientId, { body: { result: r } });
      const publicKey = await ctx.acquirerKey(clientId);
      if (publicKey === undefined) return refuse(fail('INVALID_CLIENT', `unknown Client-Id ${JSON.stringify(clientId)}`));
      const time = header(req, 'request-time');
      if (time === undefined) return refuse(fail('PARAM_ILLEGAL', 'the Request-Time header is missing'));
      const signed = verifySignature({ method: 'POST', path: fullPath, clientId, time, rawBody }, header(req, 'signature'), publicKey);
      if (!signed) return refuse(fail('INVALID_SIGNATURE', "the request signature does not verify with this client id's public key"));
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        return refuse(fail('PARAM_ILLEGAL', 'the body is not JSON'));
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        return refuse(fail('PARAM_ILLEGAL', 'the body must be a JSON object'));
      const base = `${req.protocol}://${req.headers.host ?? 'localhost'}${app.prefix}`;
      return send(reply, ctx, fullPath, clientId, await handler(body as Record<string, unknown>, clientId, base));
    });
  };
}
