/**
 * Each HTTP request is its own piece of work (core/request-context.ts, ADR 0034): a route hands the
 * core `depsOf(base, req)`, so the core's log lines, the wallet calls it makes and the notifications
 * its state changes raise carry the request's id. That id, Fastify's `req.id`, is made here: the
 * caller's `X-Request-Id` when it sends a sound one (so a merchant can follow its own id through
 * walletgate and into the wallet call), else a fresh `req_…`.
 */
import { newWorkId } from '../core/request-context.js';

/** A caller's request id walletgate adopts: 1-128 characters, letters, digits and - _ . : only (it is logged and sent on). */
const SOUND_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of a request: the caller's sound X-Request-Id, else `req_` and 20 hex digits. */
export function requestIdOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && SOUND_REQUEST_ID.test(given)) return given;
  return newWorkId('req');
}
