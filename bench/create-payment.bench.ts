/**
 * `npm run bench`: create-payment throughput (GlobalPay on SQLite and PostgreSQL, Checkout.com on SQLite) and p50/p90/p99 latency under concurrency, next to a
 * floor measured in the same run (the same kind of server answering a fixed JSON after one durable
 * SQLite insert), and the ratio between them.
 *
 * Each server runs in its own child process (pinned to CPU 0 when taskset is there; this load
 * generator on CPU 1), is warmed up, then measured for a fixed duration. Data lives in a temp
 * folder removed at the end (and a throwaway PostgreSQL schema for the optional PostgreSQL run).
 * Writes bench/results/latest.json; exits 1 when any target's error rate is above 1 %.
 *
 * Settings: BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_CONCURRENCY (32), BENCH_PG (1 to
 * require, 0 to skip PostgreSQL; default: run it when reachable), BENCH_PG_URL, BENCH_PIN (0: no
 * CPU pinning), BENCH_MAX_ERROR_RATE (0.01).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_CHECKOUTCOM } from '../src/dialects/checkoutcom/demo.js';
import { DEMO_GLOBALPAY_KEYS, DEMO_SITE_ID } from '../src/dialects/globalpay/demo.js';
import { readBenchSettings, type BenchSettings } from './bench-settings.js';
import { startChildServer } from './child-server.js';
import { summarise, type TargetSummary } from './latency-stats.js';
import { runLoad } from './load-generator.js';
import { dropSchema, postgresReachable } from './postgres-schema.js';
import { formatReport, ratioTo, writeResult, type BenchResult } from './results-report.js';

const AUTH = 'Basic ' + Buffer.from(`${DEMO_SITE_ID}:${DEMO_GLOBALPAY_KEYS[0]}`).toString('base64');

/** What the load generator sends to a target: the API's create-payment call. */
interface Api {
  path: string;
  headers: Record<string, string>;
  body: (reference: string) => string;
  expectStatus: number;
}

interface Target {
  name: string;
  script: 'serve-floor.ts' | 'serve-gateway.ts';
  api: Api;
  env: Record<string, string>;
  /** Runs after the server has stopped, whatever happened. */
  cleanup?: () => Promise<void>;
}

/** The create-payment body of the walkthrough, with a MerchantTransactionID unique to this run. */
function paymentBody(reference: string): string {
  return JSON.stringify({
    Payment: {
      MerchantTransactionID: reference,
      Amount: 15000,
      Currency: 'KRW',
      MethodID: 1135,
      ReturnURL: 'http://shop.example/r',
      Description: 'bench',
      BillingAddress: { Country: 'KR' },
    },
  });
}

/** GlobalPay's create payment (the floor answers the same call). */
const GLOBALPAY: Api = { path: '/globalpay/v1/payments', headers: { authorization: AUTH }, body: paymentBody, expectStatus: 201 };

/** Checkout.com's: seed 002's KakaoPay request, answered 202 Pending. */
const CHECKOUTCOM: Api = {
  path: '/checkoutcom/payments',
  headers: { authorization: `Bearer ${DEMO_CHECKOUTCOM.secretKey}` },
  body: (reference) =>
    JSON.stringify({
      amount: 15000,
      currency: 'KRW',
      source: { type: 'kakaopay' },
      processing: { terminal_type: 'WEB' },
      success_url: 'http://shop.example/s',
      failure_url: 'http://shop.example/f',
      reference,
      customer: { email: 'bench@shop.example' },
      processing_channel_id: DEMO_CHECKOUTCOM.processingChannelId,
    }),
  expectStatus: 202,
};

