/**
 * The only reader of process.env. Every setting has a documented default so `npm start` on a fresh
 * machine (the sandbox on) needs none. A real wallet (the sandbox off) needs settings no default can
 * give: each wallet's reader, `connectors/<wallet>/settings.ts`, says which, and start-up refuses
 * with one message naming every one missing. See docs/configuration.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { crashPointProblem } from './crash-after.js';
import { readExchangeRates } from './connectors/exchange-rates-setting.js';
import { readConnectorSettings, type ConnectorSettings } from './connectors/index.js';
import type { EnvReader } from './connectors/wallet-settings.js';
import type { RateTable } from './core/exchange-rates.js';

/** Every wallet's settings sit under its connector id (connectors/index.ts), e.g. `kakaopay`. */
export interface Config extends ConnectorSettings {
  host: string;
  port: number;
  /** Base URL customers and merchants reach walletgate at (default http://{host}:{port}). */
  publicUrl: string;
  dataDir: string;
  /** sqlite path or postgres:// URL */
  databaseUrl: string;
  /** DATABASE_POOL_SIZE: the most connections this process opens to PostgreSQL (unused on SQLite) */
  databasePoolSize: number;
  masterKey: string;
  logLevel: string;
  /** WALLETGATE_METRICS_TOKEN: the bearer token GET /metrics asks for; null: /metrics is open (hide it at the balancer). */
  metricsToken: string | null;
  /** The demo merchant's notification URL; used only with the sandbox on (there is no demo merchant otherwise). */
  demo: { notifyUrl: string | null };
  /** The exchange-rate table (EXCHANGE_RATES_FILE; the sandbox's fixed one; null: none). */
  rates: RateTable | null;
  /**
   * enabled: walletgate runs as a sandbox: the KakaoPay sandbox is mounted and the demo merchant with
   * its published keys exists. Off: a real wallet; the published demo keys are revoked at start.
   */
  sandbox: {
    enabled: boolean;
    secretKey: string;
    /** Where the KakaoPay sandbox keeps its tids and SIDs: beside walletgate's store, in a file or schema of its own. */
    state: SandboxState;
    /** Where the Alipay+ sandbox keeps its payments, tokens and keys: likewise, a file or schema of its own. */
    alipayplusState: SandboxState;
    /** Where the card processor sandbox keeps its payments: likewise, a file or schema of its own. */
    cardsState: SandboxState;
  };
  sweeper: { intervalMs: number; graceMs: number; abandonGraceMs: number; walletCallsPerSecond: number };
  /** How long `walletgate start` may take to stop on SIGTERM/SIGINT before it gives up and exits 1 (cli/graceful-shutdown.ts). */
  shutdownTimeoutMs: number;
  /** leaseMs: how long a claimed row is kept from other dispatchers (longer than one delivery can take) */
  notifications: { pollMs: number; timeoutMs: number; leaseMs: number; concurrency: number };
  /** WALLETGATE_TEST_CRASH_AFTER: a step after which the process kills itself (crash tests only, crash-after.ts); null: none */
  testCrashAfter: string | null;
  /**
   * The HTTPS listener beside the HTTP one (Adyen's client libraries only speak HTTPS). port 0: off.
   * certFile/keyFile: both or neither; neither means a self-signed certificate in {dataDir}/tls.
   */
  tls: {
    port: number;
    /** true when HTTPS_PORT was set: a busy port is then an error, not a warning. */
    portExplicit: boolean;
    certFile: string | null;
    keyFile: string | null;
  };
}

type SandboxState = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string };

/** What is wrong with the settings, one sentence each: start-up reads them all, then refuses once, naming every one. */
type Problems = string[];

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: Problems): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    problems.push(`${name} must be a non-negative integer, got "${raw}"`);
    return fallback;
  }
  return n;
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Reads the master key from WALLETGATE_MASTER_KEY, else from {dataDir}/master.key (created once, mode 0600). */
function masterKeyFrom(env: NodeJS.ProcessEnv, dataDir: string, persist: boolean): string {
  if (env.WALLETGATE_MASTER_KEY) return env.WALLETGATE_MASTER_KEY;
  const file = join(dataDir, 'master.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64url');
  if (persist) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, key + '\n', { mode: 0o600 });
  }
  return key;
}

function tlsFrom(env: NodeJS.ProcessEnv, problems: Problems): Config['tls'] {
  const port = int(env, 'HTTPS_PORT', 8443, problems);
  if (port > 65535) problems.push(`HTTPS_PORT must be a port number (0 disables HTTPS), got "${env.HTTPS_PORT}"`);
  const certFile = env.TLS_CERT_FILE || null;
  const keyFile = env.TLS_KEY_FILE || null;
  if ((certFile === null) !== (keyFile === null)) {
    problems.push(
      `TLS_CERT_FILE and TLS_KEY_FILE go together: ${certFile ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'} is missing ` +
        '(set both to use your own certificate, or neither for a self-signed one).',
    );
  }
  return {
    port,
    portExplicit: env.HTTPS_PORT !== undefined && env.HTTPS_PORT !== '',
    certFile: certFile && resolve(certFile),
    keyFile: keyFile && resolve(keyFile),
  };
}

