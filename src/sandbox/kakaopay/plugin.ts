/**
 * KakaoPay sandbox: an emulator of KakaoPay's Online Payment API (`/online/v1/payment/*`) and of
 * the customer's wallet pages, for walletgate's default, offline setup. It is "another company":
 * it imports nothing of walletgate and keeps its own state in its own database (state/): a SQLite
 * file, or a schema of its own in a PostgreSQL database, closed when the Fastify instance closes.
 *
 * Register under a prefix, e.g. `app.register(kakaoPaySandboxPlugin, { prefix: '/sandbox/kakaopay',
 * secretKeys: ['DEV…'], state: { kind: 'sqlite', file: 'data/sandbox-kakaopay.sqlite' } })`.
 *
 * Magic values — put the marker anywhere in `item_name` (case-insensitive):
 *
 * | marker      | effect                                                                                          |
 * |-------------|-------------------------------------------------------------------------------------------------|
 * | `[decline]` | pages succeed; approve → HTTP 400 -780 (extras.method_result_code CARD_DECLINED), FAIL_PAYMENT;  |
 * |             | subscription → -782 (extras.method_result_code INSUFFICIENT_BALANCE)                              |
 * | `[fail]`    | authentication fails after the SMS code: FAIL_AUTH_PASSWORD, customer sent to fail_url           |
 * | `[cancel]`  | the customer cancels as soon as the wallet page opens: QUIT_PAYMENT, customer sent to cancel_url |
 * | `[abandon]` | the tid expires at once: order shows QUIT_PAYMENT, pages show "expired", approve → -723          |
 * | `[error]`   | approve, cancel, subscription → HTTP 500 -1, nothing changes                                     |
 * | `[lost]`    | approve, cancel, subscription do their work, then answer HTTP 500 -1 (ask `order`)               |
 * | `[slow]`    | approve / cancel / subscription answers are delayed by slowMs, after the work is done            |
 *
 * The confirm page also has two sandbox buttons for any payment: "Simulate decline" (FAIL_PAYMENT,
 * fail_url) and "Simulate timeout" (the tid expires now: QUIT_PAYMENT, "expired" page). The SMS
 * code is any 6 digits.
 */
import type { FastifyInstance } from 'fastify';
import { kakaoPayApiRoutes } from './api-routes.js';
import { kakaoPayPageRoutes } from './page-routes.js';
import { openSandboxState } from './state/sandbox-state.js';
import { sandboxRefusal } from './refusals.js';
import type { SandboxStateLocation } from './state/sandbox-state.js';
import type { OwnPages } from '../own-pages.js';

export { KAKAOPAY_MAGIC } from './magic.js';
export { sandboxRefusal } from './refusals.js';
export type { SandboxStateLocation } from './state/sandbox-state.js';

export interface KakaoPaySandboxOptions {
  /** keys accepted after `Authorization: SECRET_KEY ` */
  secretKeys: string[];
  /** where the tids and SIDs are kept (they outlive the process) */
  state: SandboxStateLocation;
  /** the test CIDs; default TC0ONETIME / TCSUBSCRIP */
  cids?: { oneTime: string; subscription: string };
  /** how long a tid waits for the customer and the approve call; default 15 minutes */
  tidTtlMs?: number;
  /** the delay of the [slow] magic value; default 10 s */
  slowMs?: number;
  /** the clock (tests move it to expire tids) */
  now?: () => Date;
  /** where the sandbox customer finds the wallet pages to answer in process (../own-pages.ts) */
  ownPages?: OwnPages;
}

export const KAKAOPAY_SANDBOX_DEFAULTS = {
  cids: { oneTime: 'TC0ONETIME', subscription: 'TCSUBSCRIP' },
  tidTtlMs: 15 * 60 * 1000,
  slowMs: 10_000,
} as const;

export async function kakaoPaySandboxPlugin(app: FastifyInstance, opts: KakaoPaySandboxOptions): Promise<void> {
  if (!Array.isArray(opts.secretKeys) || opts.secretKeys.length === 0)
    throw new Error('kakaoPaySandboxPlugin: secretKeys must list at least one key');
  const state = await openSandboxState(opts.state, {
    now: opts.now ?? (() => new Date()),
    tidTtlMs: opts.tidTtlMs ?? KAKAOPAY_SANDBOX_DEFAULTS.tidTtlMs,
  });
  app.addHook('onClose', () => state.close());
  const cids = opts.cids ?? { ...KAKAOPAY_SANDBOX_DEFAULTS.cids };
  // Anything no route takes, and any error a route does not answer itself, in the sandbox's own shapes.
  app.setNotFoundHandler((req, reply) => {
    const r = sandboxRefusal(app.prefix, req.url, 404, `no such endpoint: ${req.method} ${req.url.split('?')[0]}`);
    return reply.code(r.status).headers(r.headers).send(r.body);
  });
  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    const client = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500;
    if (!client) req.log.error({ err }, 'kakaopay sandbox: unexpected error');
    const r = sandboxRefusal(
      app.prefix,
      req.url,
      client ? err.statusCode! : 500,
      client ? `bad request: ${err.message}` : 'internal error',
    );
    return reply.code(r.status).headers(r.headers).send(r.body);
  });
  await app.register(kakaoPayApiRoutes, {
    state,
    secretKeys: opts.secretKeys,
    cids,
    slowMs: opts.slowMs ?? KAKAOPAY_SANDBOX_DEFAULTS.slowMs,
  });
  await app.register(kakaoPayPageRoutes, { state, ...(opts.ownPages ? { ownPages: opts.ownPages } : {}) });
}
