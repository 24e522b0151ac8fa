/**
 * walletgate as real child processes (`node bin/walletgate.mjs start`), for tests that kill them
 * (SIGKILL, no goodbye) or run several on one database.
 *
 * `openGatewayData(kind)` makes the data every process of a test shares:
 * - a fresh data folder (SQLite file `walletgate.db`, the sandbox's `sandbox-kakaopay.sqlite`,
 *   `master.key`), or on PostgreSQL a fresh schema for walletgate's tables (DATABASE_URL with
 *   `search_path`) and `{schema}_sandbox` for the KakaoPay sandbox (WALLETGATE_SANDBOX_SCHEMA);
 * - a merchant receiver for the demo merchant's notifications (WALLETGATE_DEMO_NOTIFY_URL);
 * - a TCP balancer on a port of its own: WALLETGATE_PUBLIC_URL of every process. The customer's
 *   links, the wallet's return URLs and the connector's sandbox URL all go through it, so they
 *   outlive any one process, and a process restarted on another port is reached the same way;
 * - the sweeper and dispatcher on short timers (see ENV below; `env` overrides any of them).
 *
 * `data.start()` spawns a process on a free port in its own process group and resolves once its
 * banner is out; a start whose port another process took meanwhile is tried again on another.
 * `process.kill()` is SIGKILL to the whole group. `data.cleanup()` kills whatever is left, drops the
 * schemas and removes the folder; so does the exit of the test process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startBalancer, type Balancer } from './tcp-balancer.js';
import { startMerchantReceiver, type MerchantReceiver } from './merchant-receiver.js';
import { freePort } from './http-once.js';
import { testPgUrl, type StoreKind } from './stores.js';

const BIN = new URL('../../bin/walletgate.mjs', import.meta.url).pathname;

/** The only key the built-in KakaoPay sandbox accepts (`Authorization: SECRET_KEY …`), for calls to its API. */
export const SANDBOX_SECRET_KEY = 'DEV0000CRASH0TEST0SANDBOX0KEY';

/** What every process of these tests runs with, unless the test says otherwise. */
const ENV: Readonly<Record<string, string>> = {
  WALLETGATE_SANDBOX_SECRET_KEY: SANDBOX_SECRET_KEY,
  HOST: '127.0.0.1',
  HTTPS_PORT: '0',
  NO_COLOR: '1',
  WALLETGATE_MASTER_KEY: 'test-master-key',
  WALLETGATE_LOG_LEVEL: 'warn',
  // the in-flight grace is max(SWEEP_GRACE, 2 × the longest wallet call timeout) = 6 s: long enough that
  // no wallet call of a live process is still under way when the sweeper judges it, on a loaded machine.
  // Every connector's timeout is set here: one left at its default would lengthen the grace.
  KAKAOPAY_TIMEOUT_MS: '3000',
  ALIPAYPLUS_TIMEOUT_MS: '3000',
  CARDS_TIMEOUT_MS: '3000',
  WALLETGATE_SWEEP_INTERVAL_MS: '250',
  WALLETGATE_SWEEP_GRACE_MS: '0',
  WALLETGATE_ABANDON_GRACE_MS: '500',
  WALLETGATE_NOTIFY_POLL_MS: '100',
  WALLETGATE_NOTIFY_TIMEOUT_MS: '5000',
  // a row a killed process had claimed is delivered again this long after the claim
  WALLETGATE_NOTIFY_LEASE_MS: '6000',
};

export interface GatewayProcess {
  /** as the test named it, for messages */
  name: string;
  pid: number;
  port: number;
  /** `http://127.0.0.1:{port}`: this process only (the data's publicUrl reaches any live one) */
  base: string;
  alive(): boolean;
  /** resolves when it has exited, however */
  exited: Promise<void>;
  /** its exit code once exited (null while running, or when a signal ended it) */
  exitCode(): number | null;
  /** SIGKILL to the process group; resolves once it has exited. */
  kill(): Promise<void>;
  /** SIGTERM (a clean shutdown); resolves once it has exited. */
  stop(): Promise<void>;
  /** the last 64 KiB of its stdout and stderr (banner, warnings), for failure messages */
  output(): string;
  /** resolves once all its stdout and stderr is in the start's `logFile` (at once without one); await after it exited */
  logWritten: Promise<void>;
}

export interface GatewayData {
  kind: StoreKind;
  dataDir: string;
  /** PostgreSQL: the schema of walletgate's tables (the sandbox's is `{schema}_sandbox`); null on SQLite */
  schema: string | null;
  /** WALLETGATE_PUBLIC_URL of every process: the balancer */
  publicUrl: string;
  receiver: MerchantReceiver;
  /** Starts one more process on this data, behind the balancer. */
  /** `logFile`: all of the process's stdout and stderr (banner and log lines) is written there, not only the last 64 KiB. */
  start(opts?: { name?: string; env?: Record<string, string>; logFile?: string }): Promise<GatewayProcess>;
  /** Every process started on this data, live or not. */
  processes(): readonly GatewayProcess[];
  /** Reads walletgate's tables directly (plain SQL both databases understand; numbers come back as numbers). */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Kills what is left, drops the schemas, removes the folder. */
  cleanup(): Promise<void>;
}

/** Every live process group of this test process, killed if the test process exits first. */
const live = new Set<number>();
process.once('exit', () => {
  for (const pid of live) killGroup(pid, 'SIGKILL');
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * The parent's environment without any walletgate setting a developer's shell may carry
 * (WALLETGATE_FROM_SOURCE, how bin/walletgate.mjs runs, is not one: kept).
 */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || (/^(WALLETGATE_|KAKAOPAY_|TLS_)/.test(k) && k !== 'WALLETGATE_FROM_SOURCE')) continue;
    if (['DATABASE_URL', 'PORT', 'HOST', 'HTTPS_PORT'].includes(k)) continue;
    env[k] = v;
  }
  return env;
}