/** Server on CPU 0, this process (all its threads) on CPU 1; false when that is not possible. */
function pinSelf(settings: BenchSettings): boolean {
  if (!settings.pin || availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function measure(
  target: Target,
  index: number,
  settings: BenchSettings,
  runId: string,
  cpu: number | undefined,
): Promise<TargetSummary> {
  console.log(`\n▶ ${target.name}: starting ${target.script}…`);
  const server = await startChildServer({ script: target.script, env: target.env, ...(cpu !== undefined ? { cpu } : {}) });
  try {
    const url = `http://127.0.0.1:${server.port}${target.api.path}`;
    const load = (phase: string, seconds: number) =>
      runLoad({
        url,
        headers: target.api.headers,
        // MerchantTransactionID allows 50 printable ASCII characters: keep it short
        body: (n) => target.api.body(`b-${runId}-${index}${phase[0]}${n}`),
        concurrency: settings.concurrency,
        durationMs: seconds * 1000,
        expectStatus: target.api.expectStatus,
        onSecond: ({ second, ok, errors, okThisSecond }) =>
          console.log(`  ${phase} ${target.name} ${second}/${seconds}s  ${okThisSecond} req/s  total ${ok} ok, ${errors} errors`),
      });
    console.log(`  warming up ${target.name} (pid ${server.pid}, port ${server.port}) for ${settings.warmupSeconds}s…`);
    const warm = await load('warmup', settings.warmupSeconds);
    if (warm.errors > 0) console.log(`  warm-up errors: ${[...warm.errorsByKind].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    console.log(`  measuring ${target.name} for ${settings.seconds}s at concurrency ${settings.concurrency}…`);
    const summary = summarise(target.name, await load('measure', settings.seconds));
    console.log(
      `  ${target.name}: ${summary.throughput.toFixed(0)} req/s, p50 ${summary.latencyMs.p50.toFixed(2)} ms, ` +
        `p99 ${summary.latencyMs.p99.toFixed(2)} ms, ${summary.errors} errors`,
    );
    return summary;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<number> {
  const settings = readBenchSettings();
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dataRoot = await mkdtemp(join(tmpdir(), 'walletgate-bench-'));
  // Ctrl-C: the servers get the SIGINT too and stop themselves; remove the data before leaving.
  process.once('SIGINT', () => {
    rmSync(dataRoot, { recursive: true, force: true });
    process.exit(130);
  });
  const cpus = availableParallelism(); // before pinning narrows it to one
  const pinned = pinSelf(settings);
  const serverCpu = pinned ? 0 : undefined;
  console.log(
    `walletgate create-payment bench — ${settings.seconds}s per target after ${settings.warmupSeconds}s warm-up, ` +
      `concurrency ${settings.concurrency}, ${pinned ? 'server on CPU 0, load generator on CPU 1' : 'no CPU pinning'}`,
  );

  const targets: Target[] = [
    { name: 'floor', script: 'serve-floor.ts', api: { ...GLOBALPAY, path: '/' }, env: { BENCH_DATA_DIR: join(dataRoot, 'floor') } },
    {
      name: 'gateway (sqlite)',
      script: 'serve-gateway.ts',
      api: GLOBALPAY,
      env: { BENCH_STORE: 'sqlite', BENCH_DATA_DIR: join(dataRoot, 'gateway-sqlite') },
    },
    {
      name: 'checkout.com (sqlite)',
      script: 'serve-gateway.ts',
      api: CHECKOUTCOM,
      env: { BENCH_STORE: 'sqlite', BENCH_DATA_DIR: join(dataRoot, 'checkoutcom-sqlite') },
    },
  ];
  const pgWanted = settings.postgres === 'on' || (settings.postgres === 'auto' && (await postgresReachable(settings.pgUrl)));
  if (settings.postgres === 'on' && !(await postgresReachable(settings.pgUrl))) {
    throw new Error(`BENCH_PG=1 but PostgreSQL at ${settings.pgUrl.replace(/\/\/[^@]*@/, '//…@')} is not reachable`);
  }
  if (pgWanted) {
    const schema = `wg_bench_${runId}`;
    targets.push({
      name: 'gateway (postgres)',
      script: 'serve-gateway.ts',
      api: GLOBALPAY,
      env: {
        BENCH_STORE: 'postgres',
        BENCH_DATA_DIR: join(dataRoot, 'gateway-postgres'),
        BENCH_PG_URL: settings.pgUrl,
        BENCH_PG_SCHEMA: schema,
      },
      cleanup: () => dropSchema(settings.pgUrl, schema),
    });
  } else {
    console.log('(PostgreSQL run skipped: set BENCH_PG=1 and BENCH_PG_URL to include it)');
  }

  const summaries: TargetSummary[] = [];
  try {
    for (const [index, target] of targets.entries()) {
      try {
        await mkdir(target.env.BENCH_DATA_DIR!, { recursive: true });
        summaries.push(await measure(target, index, settings, runId, serverCpu));
      } finally {
        await target.cleanup?.();
      }
    }
  } finally {
    await rm(dataRoot, { recursive: true, force: true });
  }

  const floor = summaries[0]!;
  const ratios = summaries.slice(1).map((s) => ratioTo(s, floor));
  const failed = summaries.filter((s) => s.errorRate > settings.maxErrorRate);
  const { pgUrl: _pgUrl, ...shownSettings } = settings;
  const result: BenchResult = {
    finishedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus,
    pinned,
    settings: shownSettings,
    targets: summaries,
    ratios,
    passed: failed.length === 0,
  };
  console.log('\n' + formatReport(summaries, ratios));
  console.log(`\nwrote ${await writeResult(result)}`);
  if (failed.length > 0) {
    const pct = (settings.maxErrorRate * 100).toFixed(2);
    console.error(`\nFAIL: error rate above ${pct}% for ${failed.map((s) => `${s.name} (${(s.errorRate * 100).toFixed(2)}%)`).join(', ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
