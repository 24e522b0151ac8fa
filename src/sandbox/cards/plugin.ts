/**
 * The card processor sandbox: "another company" that authorises and captures card payments, refunds
 * them and answers lookups (processor-api.ts), with the test cards of test-cards.ts. It imports
 * nothing of walletgate and keeps its own state (card-records.ts): a SQLite file or a PostgreSQL
 * schema of its own. Register under a prefix, e.g.
 * `app.register(cardProcessorSandboxPlugin, { prefix: '/sandbox/cards', apiKeys: ['sk_…'], state })`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxStateLocation } from '../state/open-sandbox-db.js';
import { openCardDb } from './card-records.js';
import { processorError, registerProcessorRoutes } from './processor-api.js';

export interface CardProcessorSandboxOptions {
  /** The API keys it accepts (Authorization: Bearer <key>). */
  apiKeys: readonly string[];
  state: SandboxStateLocation;
  /** How long the slow test card's answers take; default 10 s. */
  slowMs?: number;
  now?: () => Date;
}

/** Compared in constant time, whatever the length of what was sent. */
function knownKey(keys: readonly Buffer[], sent: string): boolean {
  const given = Buffer.from(sent, 'utf8');
  let ok = false;
  for (const k of keys) {
    const same = k.length === given.length && timingSafeEqual(k, given);
    ok = ok || same;
  }
  return ok;
}

export async function cardProcessorSandboxPlugin(app: FastifyInstance, opts: CardProcessorSandboxOptions): Promise<void> {
  if (opts.apiKeys.length === 0) throw new Error('cardProcessorSandboxPlugin: apiKeys must list at least one key');
  const keys = opts.apiKeys.map((k) => Buffer.from(k, 'utf8'));
  const db = await openCardDb(opts.state).catch((e: unknown) => {
    throw new Error(`The card processor sandbox cannot open its state: ${(e as Error).message}`, { cause: e });
  });
  app.addHook('onClose', () => db.close());
  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    const client = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500;
    if (!client) req.log.error({ err }, 'card processor sandbox: unexpected error');
    return client
      ? processorError(reply, err.statusCode!, 'invalid_request_error', 'request_invalid', err.message)
      : processorError(reply, 500, 'api_error', 'internal', 'internal error');
  });
  app.setNotFoundHandler((req, reply) =>
    processorError(reply, 404, 'invalid_request_error', 'no_such_route', `No API at ${req.method} ${req.url.split('?')[0]}`),
  );
  app.addHook('onRequest', async (req, reply) => {
    const auth = req.headers.authorization ?? '';
    const sent = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
    if (!knownKey(keys, sent))
      return processorError(reply, 401, 'authentication_error', 'invalid_api_key', 'Send your API key as Authorization: Bearer <key>.');
  });
  registerProcessorRoutes(app, { db, now: opts.now ?? (() => new Date()), slowMs: opts.slowMs ?? 10_000 });
}
