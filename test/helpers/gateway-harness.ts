/**
 * A whole walletgate on a real loopback port — gateway, KakaoPay sandbox, workers — over a real
 * store (SQLite file or a throwaway PostgreSQL schema), with a merchant receiver for notifications.
 * The sandbox keeps its state beside it: a SQLite file in the gateway's data folder, or (PostgreSQL)
 * the schema `{store schema}_sandbox`, dropped by close(). `restart()` closes the gateway and starts
 * a new one on the same data folder, store and sandbox state. The new one listens on a new port: a
 * client's kept-alive connections to the old one would otherwise be reused and found closed.
 */
import type { Server as HttpsServer } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createServices, type Services } from '../../src/services.js';
import type { ConnectorRegistry } from '../../src/core/ports/connector.js';
import type { Store } from '../../src/core/ports/store.js';
import { DEMO_GLOBALPAY_KEYS, DEMO_SITE_ID } from '../../src/dialects/globalpay/demo.js';
import { ensureCertificate } from '../../src/tls/self-signed-certificate.js';
import { closeHttps, listenHttps } from '../../src/tls/https-listener.js';
import { dropPgSchema, openTestStore, testPgUrl, type TestStore } from './stores.js';
import { startMerchantReceiver, type MerchantReceiver } from './merchant-receiver.js';
import { freePort } from './http-once.js';

export type StoreKind = 'sqlite' | 'postgres';

export interface Gateway {
  base: string;
  /** 'https://127.0.0.1:PORT': the same app over HTTPS with a self-signed certificate; '' unless startGateway got `https: true` */
  httpsBase: string;
  services: Services;
  /** The store's SQLite file or PostgreSQL schema, for tests that read the tables directly. */
  storeLocation: string;
  app: FastifyInstance;
  /** Every route the app registered (method, URL pattern as Fastify writes it: /payments/:id). */
  routes: { method: string; url: string }[];
  receiver: MerchantReceiver;
  /** fetch against the GlobalPay API with the demo merchant's Basic credentials */
  gp(method: string, path: string, body?: unknown, auth?: string | null): Promise<{ status: number; json: Record<string, any> }>;
  /** POST /sandbox/customer */
  customer(url: string, action: 'approve' | 'cancel' | 'fail' | 'abandon'): Promise<{ status: number; json: Record<string, any> }>;
  /** Closes this gateway, keeping its data, and starts a new one on it (same options and receiver, new port), as a restart would. */
  restart(): Promise<Gateway>;
  /** Closes the gateway and removes its data (store, data folder, sandbox schema). */
  close(): Promise<void>;
}

export const DEMO_AUTH = 'Basic ' + Buffer.from(`${DEMO_SITE_ID}:${DEMO_GLOBALPAY_KEYS[0]}`).toString('base64');

export interface GatewayOptions {
  env?: Record<string, string>;
  /** wrap the real connectors (e.g. to simulate a crash after the wallet answered) */
  wrapConnectors?: (real: ConnectorRegistry) => ConnectorRegistry;
  workers?: boolean;
  /** also serve the app over HTTPS (self-signed certificate for 127.0.0.1) on a second free port: see Gateway.httpsBase */
  https?: boolean;
  /** the gateway's logger (tests that read its log lines); default one at WALLETGATE_LOG_LEVEL, else silent */
  log?: Logger;
  /** the core's clock (CoreDeps.clock): tests that move time (a TOTP code's step); default the system clock */
  clock?: () => Date;
}

/** What outlives a gateway across restart(): its store, data folder and merchant receiver. */
interface GatewayData {
  testStore: TestStore;
  dataDir: string;
  receiver: MerchantReceiver;
  /** the environment that puts the sandbox's state beside the store */
  sandboxEnv: Record<string, string>;
  cleanup(): Promise<void>;
}

