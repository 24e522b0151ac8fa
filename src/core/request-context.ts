/**
 * Which request (or piece of timer-driven work: a sweeper pass, a report pass) a use case runs for,
 * carried explicitly (ADR 0034): the edge makes one `CoreDeps` per request with `forWork`, whose
 * `log` is the request's logger and whose `requestId` the core hands on to what it calls — the
 * wallet calls (`WalletCall`, sent as X-Request-Id) and the notifier (each outbox row's request id).
 * No AsyncLocalStorage: on Node 20 one turns on promise hooks for every promise of the process, about
 * a tenth of a create's CPU (docs/benchmarks.md, 2026-12-03 (afternoon)). Nothing here knows of
 * Fastify or pino.
 */
import { randomUUID } from 'node:crypto';
import type { CoreDeps, Logger } from './deps.js';
import type { WalletCall } from './ports/connector.js';

export interface WorkContext {
  /** The request's id (reqId in the logs, x-request-id), or a timer pass's own (`sweep_…`). */
  readonly requestId: string;
  /** A logger whose lines carry that id. */
  readonly log: Logger;
}

/** The deps a use case gets for one piece of work: its lines carry the work's id, and so do its wallet calls and notifications. */
export function forWork(deps: CoreDeps, work: WorkContext): CoreDeps {
  return Object.assign({}, deps, { log: work.log, requestId: work.requestId });
}

/**
 * The deps for the use cases one HTTP request runs (a route's first line): its logger, whose lines
 * carry reqId, and its id (Fastify's `req.id`: the caller's sound X-Request-Id, else `req_…`).
 */
export function depsOf(base: CoreDeps, req: { readonly id: string; readonly log: Logger }): CoreDeps {
  return forWork(base, { requestId: req.id, log: req.log });
}

/** What a wallet call is told about the work it is part of. */
export function walletCallOf(deps: Pick<CoreDeps, 'requestId'>): WalletCall {
  return deps.requestId === undefined ? {} : { requestId: deps.requestId };
}

/** A fresh id for work no request caused, e.g. `sweep_3f9a…` (20 hex digits, as request ids have). */
export function newWorkId(kind: string): string {
  return `${kind}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
}