async function pgQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPgUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** ids, amounts and epoch-ms times are int8: numbers, as SQLite gives them */
const int8AsNumber: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? Number
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

const MAX_OUTPUT = 64 * 1024;

/** One spawn; rejects with the process's output if it exits before its banner. */
function spawnOnce(name: string, env: Record<string, string>, logFile?: string): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const file = logFile === undefined ? null : createWriteStream(logFile, { flags: 'a' });
  // 'close' comes once both pipes are drained; the file is complete when its stream has finished after it
  const logWritten = file
    ? new Promise<void>((resolve) => {
        child.once('close', () => file.end(resolve));
      })
    : Promise.resolve();
  const pid = child.pid!;
  live.add(pid);
  let out = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      live.delete(pid);
      resolve();
    }),
  );
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-MAX_OUTPUT);
    file?.write(d);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const port = Number(env.PORT);
  const proc: GatewayProcess = {
    name,
    pid,
    port,
    base: `http://127.0.0.1:${port}`,
    alive: () => !exited,
    exited: exit,
    exitCode: () => child.exitCode,
    async kill() {
      if (!exited) killGroup(pid, 'SIGKILL');
      await exit;
    },
    async stop() {
      if (!exited) killGroup(pid, 'SIGTERM');
      await exit;
    },
    output: () => out,
    logWritten,
  };
  return new Promise((resolve, reject) => {
    const onData = () => {
      if (!out.includes('Ctrl+C to stop')) return;
      child.stdout!.off('data', onData);
      resolve(proc);
    };
    child.stdout!.on('data', onData);
    void exit.then(() => reject(new Error(`walletgate ${name} exited before it was up (code ${child.exitCode}):\n${out}`)));
  });
}

export async function openGatewayData(kind: StoreKind, opts: { env?: Record<string, string> } = {}): Promise<GatewayData> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wg-proc-'));
  const schema = kind === 'postgres' ? `wg_proc_${randomBytes(6).toString('hex')}` : null;
  const started: GatewayProcess[] = [];
  let receiver: MerchantReceiver | undefined;
  let balancer: Balancer | undefined;
  let sqlite: Database.Database | undefined;
  let pool: pg.Pool | undefined;

  /** starts under way: cleanup waits for them, and a start that ends after cleanup began is killed */
  const starting = new Set<Promise<unknown>>();
  let closing = false;
  const cleanup = async () => {
    closing = true;
    await Promise.allSettled([...starting]);
    await Promise.all(started.map((p) => p.kill()));
    await Promise.allSettled([receiver?.close(), balancer?.close(), pool?.end()]);
    sqlite?.close();
    if (schema) {
      await pgQuery(`drop schema if exists "${schema}" cascade`);
      await pgQuery(`drop schema if exists "${schema}_sandbox" cascade`);
      await pgQuery(`drop schema if exists "${schema}_sandbox_aps" cascade`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // the migrations create tables in the connection's schema, which must exist
    if (schema) await pgQuery(`create schema "${schema}"`);
    receiver = await startMerchantReceiver();
    balancer = await startBalancer();
  } catch (e) {
    await cleanup();
    throw e;
  }
  const rx = receiver;
  const lb = balancer;
  const dbEnv: Record<string, string> = schema
    ? {
        DATABASE_URL: `${testPgUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        WALLETGATE_SANDBOX_SCHEMA: `${schema}_sandbox`,
      }
    : {};

  const startOn = async (name: string, extra: Record<string, string>, logFile?: string): Promise<GatewayProcess> => {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const env = {
        ...baseEnv(),
        ...ENV,
        PORT: String(port),
        WALLETGATE_DATA_DIR: dataDir,
        WALLETGATE_PUBLIC_URL: lb.url,
        WALLETGATE_DEMO_NOTIFY_URL: rx.url,
        ...dbEnv,
        ...opts.env,
        ...extra,
      };
      try {
        const p = await spawnOnce(name, env, logFile);
        started.push(p);
        if (closing) {
          await p.kill();
          throw new Error(`walletgate ${name} came up after the test had finished`);
        }
        lb.add(p.port);
        // once it is gone, its port may be anyone's
        void p.exited.then(() => lb.remove(p.port));
        return p;
      } catch (e) {
        // the port was free when picked; another process (a parallel test file) took it before the listen
        if (!/EADDRINUSE/.test((e as Error).message) || attempt === 5) throw e;
      }
    }
  };

  return {
    kind,
    dataDir,
    schema,
    publicUrl: lb.url,
    receiver: rx,
    start(o = {}) {
      const run = startOn(o.name ?? `gateway-${started.length + 1}`, o.env ?? {}, o.logFile);
      starting.add(run);
      return run.finally(() => starting.delete(run));
    },
    processes: () => started,
    async rows<T>(sql: string): Promise<T[]> {
      if (kind === 'sqlite') {
        sqlite ??= new Database(join(dataDir, 'walletgate.db'), { readonly: true, fileMustExist: true });
        return sqlite.prepare(sql).all() as T[];
      }
      pool ??= new pg.Pool({ connectionString: testPgUrl, max: 2, options: `-c search_path=${schema}`, types: int8AsNumber });
      return (await pool.query(sql)).rows as T[];
    },
    cleanup,
  };
}
