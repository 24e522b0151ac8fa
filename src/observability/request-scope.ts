/**
 * Each HTTP request runs as its own piece of work (core/request-context.ts): the core's log lines,
 * the wallet calls it makes and the notifications its state changes raise carry the request's id.
 * The id is the caller's `X-Request-Id` when it sends a sound one (so a merchant can follow its own
 * id through walletgate and into the wallet call), else a fresh `req_…`.
 *
 * Entering the scope takes one AsyncLocalStorage.run per request, in the first hook. A request body
 * is read from the socket's events, outside that scope, so the scope is entered again, through an
 * AsyncResource made inside it, once the body is parsed (preValidation), before any route runs.
 */
import { AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { newWorkId, runAs } from '../core/request-context.js';

/** A caller's request id walletgate adopts: 1-128 characters, letters, digits and - _ . : only (it is logged and sent on). */
const SOUND_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of a request: the caller's sound X-Request-Id, else `req_` and 20 hex digits. */
export function requestIdOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && SOUND_REQUEST_ID.test(given)) return given;
  return newWorkId('req');
}

/** Adds the hooks that run every request's hooks and route inside its own scope. */
export function scopeEachRequest(app: FastifyInstance): void {
  const scopes = new WeakMap<FastifyRequest, AsyncResource>();
  app.addHook('onRequest', (req, _reply, done) => {
    runAs({ requestId: req.id, log: req.log }, () => {
      scopes.set(req, new AsyncResource('walletgate-request'));
      done();
    });
  });
  app.addHook('preValidation', (req, _reply, done) => {
    const scope = scopes.get(req);
    if (scope) scope.runInAsyncScope(done);
    else done();
  });
}