/**
 * The sandbox's state sits beside walletgate's store but apart from it: on PostgreSQL a schema of its
 * own in the same database (WALLETGATE_SANDBOX_SCHEMA), so every gateway process sees it; otherwise a
 * SQLite file in the data folder.
 */
function sandboxStatesFrom(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  databaseUrl: string,
  problems: Problems,
): Pick<Config['sandbox'], 'state' | 'alipayplusState' | 'cardsState'> {
  const schema = env.WALLETGATE_SANDBOX_SCHEMA || 'kakaopay_sandbox';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,58}$/.test(schema)) {
    problems.push(`WALLETGATE_SANDBOX_SCHEMA must be a plain PostgreSQL name (letters, digits, _; at most 59), got "${schema}"`);
  }
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    // the Alipay+ sandbox's schema is named after the KakaoPay one's
    const alipayplus = env.WALLETGATE_SANDBOX_SCHEMA ? `${schema}_aps` : 'alipayplus_sandbox';
    const cards = env.WALLETGATE_SANDBOX_SCHEMA ? `${schema}_cards` : 'cards_sandbox';
    return {
      state: { kind: 'postgres', url: databaseUrl, schema },
      alipayplusState: { kind: 'postgres', url: databaseUrl, schema: alipayplus },
      cardsState: { kind: 'postgres', url: databaseUrl, schema: cards },
    };
  }
  return {
    state: { kind: 'sqlite', file: join(dataDir, 'sandbox-kakaopay.sqlite') },
    alipayplusState: { kind: 'sqlite', file: join(dataDir, 'sandbox-alipayplus.sqlite') },
    cardsState: { kind: 'sqlite', file: join(dataDir, 'sandbox-cards.sqlite') },
  };
}

/** A bearer token's characters (RFC 6750's b64token), at least 16 of them: a short one is guessed, and a space or quote could never be sent. */
const METRICS_TOKEN = /^[A-Za-z0-9\-._~+/]{16,256}=*$/;

function metricsTokenFrom(env: NodeJS.ProcessEnv, problems: Problems): string | null {
  const token = env.WALLETGATE_METRICS_TOKEN;
  if (token === undefined || token === '') return null;
  if (!METRICS_TOKEN.test(token)) {
    problems.push(
      'WALLETGATE_METRICS_TOKEN must be 16 to 256 characters, each a letter, a digit or one of - . _ ~ + / (and = only at the end); ' +
        `the one set has ${token.length} characters and is not shown, as it is a secret`,
    );
  }
  return token;
}

