/**
 * A whole walletgate for the benchmark — its APIs and workers, as `walletgate start` runs it — over
 * SQLite (a file in BENCH_DATA_DIR) or PostgreSQL (BENCH_PG_URL, schema BENCH_PG_SCHEMA, created
 * here and dropped by the parent). The KakaoPay it calls is its own in-process sandbox, or, with
 * BENCH_KAKAOPAY_BASE_URL, a sandbox in another process (serve-sandbox.ts: WALLETGATE_SANDBOX=on
 * keeps the demo merchant). BENCH_NOTIFY_URL: the demo merchant's notification URL. Its log lines go
 * to BENCH_DATA_DIR/gateway.log, at BENCH_LOG_LEVEL (default info, as `walletgate start`).
 *
 * Run as a child of create-payment.bench.ts, bundled as `walletgate start` runs walletgate (bundled-script.ts), with
 * BENCH_STORE=sqlite|postgres (BENCH_PG_DRIVER=kysely: Kysely's own PostgreSQL driver; =no-writes-ahead: without ADR 0036). Prints one JSON line `{"ready":true,"port":N}` on stdout when
 * listening; stops cleanly on SIGTERM or SIGINT.
 */
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { batchedDestination, createLogger } from '../src/logger.js';
import { createServices } from '../src/services.js';
import type { Store } from '../src/core/ports/store.js';
import { openPostgresStore } from '../src/storage/postgres/open-postgres-store.js';
import { openSqliteStore } from '../src/storage/sqlite/open-sqlite-store.js';
import { freePort } from './free-port.js';
import { serveUntilStopped } from './serve-until-stopped.js';

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
}

const kind = required('BENCH_STORE');
const dataDir = required('BENCH_DATA_DIR');
let store: Store;
if (kind === 'sqlite') {
  store = await openSqliteStore(join(dataDir, 'walletgate.db'));
} else if (kind === 'postgres') {
  // BENCH_PG_DRIVER=kysely: Kysely's own driver, without postgres-driver.ts's savings; =no-writes-ahead:
  // walletgate's, but every write runs at its own call (ADR 0036). To measure them.
  const driver =
    process.env.BENCH_PG_DRIVER === 'kysely'
      ? { namedStatements: false, beginWithFirstStatement: false, describeOnce: false, writesAhead: false }
      : process.env.BENCH_PG_DRIVER === 'no-writes-ahead'
        ? { writesAhead: false }
        : {};
  store = await openPostgresStore(required('BENCH_PG_URL'), { schema: required('BENCH_PG_SCHEMA'), driver });
} else {
  throw new Error(`BENCH_STORE must be sqlite or postgres, got "${kind}"`);
}

// Logs as `walletgate start` does: at the info level (one line a request), in the batches its standard
// output is written in (src/logger.ts), here to a file beside the database; BENCH_LOG_LEVEL=silent
// (or any level) changes that
const logLevel = process.env.BENCH_LOG_LEVEL || 'info';
const port = await freePort();
const kakaoPayBaseUrl = process.env.BENCH_KAKAOPAY_BASE_URL;
const notifyUrl = process.env.BENCH_NOTIFY_URL;
// Only these settings, not the caller's environment: a stray DATABASE_URL must not leak in.
const config = loadConfig({
  HOST: '127.0.0.1',
  PORT: String(port),
  WALLETGATE_DATA_DIR: dataDir,
  WALLETGATE_MASTER_KEY: 'bench-master-key',
  WALLETGATE_LOG_LEVEL: logLevel,
  ...(kakaoPayBaseUrl ? { WALLETGATE_SANDBOX: 'on', KAKAOPAY_BASE_URL: kakaoPayBaseUrl } : {}),
  ...(notifyUrl ? { WALLETGATE_DEMO_NOTIFY_URL: notifyUrl } : {}),
});
const log = createLogger(logLevel, { destination: batchedDestination(join(dataDir, 'gateway.log')) });
const services = await createServices(config, { log, store }); // migrates and seeds the demo merchant
const app = await buildApp(services);
await app.listen({ host: '127.0.0.1', port });
services.startWorkers();
serveUntilStopped(app, () => services.close());
