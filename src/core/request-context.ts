/**
 * Which request (or piece of timer-driven work: a sweeper pass, a report pass) the code running now
 * belongs to, kept in one AsyncLocalStorage so that no core function takes it as a parameter. The
 * web edge enters it once per request (src/observability/request-scope.ts), the composition root
 * once per timer pass; the core's logger (contextualLogger), the wallet calls (X-Request-Id) and the
 * outbox rows (their request id) read it. Nothing here knows of Fastify or pino.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Logger } from './deps.js';

export interface WorkContext {
  /** The request's id (reqId in the logs, x-request-id), or a timer pass's own (`sweep_…`). */
  readonly requestId: string;
  /** A logger whose lines carry that id. */
  readonly log: Logger;
}

const current = new AsyncLocalStorage<WorkContext>();

/** Runs fn, and everything it starts, as part of `work`. */
export function runAs<T>(work: WorkContext, fn: () => T): T {
  return current.run(work, fn);
}

/** Runs fn outside any request: for timers that must not inherit the request that happened to arm them. */
export function runDetached<T>(fn: () => T): T {
  return current.exit(fn);
}

/** The id of the request or pass under way; undefined outside one. */
export function currentRequestId(): string | undefined {
  return current.getStore()?.requestId;
}

/** A fresh id for work no request caused, e.g. `sweep_3f9a…` (20 hex digits, as request ids have). */
export function newWorkId(kind: string): string {
  return `${kind}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
}

/**
 * A logger that writes each line through the current request's logger (so the line carries its id),
 * or through `base` outside one. One AsyncLocalStorage lookup per line, nothing per statement.
 */
export function contextualLogger(base: Logger): Logger {
  const pick = (): Logger => current.getStore()?.log ?? base;
  return {
    info: (obj, msg) => pick().info(obj, msg),
    warn: (obj, msg) => pick().warn(obj, msg),
    error: (obj, msg) => pick().error(obj, msg),
    debug: (obj, msg) => pick().debug(obj, msg),
  };
}