function notificationsFrom(env: NodeJS.ProcessEnv, problems: Problems): Config['notifications'] {
  const timeoutMs = int(env, 'WALLETGATE_NOTIFY_TIMEOUT_MS', 10_000, problems);
  const leaseMs = int(env, 'WALLETGATE_NOTIFY_LEASE_MS', 60_000, problems);
  // a lease that ends while its delivery may still be under way lets another dispatcher send it again at once
  if (leaseMs <= timeoutMs) {
    problems.push(
      `WALLETGATE_NOTIFY_LEASE_MS (${leaseMs}) must be longer than WALLETGATE_NOTIFY_TIMEOUT_MS (${timeoutMs}): ` +
        'a notification still being delivered would be claimed and sent again. Raise the lease or lower the timeout.',
    );
  }
  const concurrency = int(env, 'WALLETGATE_NOTIFY_CONCURRENCY', 64, problems);
  if (concurrency < 1) problems.push(`WALLETGATE_NOTIFY_CONCURRENCY must be at least 1, got "${env.WALLETGATE_NOTIFY_CONCURRENCY}"`);
  return { pollMs: int(env, 'WALLETGATE_NOTIFY_POLL_MS', 500, problems), timeoutMs, leaseMs, concurrency: Math.max(concurrency, 1) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: { port?: number; host?: string } = {}): Config {
  const problems: Problems = [];
  const host = overrides.host ?? env.HOST ?? '127.0.0.1';
  const port = overrides.port ?? int(env, 'PORT', 8080, problems);
  if (port > 65535) problems.push(`PORT must be a port number, got "${env.PORT}"`);
  const dataDir = resolve(env.WALLETGATE_DATA_DIR ?? 'data');
  const databaseUrl = env.DATABASE_URL ?? join(dataDir, 'walletgate.db');
  const databasePoolSize = int(env, 'DATABASE_POOL_SIZE', 10, problems);
  if (databasePoolSize < 1 || databasePoolSize > 1000)
    problems.push(`DATABASE_POOL_SIZE must be from 1 to 1000 connections, got "${env.DATABASE_POOL_SIZE}"`);
  const publicUrl = (env.WALLETGATE_PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(/\/$/, '');
  const publicUrlSound = /^https?:\/\/[^/?#]+/i.test(publicUrl);
  if (!publicUrlSound)
    problems.push(`WALLETGATE_PUBLIC_URL must be the http or https URL customers and merchants reach walletgate at, got "${publicUrl}"`);
  const logLevel = env.WALLETGATE_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`WALLETGATE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const tls = tlsFrom(env, problems);
  // The sandbox is on unless walletgate is pointed at a wallet of its own choosing; WALLETGATE_SANDBOX
  // says so outright (on: a sandbox elsewhere, such as `walletgate sandbox serve`).
  const sandboxSetting = env.WALLETGATE_SANDBOX || (env.KAKAOPAY_BASE_URL ? 'off' : 'on');
  if (sandboxSetting !== 'on' && sandboxSetting !== 'off') problems.push(`WALLETGATE_SANDBOX must be on or off, got "${sandboxSetting}".`);
  const sandboxEnabled = sandboxSetting !== 'off';
  const reader: EnvReader = { text: (name) => env[name] || undefined, int: (name, fallback) => int(env, name, fallback, problems) };
  const exchange = readExchangeRates(reader, sandboxEnabled);
  // a bad public URL is one problem, said once: the sandboxes' URLs are built on a sound stand-in meanwhile
  const wallet = { sandbox: sandboxEnabled, publicUrl: publicUrlSound ? publicUrl : `http://127.0.0.1:${port}`, rates: exchange.rates };
  // One reader per wallet, from the connector registry: each states its sandbox and real settings in its own file.
  const read = readConnectorSettings(reader, wallet);
  const wallets = read.settings;
  const config: Config = {
    host,
    port,
    publicUrl,
    dataDir,
    databaseUrl,
    databasePoolSize,
    masterKey: '',
    logLevel,
    metricsToken: metricsTokenFrom(env, problems),
    demo: { notifyUrl: env.WALLETGATE_DEMO_NOTIFY_URL || null },
    rates: exchange.rates,
    ...wallets,
    sandbox: {
      enabled: sandboxEnabled,
      secretKey: wallets.kakaopay.sandboxSecretKey,
      ...sandboxStatesFrom(env, dataDir, databaseUrl, problems),
    },
    sweeper: {
      intervalMs: int(env, 'WALLETGATE_SWEEP_INTERVAL_MS', 5_000, problems),
      graceMs: int(env, 'WALLETGATE_SWEEP_GRACE_MS', 60_000, problems),
      abandonGraceMs: int(env, 'WALLETGATE_ABANDON_GRACE_MS', 10_000, problems),
      walletCallsPerSecond: int(env, 'WALLETGATE_SWEEP_WALLET_CALLS_PER_SECOND', 20, problems),
    },
    shutdownTimeoutMs: int(env, 'WALLETGATE_SHUTDOWN_TIMEOUT_MS', 25_000, problems),
    notifications: notificationsFrom(env, problems),
    testCrashAfter: crashPointFrom(env, problems),
    tls,
  };
  refuseProblems(env, problems, [...exchange.problems, ...read.problems], sandboxEnabled);
  // only once every setting is sound: a master key file is written on first start
  return { ...config, masterKey: masterKeyFrom(env, dataDir, true) };
}

/**
 * Refuses to start when anything is wrong, with one message naming every problem: one problem is
 * the message itself; several are listed. With the sandbox off, the real wallets' missing settings
 * come with how to try the sandbox instead.
 */
function refuseProblems(env: NodeJS.ProcessEnv, general: Problems, wallet: Problems, sandboxEnabled: boolean): void {
  if (wallet.length > 0 && !sandboxEnabled) {
    const why = env.WALLETGATE_SANDBOX ? 'WALLETGATE_SANDBOX=off' : 'KAKAOPAY_BASE_URL is set, so WALLETGATE_SANDBOX defaults to off';
    throw new ConfigError(
      [
        `walletgate is set to talk to real wallets (${why}), and these settings are missing or unsafe:`,
        ...[...general, ...wallet].map((p) => `  - ${p}`),
        'To try walletgate on its built-in KakaoPay sandbox instead, start it without KAKAOPAY_BASE_URL and WALLETGATE_SANDBOX; ' +
          'for a sandbox elsewhere (walletgate sandbox serve), set WALLETGATE_SANDBOX=on.',
      ].join('\n'),
    );
  }
  const all = [...general, ...wallet];
  if (all.length === 1) throw new ConfigError(all[0]!);
  if (all.length > 1)
    throw new ConfigError([`walletgate cannot start: ${all.length} settings need attention:`, ...all.map((p) => `  - ${p}`)].join('\n'));
}

function crashPointFrom(env: NodeJS.ProcessEnv, problems: Problems): string | null {
  const point = env.WALLETGATE_TEST_CRASH_AFTER || null;
  const problem = point === null ? undefined : crashPointProblem(point);
  if (problem) problems.push(problem);
  return point;
}

/** https://HOST:HTTPS_PORT — the HTTPS listener (same routes), for clients that only speak HTTPS. */
export function httpsOrigin(config: Pick<Config, 'host' | 'tls'>): string {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return `https://${host}:${config.tls.port}`;
}