async function createGatewayData(kind: StoreKind): Promise<GatewayData> {
  const testStore = await openTestStore(kind);
  const receiver = await startMerchantReceiver();
  const dataDir = mkdtempSync(join(tmpdir(), 'wg-data-'));
  const sandboxSchema = kind === 'postgres' ? `${testStore.location}_sandbox` : null;
  return {
    testStore,
    dataDir,
    receiver,
    // The store is handed to createServices; DATABASE_URL tells the config (and so the sandbox) it is PostgreSQL.
    sandboxEnv: sandboxSchema ? { DATABASE_URL: testPgUrl, WALLETGATE_SANDBOX_SCHEMA: sandboxSchema } : {},
    async cleanup() {
      await receiver.close();
      await testStore.cleanup();
      // the KakaoPay sandbox's schema, and the Alipay+ and card processor sandboxes', named after it (config.ts)
      if (sandboxSchema)
        await Promise.all([dropPgSchema(sandboxSchema), dropPgSchema(`${sandboxSchema}_aps`), dropPgSchema(`${sandboxSchema}_cards`)]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const isAddressInUse = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === 'EADDRINUSE';

/**
 * The config must name the gateway's own URL before it listens, so a free port is picked, released
 * and then listened on: another process (parallel test files) may take it in between. Such a start is
 * tried again, from scratch, on another port.
 */
export async function startGateway(kind: StoreKind, opts: GatewayOptions = {}): Promise<Gateway> {
  for (let attempt = 1; ; attempt++) {
    const data = await createGatewayData(kind);
    try {
      return await startOn(data, data.testStore.store, opts);
    } catch (e) {
      await data.cleanup();
      if (!isAddressInUse(e) || attempt === 5) throw e;
    }
  }
}

async function startOn(data: GatewayData, store: Store, opts: GatewayOptions): Promise<Gateway> {
  const { receiver, testStore } = data;
  const location = testStore.location;
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    WALLETGATE_DATA_DIR: data.dataDir,
    WALLETGATE_MASTER_KEY: 'test-master-key',
    WALLETGATE_DEMO_NOTIFY_URL: receiver.url,
    WALLETGATE_SWEEP_INTERVAL_MS: '200',
    WALLETGATE_SWEEP_GRACE_MS: '0',
    WALLETGATE_ABANDON_GRACE_MS: '1000',
    WALLETGATE_NOTIFY_POLL_MS: '50',
    KAKAOPAY_TIMEOUT_MS: '1000',
    ALIPAYPLUS_TIMEOUT_MS: '1000',
    CARDS_TIMEOUT_MS: '1000',
    ...data.sandboxEnv,
    ...opts.env,
  });
  const log = opts.log ?? createLogger(process.env.WALLETGATE_LOG_LEVEL ?? 'silent', { pretty: false });
  const services = await createServices(config, {
    log,
    store,
    ...(opts.wrapConnectors ? { wrapConnectors: opts.wrapConnectors } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const routes: { method: string; url: string }[] = [];
  let app: FastifyInstance;
  try {
    app = await buildApp(services, { onRoute: (r) => routes.push(r) });
    await app.listen({ host: '127.0.0.1', port });
  } catch (e) {
    await services.close().catch(() => undefined);
    throw e;
  }
  let httpsServer: HttpsServer | undefined;
  let httpsBase = '';
  if (opts.https) {
    const cert = await ensureCertificate(config.dataDir, ['127.0.0.1']);
    const httpsPort = await freePort();
    try {
      httpsServer = await listenHttps(app, cert, '127.0.0.1', httpsPort);
    } catch (e) {
      await app.close();
      await services.close().catch(() => undefined);
      throw e;
    }
    httpsBase = `https://127.0.0.1:${httpsPort}`;
  }
  if (opts.workers !== false) services.startWorkers();
  const base = `http://127.0.0.1:${port}`;
  const call = async (method: string, url: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(url, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Record<string, any>;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = { _raw: text };
    }
    return { status: res.status, json };
  };
  const shutdown = async () => {
    if (httpsServer) await closeHttps(httpsServer);
    await app.close();
    await services.close().catch(() => undefined);
  };
  return {
    base,
    httpsBase,
    services,
    storeLocation: location,
    app,
    routes,
    receiver,
    gp: (method, path, body, auth = DEMO_AUTH) => call(method, `${base}/globalpay${path}`, body, auth ? { authorization: auth } : {}),
    customer: (url, action) => call('POST', `${base}/sandbox/customer`, { url, action }, {}),
    async restart() {
      await shutdown();
      try {
        return await startOn(data, await testStore.openAnother(), opts);
      } catch (e) {
        await data.cleanup();
        throw e;
      }
    },
    async close() {
      await shutdown();
      await data.cleanup();
    },
  };
}
