/**
 * The benchmark's knobs, read once from the environment. Every one has a default so a bare
 * `npm run bench` works; a malformed value stops the run before anything starts.
 */
import { LOG_LEVELS } from '../src/config.js';

export interface BenchSettings {
  /** Measured seconds per target (BENCH_SECONDS, default 5; 600 for a soak). */
  seconds: number;
  /** Warm-up seconds per target, discarded (BENCH_WARMUP_SECONDS, default 2). */
  warmupSeconds: number;
  /**
   * Seconds of untimed load a server process gets once, after it starts and before its first target
   * (BENCH_SETTLE_SECONDS, default 6): a new process's code is compiled by the JIT as it runs, and
   * a first target measured cold says more about the warm-up than the request path.
   */
  settleSeconds: number;
  /** Requests in flight at once (BENCH_CONCURRENCY, default 32). */
  concurrency: number;
  /** 'on' (BENCH_PG=1: required), 'off' (BENCH_PG=0), 'auto' (unset: when reachable). */
  postgres: 'on' | 'off' | 'auto';
  /** PostgreSQL server for the optional run (BENCH_PG_URL, else WALLETGATE_TEST_PG_URL). */
  pgUrl: string;
  /** Pin the server to CPU 0 and the load generator to CPU 1 with taskset (BENCH_PIN=0 disables). */
  pin: boolean;
  /** Error rate above which the run fails (BENCH_MAX_ERROR_RATE, default 0.01). */
  maxErrorRate: number;
  /** How long the full flow waits for late notifications after its duration (BENCH_DRAIN_SECONDS, default 5). */
  drainSeconds: number;
  /** Exit 1 when a target misses its threshold (BENCH_ENFORCE=0: only report). */
  enforce: boolean;
  /** BENCH_SOAK=1: only the soak (soak-plan.ts), instead of the targets. */
  soak: boolean;
  /** Payments seeded for the dashboard-list target (BENCH_DASHBOARD_PAYMENTS, default 1,000,000). */
  dashboardPayments: number;
  /** Requests timed per dashboard-list page kind (BENCH_DASHBOARD_REQUESTS, default 200). */
  dashboardRequests: number;
  /**
   * The gateways' log level (BENCH_LOG_LEVEL, default info, as `walletgate start`): one line a request,
   * written to gateway.log in the gateway's data folder. serve-gateway.ts reads the variable itself.
   */
  logLevel: string;
}

/** The dashboard-list target (issue 13): the payments list answers in < 200 ms at 1 million payments on SQLite. */
export const DASHBOARD_LIST_P99_MS = 200;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name} must be an integer from 1 to ${max}, got "${raw}"`);
  return n;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be 1 or 0, got "${raw}"`);
}

export function readBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const pg = flag(env, 'BENCH_PG');
  const logLevel = env.BENCH_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`BENCH_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const maxErrorRate = Number(env.BENCH_MAX_ERROR_RATE ?? '0.01');
  if (!Number.isFinite(maxErrorRate) || maxErrorRate < 0 || maxErrorRate > 1) {
    throw new Error(`BENCH_MAX_ERROR_RATE must be between 0 and 1, got "${env.BENCH_MAX_ERROR_RATE}"`);
  }
  return {
    seconds: positiveInt(env, 'BENCH_SECONDS', 5, 600),
    warmupSeconds: positiveInt(env, 'BENCH_WARMUP_SECONDS', 2, 60),
    settleSeconds: positiveInt(env, 'BENCH_SETTLE_SECONDS', 6, 120),
    concurrency: positiveInt(env, 'BENCH_CONCURRENCY', 32, 1024),
    postgres: pg === undefined ? 'auto' : pg ? 'on' : 'off',
    pgUrl: env.BENCH_PG_URL ?? env.WALLETGATE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    pin: flag(env, 'BENCH_PIN') ?? true,
    maxErrorRate,
    drainSeconds: positiveInt(env, 'BENCH_DRAIN_SECONDS', 5, 60),
    enforce: flag(env, 'BENCH_ENFORCE') ?? true,
    soak: flag(env, 'BENCH_SOAK') ?? false,
    dashboardPayments: positiveInt(env, 'BENCH_DASHBOARD_PAYMENTS', 1_000_000, 10_000_000),
    dashboardRequests: positiveInt(env, 'BENCH_DASHBOARD_REQUESTS', 200, 100_000),
    logLevel,
  };
}
