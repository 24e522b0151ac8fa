/**
 * Alipay+ sandbox: an emulator of the Alipay+ API for acquirers (`/aps/api/v1/…`, upstream.md §2)
 * and of the customer's wallet pages. It is "another company": it imports nothing of walletgate and
 * keeps its own state (state/): a SQLite file or a PostgreSQL schema of its own, with its own RSA
 * key pair, generated once and kept there. Register under a prefix, e.g.
 * `app.register(alipayPlusSandboxPlugin, { prefix: '/sandbox/alipayplus', acquirers: { 'CLIENT': pem }, state })`.
 *
 * Requests are verified with the acquirer's public key (F INVALID_CLIENT / INVALID_SIGNATURE);
 * every answer is signed with the sandbox's key, served at `GET …/public-key`. Settled payments are
 * notified to paymentNotifyUrl (notifyPayment, signed). Magic values: ./magic.ts and docs/sandbox.md.
 */
import type { FastifyInstance } from 'fastify';
import { openStateDb } from './state/state-db.js';
import type { AlipayPlusStateLocation } from './state/state-db.js';
import { portalKeyPair, sandboxKeyPair } from './state/sandbox-keys.js';
import { portalRoutes } from './portal.js';
import { createNotifier } from './notifier.js';
import { signedRoutes } from './signed-routes.js';
import { cancelHandler, inquiryHandler, payHandler, refundHandler } from './payment-api.js';
import { applyTokenHandler, cancelTokenHandler, prepareHandler } from './auth-api.js';
import { walletPageRoutes } from './wallet-pages.js';
import type { ApsContext } from './api-context.js';

export type { AlipayPlusStateLocation } from './state/state-db.js';
export { ALIPAYPLUS_MAGIC } from './magic.js';

export interface AlipayPlusSandboxOptions {
  /** acquirer client id → that acquirer's RSA public key (PEM), with which its requests are verified */
  acquirers: Readonly<Record<string, string>>;
  /**
   * A client id the sandbox's developer portal makes a key pair for (kept in the state) and trusts;
   * `GET …/portal/credentials` hands it out (./portal.ts). walletgate's built-in sandbox uses this.
   */
  portalClientId?: string;
  state: AlipayPlusStateLocation;
  /** how long a cashier payment waits for the customer; default 14 minutes */
  paymentTtlMs?: number;
  /** the delay of the [slow] magic value; default 10 s */
  slowMs?: number;
  /** how many times notifyPayment is tried; default 8 */
  notifyAttempts?: number;
  now?: () => Date;
}

export const ALIPAYPLUS_SANDBOX_DEFAULTS = { paymentTtlMs: 14 * 60 * 1000, slowMs: 10_000, notifyAttempts: 8 } as const;

/** The API's paths under the prefix (upstream.md §2.2). */
const API = '/aps/api/v1';

export async function alipayPlusSandboxPlugin(app: FastifyInstance, opts: AlipayPlusSandboxOptions): Promise<void> {
  const acquirers = new Map(Object.entries(opts.acquirers));
  if (acquirers.size === 0 && opts.portalClientId === undefined)
    throw new Error('alipayPlusSandboxPlugin: acquirers must list at least one client id and its public key, or portalClientId be set');
  const db = await openStateDb(opts.state).catch((e: unknown) => {
    throw new Error(`The Alipay+ sandbox cannot open its state: ${(e as Error).message}`, { cause: e });
  });
  // made when first needed (sandbox-keys.ts), not here: most sandboxes that start never sign anything
  const keys = sandboxKeyPair(db);
  const privateKeyPem = async (): Promise<string> => (await keys()).privateKeyPem;
  const portal =
    opts.portalClientId === undefined ? undefined : { clientId: opts.portalClientId, keys: portalKeyPair(db, opts.portalClientId) };
  if (portal) portalRoutes(app, portal.clientId, portal.keys, keys);
  /** the public key a client id's requests are verified with: the portal client's, or a configured acquirer's */
  const acquirerKey = async (clientId: string): Promise<string | undefined> =>
    portal && clientId === portal.clientId ? (await portal.keys()).publicKeyPem : acquirers.get(clientId);
  const notifier = createNotifier({
    privateKeyPem,
    attempts: opts.notifyAttempts ?? ALIPAYPLUS_SANDBOX_DEFAULTS.notifyAttempts,
    log: app.log,
  });
  app.addHook('onClose', async () => {
    await notifier.close();
    await db.close();
  });
  const ctx: ApsContext = {
    db,
    now: opts.now ?? (() => new Date()),
    notifier,
    paymentTtlMs: opts.paymentTtlMs ?? ALIPAYPLUS_SANDBOX_DEFAULTS.paymentTtlMs,
  };
  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    const client = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500;
    if (!client) req.log.error({ err }, 'alipayplus sandbox: unexpected error');
    return reply.code(client ? err.statusCode! : 500).send({
      result: {
        resultCode: client ? 'PARAM_ILLEGAL' : 'UNKNOWN_EXCEPTION',
        resultStatus: client ? 'F' : 'U',
        resultMessage: client ? err.message : 'internal error',
      },
    });
  });
  app.get('/public-key', async (_req, reply) => reply.header('content-type', 'application/x-pem-file').send((await keys()).publicKeyPem));

  await app.register(async (api) => {
    const route = signedRoutes(api, {
      acquirerKey,
      privateKeyPem,
      slowMs: opts.slowMs ?? ALIPAYPLUS_SANDBOX_DEFAULTS.slowMs,
    });
    route(`${API}/payments/pay`, payHandler(ctx));
    route(`${API}/payments/inquiryPayment`, inquiryHandler(ctx));
    route(`${API}/payments/cancelPayment`, cancelHandler(ctx));
    route(`${API}/payments/refund`, refundHandler(ctx));
    route(`${API}/authorizations/prepare`, prepareHandler(ctx));
    route(`${API}/authorizations/applyToken`, applyTokenHandler(ctx));
    route(`${API}/authorizations/cancelToken`, cancelTokenHandler(ctx));
  });
  // another method or an unknown path under the API is answered as the API answers, not as walletgate
  await app.register(
    async (api) => {
      api.setNotFoundHandler((req, reply) =>
        reply.code(404).send({
          result: { resultCode: 'NOT_FOUND', resultStatus: 'F', resultMessage: `No API at ${req.method} ${req.url.split('?')[0]}` },
        }),
      );
    },
    { prefix: '/aps' },
  );
  await app.register(async (pages) => walletPageRoutes(pages, ctx));
}
