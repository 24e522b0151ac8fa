/**
 * The KakaoPay sandbox in its own process, as `walletgate sandbox serve` runs it
 * (src/sandbox/serve-sandbox.ts): the wallet API under /sandbox/kakaopay and the customer API at
 * POST /sandbox/customer, its state in a SQLite file in BENCH_DATA_DIR. A gateway points at it with
 * KAKAOPAY_BASE_URL={this}/sandbox/kakaopay (serve-gateway.ts, BENCH_KAKAOPAY_BASE_URL).
 *
 * Run as a child of create-payment.bench.ts. Prints one JSON line `{"ready":true,"port":N}` on
 * stdout when listening; stops cleanly on SIGTERM or SIGINT.
 */
import { loadConfig } from '../src/config.js';
import { buildStandaloneSandbox } from '../src/sandbox/serve-sandbox.js';
import { serveUntilStopped } from './serve-until-stopped.js';

const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR is required');

// The settings `walletgate sandbox serve` reads, with their defaults: the sandbox's published key and KakaoPay's test CIDs.
const config = loadConfig({ HOST: '127.0.0.1', WALLETGATE_DATA_DIR: dataDir, WALLETGATE_MASTER_KEY: 'bench-master-key' });
const app = await buildStandaloneSandbox({
  secretKey: config.sandbox.secretKey,
  cids: { oneTime: config.kakaopay.cidOneTime, subscription: config.kakaopay.cidSubscription },
  slowMs: config.kakaopay.timeoutMs + 5_000,
  state: config.sandbox.state,
});
await app.listen({ host: '127.0.0.1', port: 0 });
serveUntilStopped(app);
