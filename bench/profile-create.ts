/**
 * Profile helper (not part of npm run bench): runs its load on CPU 1, starts the sandbox (CPU 1) and a gateway (CPU 0) on
 * SQLite, or on PostgreSQL with PROF_STORE=postgres (BENCH_PG_URL or the test database, a throwaway
 * schema; PROF_PG_DRIVER=kysely: on Kysely's own driver, without src/storage/postgres/postgres-driver.ts; =no-writes-ahead: without ADR 0036),
 * with --cpu-prof written to PROF_DIR unless PROF_CPU=0 (PROF_SANDBOX_FLAGS: node flags for the sandbox); loads PROF_API's creates
 * (globalpay, checkoutcom, adyen, adyen-keyed: Adyen's with an Idempotency-Key, ecommpay) for PROF_SECONDS (after PROF_WARMUP_SECONDS of it, not counted), PROF_CONCURRENCY in flight or, with PROF_RATE, an
 * open loop at that many a second; PROF_FLAGS adds node flags to the gateway (`--max-semi-space-size=32`,
 * say); PROF_NOTIFY=1 gives the merchant the bench's notification receiver (so Checkout.com's and
 * ecommpay's notifications are delivered, as in npm run bench); PROF_SEED_PAYMENTS=1000000 starts the
 * gateway's SQLite file with that many payments of another merchant (seed-history.ts); PROF_STATEMENTS=1 (SQLite) preloads
 * statement-counter.cjs in the gateway and prints, on stderr, each SQLite statement's runs and µs a request over the
 * measured load (statement-counts.ts). Prints the rate, latency and the gateway's CPU per request (the whole process, its main thread
 * alone, and its other threads: V8's compiler and GC helpers, libuv's pool with the log's fsync, the
 * checkpoint worker) and, on SQLite, what its group commit and log did (`log`: transactions a
 * COMMIT, log syncs a request, held writers; sqlite-log-counts.ts); stops both. The servers run bundled, as in npm run bench (bundled-script.ts):
 * BENCH_FROM_SOURCE=1 runs them through tsx, so that a CPU profile's frames name src/ files.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer } from './child-server.js';
import { runLoad } from './load-generator.js';
import { openLoopConnections, runOpenLoop } from './open-loop-load.js';
import { logRecord, sqliteLogCounts } from './sqlite-log-counts.js';
import { GLOBALPAY, CHECKOUTCOM, ADYEN, ADYEN_KEYED, ECOMMPAY, createCall } from './bench-apis.js';
import { dropSchema } from './postgres-schema.js';
import { startNotificationReceiver } from './notification-receiver.js';
import { seedHistory } from './seed-history.js';
import { STATEMENT_COUNTER, statementSnapshot, statementsPerRequest } from './statement-counts.js';
import { pinSelf } from './pin-self.js';

// the load and the notification receiver on CPU 1, beside the sandbox, as in npm run bench
pinSelf(1);
const dir = mkdtempSync(join(tmpdir(), 'wg-prof-'));
const profDir = process.env.PROF_DIR ?? '/tmp/prof/out';
const api = { globalpay: GLOBALPAY, checkoutcom: CHECKOUTCOM, adyen: ADYEN, 'adyen-keyed': ADYEN_KEYED, ecommpay: ECOMMPAY }[
  process.env.PROF_API ?? 'globalpay'
]!;
const postgres = process.env.PROF_STORE === 'postgres';
// PROF_SEED_PAYMENTS: the gateway's file starts with that many payments of another merchant (seed-history.ts)
const seedPayments = Number(process.env.PROF_SEED_PAYMENTS ?? 0);
if (seedPayments > 0 && postgres) throw new Error('PROF_SEED_PAYMENTS seeds a SQLite file: leave PROF_STORE unset with it');
const sandboxFlags = process.env.PROF_SANDBOX_FLAGS ? process.env.PROF_SANDBOX_FLAGS.split(' ') : [];
const sandbox = await startChildServer({ script: 'serve-sandbox.ts', env: { BENCH_DATA_DIR: dir }, cpu: 1, nodeFlags: sandboxFlags });
const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgSchema = `wg_prof_${process.pid}`;
const receiver = process.env.PROF_NOTIFY === '1' ? await startNotificationReceiver() : undefined;
const gwEnv: Record<string, string> = {
  ...(receiver ? { BENCH_NOTIFY_URL: receiver.url } : {}),
  BENCH_DATA_DIR: dir,
  BENCH_KAKAOPAY_BASE_URL: `http://127.0.0.1:${sandbox.port}/sandbox/kakaopay`,
  ...(postgres ? { BENCH_STORE: 'postgres', BENCH_PG_URL: pgUrl, BENCH_PG_SCHEMA: pgSchema } : { BENCH_STORE: 'sqlite' }),
  ...(process.env.PROF_PG_DRIVER ? { BENCH_PG_DRIVER: process.env.PROF_PG_DRIVER } : {}),
};
// PROF_STATEMENTS=1: the gateway counts its SQLite statements, written to this file when asked (statement-counts.ts)
const statements = process.env.PROF_STATEMENTS === '1' ? join(dir, 'statements.json') : undefined;
if (statements && postgres) throw new Error('PROF_STATEMENTS counts SQLite statements: leave PROF_STORE unset with it');
if (statements) gwEnv.PROF_STATEMENTS_OUT = statements;
const extraFlags = process.env.PROF_FLAGS ? process.env.PROF_FLAGS.split(' ') : [];
const nodeFlags = [
  ...extraFlags,
  ...(statements ? ['--require', STATEMENT_COUNTER] : []),
  ...(process.env.PROF_CPU === '0' ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`]),
];
if (seedPayments > 0) {
  const seeded = Date.now();
  await seedHistory(dir, seedPayments);
  console.error(`seeded ${seedPayments.toLocaleString('en')} payments in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
}
const gw = await startChildServer({ script: 'serve-gateway.ts', env: gwEnv, cpu: 0, nodeFlags });
const seconds = Number(process.env.PROF_SECONDS ?? 8);
/** user + system CPU of a process, or of one of its threads (the main thread's id is the pid), in ms (Linux /proc; ticks of 10 ms) */
const cpuMs = (pid: number, thread?: number): number => {
  const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8')
    .split(') ')[1]!
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
/** CPU of every thread of a process but its main thread, in ms */
const otherThreadsMs = (pid: number): number =>
  readdirSync(`/proc/${pid}/task`)
    .map(Number)
    .filter((t) => t !== pid)
    .reduce((sum, t) => {
      try {
        return sum + cpuMs(pid, t);
      } catch {
        return sum; // a thread that ended between the listing and the read
      }
    }, 0);
const rate = Number(process.env.PROF_RATE ?? 0);
// an open loop's measure sends over the connections its warm-up opened, as npm run bench's does
const openLoopAgent = rate > 0 ? openLoopConnections() : undefined;
const load = openLoopAgent ? (o: Parameters<typeof runLoad>[0]) => runOpenLoop({ ...o, rate, agent: openLoopAgent }) : runLoad;
const loadOptions = (durationMs: number): Parameters<typeof runLoad>[0] => ({
  base: `http://127.0.0.1:${gw.port}`,
  headers: { 'content-type': 'application/json', ...api.headers },
  call: (n) => createCall(api, `prof-${Date.now()}-${n}`),
  concurrency: Number(process.env.PROF_CONCURRENCY ?? 32),
  durationMs,
  expectStatus: api.expectStatus,
});
// PROF_WARMUP_SECONDS of the same load first, not counted: the JIT compiles the request path then.
const warmupSeconds = Number(process.env.PROF_WARMUP_SECONDS ?? 0);
if (warmupSeconds > 0) await load(loadOptions(warmupSeconds * 1000));
/** Sum and count of the gateway's histograms (its /metrics): the create's own time and its wallet call's, split out of the latency. */
const histograms = async (): Promise<Map<string, number>> => {
  const text = await (await fetch(`http://127.0.0.1:${gw.port}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(walletgate_(?:http_request|connector_call)_duration_seconds_(?:sum|count))\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || (m[1]!.includes('http_request') && !m[2]!.includes('method="POST"'))) continue;
    const key = m[1]!.replace('walletgate_', '').replace('_duration_seconds', '');
    out.set(key, (out.get(key) ?? 0) + Number(m[3]));
  }
  return out;
};
// before the CPU is read, as the second is after: writing the counts costs the gateway some
const statementsBefore = statements ? await statementSnapshot(gw.pid, statements) : undefined;
const histogramsBefore = await histograms();
const logBefore = await sqliteLogCounts(gw.port);
const cpuBefore = cpuMs(gw.pid);
const mainBefore = cpuMs(gw.pid, gw.pid);
const othersBefore = otherThreadsMs(gw.pid);
const run = await load(loadOptions(seconds * 1000));
const cpuPerRequestMs = (cpuMs(gw.pid) - cpuBefore) / run.ok;
const mainThreadPerRequestMs = (cpuMs(gw.pid, gw.pid) - mainBefore) / run.ok;
const otherThreadsPerRequestMs = (otherThreadsMs(gw.pid) - othersBefore) / run.ok;
const statementsAfter = statements ? await statementSnapshot(gw.pid, statements) : undefined;
const histogramsAfter = await histograms();
const logAfter = await sqliteLogCounts(gw.port);
const meanMs = (name: string): number => {
  const count = (histogramsAfter.get(`${name}_count`) ?? 0) - (histogramsBefore.get(`${name}_count`) ?? 0);
  const sum = (histogramsAfter.get(`${name}_sum`) ?? 0) - (histogramsBefore.get(`${name}_sum`) ?? 0);
  return count === 0 ? 0 : Number(((1000 * sum) / count).toFixed(2));
};
const sorted = [...run.latenciesMs].sort((a, b) => a - b);
const pct = (q: number): number => Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2));
console.log(
  JSON.stringify({
    p50: pct(0.5),
    p99: pct(0.99),
    // an open loop's: how late its p99 request was sent (the load generator's own delay, inside each latency)
    ...(run.sendLateMs
      ? { sendLateP99: Number(([...run.sendLateMs].sort((a, b) => a - b)[Math.floor(0.99 * run.sendLateMs.length)] ?? 0).toFixed(2)) }
      : {}),
    ok: run.ok,
    errors: run.errors,
    rate: Math.round(run.ok / (run.elapsedMs / 1000)),
    cpuPerRequestMs: Number(cpuPerRequestMs.toFixed(3)),
    mainThreadPerRequestMs: Number(mainThreadPerRequestMs.toFixed(3)),
    otherThreadsPerRequestMs: Number(otherThreadsPerRequestMs.toFixed(3)),
    kinds: [...run.errorsByKind],
    // mean ms: the create as the gateway timed it, and its wallet call within it
    serverMeanMs: meanMs('http_request'),
    walletCallMeanMs: meanMs('connector_call'),
    // SQLite only (null on PostgreSQL): transactions a COMMIT, log syncs a request, and the writers' holds for the log to start over
    log: logRecord('create', 'gateway', logBefore, logAfter, run.ok),
  }),
);
if (statementsBefore && statementsAfter) console.error(statementsPerRequest(statementsBefore, statementsAfter, run.ok).join('\n'));
openLoopAgent?.closeIdle();
await gw.stop();
await sandbox.stop();
await receiver?.close();
if (postgres) await dropSchema(pgUrl, pgSchema);
