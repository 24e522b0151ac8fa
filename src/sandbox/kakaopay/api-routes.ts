/**
 * Fastify wiring of the emulated Online Payment API: `POST /online/v1/payment/*`, JSON bodies,
 * `Authorization: SECRET_KEY {key}`, KakaoPay error bodies, one transaction of the sandbox state per
 * call, and the [slow] magic delay (after the commit, so a slow answer holds no lock).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERR, KakaoPayApiError } from './api-error.js';
import { hasMagic } from './magic.js';
import { approve, cancel, order, ready } from './payment-api.js';
import type { ApiContext } from './payment-api.js';
import { inactivate, status, subscription } from './subscription-api.js';
import type { SandboxState } from './state/sandbox-state.js';

export interface ApiRoutesOptions {
  state: SandboxState;
  secretKeys: readonly string[];
  cids: { oneTime: string; subscription: string };
  slowMs: number;
}

type Handler = (ctx: ApiContext, body: unknown) => Promise<object>;

const HANDLERS: Readonly<Record<string, Handler>> = {
  ready,
  approve,
  order,
  cancel,
  subscription,
  'manage/subscription/inactive': inactivate,
  'manage/subscription/status': status,
};

/** `{protocol}://{host}{prefix}` as the caller sees this server. */
export function publicBase(app: FastifyInstance, req: FastifyRequest): string {
  return `${req.protocol}://${req.host}${app.prefix}`;
}

function checkAuth(secretKeys: readonly string[], req: FastifyRequest): void {
  const header = req.headers.authorization ?? '';
  const m = /^SECRET_KEY\s+(\S+)$/.exec(header.trim());
  if (!m) throw new KakaoPayApiError(ERR.badKey, 'missing or malformed Authorization header (expected "SECRET_KEY {key}")');
  if (!secretKeys.includes(m[1] ?? '')) throw new KakaoPayApiError(ERR.badKey, 'invalid secret key');
}

function sendError(reply: FastifyReply, e: KakaoPayApiError): FastifyReply {
  return reply.code(e.httpStatus).header('content-type', 'application/json;charset=UTF-8').send(e.toBody());
}

export async function kakaoPayApiRoutes(app: FastifyInstance, opts: ApiRoutesOptions): Promise<void> {
  app.addHook('onRequest', async (req, reply) => {
    try {
      checkAuth(opts.secretKeys, req);
    } catch (e) {
      return sendError(reply, e as KakaoPayApiError);
    }
  });
  // Fastify's own errors (unparseable JSON, wrong content type) become KakaoPay's -2.
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    const e =
      status < 500
        ? new KakaoPayApiError(ERR.badParam, `bad request: ${err.message}`)
        : new KakaoPayApiError(ERR.internal, 'internal error');
    return sendError(reply, e);
  });

  // Only the calls that move money are slow: ready must open the checkout and order must answer
  // the gateway's reconciliation, or the slow branch could never be settled.
  const SLOW_PATHS = new Set(['approve', 'cancel', 'subscription']);
  for (const [path, handler] of Object.entries(HANDLERS)) {
    app.post(`/online/v1/payment/${path}`, async (req, reply) => {
      let item: string | null = null;
      // A KakaoPay error is an answer, not a failure: what the call did before it ([decline]'s
      // FAIL_PAYMENT, [lost]'s work) is committed with it. Anything else rolls back and answers -1.
      const result = await opts.state.run(async (session): Promise<object | KakaoPayApiError> => {
        const ctx: ApiContext = { session, cids: opts.cids, publicBase: publicBase(app, req), item: null };
        try {
          return await handler(ctx, req.body);
        } catch (e) {
          if (!(e instanceof KakaoPayApiError)) throw e;
          return e;
        } finally {
          item = ctx.item;
        }
      });
      if (SLOW_PATHS.has(path) && hasMagic(item, 'slow')) {
        // stop waiting when the caller hangs up (it timed out), so the server can close promptly
        const hangUp = new AbortController();
        reply.raw.once('close', () => hangUp.abort());
        const answered = await delay(opts.slowMs, true, { signal: hangUp.signal }).catch(() => false);
        if (!answered) {
          reply.hijack(); // the connection is gone; nothing left to send
          return;
        }
      }
      if (result instanceof KakaoPayApiError) return sendError(reply, result);
      return reply.code(200).header('content-type', 'application/json;charset=UTF-8').send(result);
    });
  }
}
