/**
 * The KakaoPay sandbox on its own: another company's server, in its own process, with nothing of
 * walletgate in it. `walletgate sandbox serve --port 9090`, then point a gateway at it with
 * KAKAOPAY_BASE_URL=http://127.0.0.1:9090/sandbox/kakaopay and KAKAOPAY_SECRET_KEY=<its key>.
 * Its state is in its own database (`state`), closed when the server closes.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { kakaoPaySandboxPlugin, sandboxRefusal } from './kakaopay/plugin.js';
import type { SandboxStateLocation } from './kakaopay/plugin.js';
import { sandboxCustomerApiPlugin } from './customer-api.js';
import { OwnPages } from './own-pages.js';

const SANDBOX_PREFIX = '/sandbox/kakaopay';

export interface StandaloneSandboxOptions {
  secretKey: string;
  cids: { oneTime: string; subscription: string };
  /** where the tids and SIDs are kept, so that they outlive this process */
  state: SandboxStateLocation;
  /** delay of the [slow] magic value; make it outlast the gateway's KakaoPay timeout */
  slowMs?: number;
  logger?: boolean;
}

export async function buildStandaloneSandbox(opts: StandaloneSandboxOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    // a URL that cannot be decoded, answered as the sandbox answers anything it does not take
    frameworkErrors: (err, req, res) => {
      const r = sandboxRefusal(SANDBOX_PREFIX, req.url, err.statusCode ?? 400, err.message);
      void (res as unknown as FastifyReply).code(r.status).headers(r.headers).send(r.body);
    },
  });
  // the customer walks the wallet's pages in process (own-pages.ts)
  const ownPages = new OwnPages();
  await app.register(kakaoPaySandboxPlugin, {
    prefix: SANDBOX_PREFIX,
    ownPages,
    secretKeys: [opts.secretKey],
    cids: opts.cids,
    state: opts.state,
    ...(opts.slowMs !== undefined ? { slowMs: opts.slowMs } : {}),
  });
  await app.register(sandboxCustomerApiPlugin, { prefix: '/sandbox', ownPages });
  app.get('/health', async () => ({ status: 'ok', service: 'kakaopay-sandbox' }));
  return app;
}
