/**
 * Profile helper (not part of npm run bench): the open loop's latency at falling rates, for the
 * SQLite floor and a gateway's GlobalPay create side by side, on the same host in the same minutes.
 * The floor (serve-floor.ts) and the gateway (serve-gateway.ts, SQLite) both run on CPU 0, the
 * KakaoPay sandbox and this load on CPU 1, as in npm run bench; at each rate of LADDER_RATES
 * (default 50,200,600,1300 a second) the floor, then the gateway, get LADDER_WARMUP_SECONDS (3) of
 * the open loop, not counted, then LADDER_SECONDS (8) measured. Prints a line for each: p50, p90,
 * p99 and the slowest answer, how many answers took over 10 ms, the load generator's own lateness
 * (p99), and the server's CPU a request.
 *
 * It tells whether a create's p99 follows the gateway's utilisation or the host's own tail for a
 * lone durable request (docs/benchmarks.md, 2026-12-07 (eleventh session)).
 *
 * `node --import tsx bench/profile-latency-ladder.ts`
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCall, FLOOR, GLOBALPAY, type CreateApi } from './bench-apis.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { percentile } from './latency-stats.js';
import { openLoopConnections, runOpenLoop } from './open-loop-load.js';
import { pinSelf } from './pin-self.js';
import { cpuSeconds } from './process-cpu.js';

const rates = (process.env.LADDER_RATES ?? '50,200,600,1300').split(',').map(Number);
if (rates.some((r) => !(r > 0))) throw new Error(`LADDER_RATES must list positive rates, got "${process.env.LADDER_RATES}"`);
const warmupSeconds = Number(process.env.LADDER_WARMUP_SECONDS ?? 3);
const seconds = Number(process.env.LADDER_SECONDS ?? 8);

pinSelf(1);
const dir = mkdtempSync(join(tmpdir(), 'wg-ladder-'));
const folder = (name: string) => {
  const path = join(dir, name);
  mkdirSync(path);
  return path;
};
const started: ChildServer[] = [];
try {
  const sandbox = await startChildServer({ script: 'serve-sandbox.ts', env: { BENCH_DATA_DIR: folder('sandbox') }, cpu: 1 });
  started.push(sandbox);
  const gateway = await startChildServer({
    script: 'serve-gateway.ts',
    env: {
      BENCH_DATA_DIR: folder('gateway'),
      BENCH_STORE: 'sqlite',
      BENCH_KAKAOPAY_BASE_URL: `http://127.0.0.1:${sandbox.port}/sandbox/kakaopay`,
    },
    cpu: 0,
  });
  started.push(gateway);
  const floor = await startChildServer({ script: 'serve-floor.ts', env: { BENCH_DATA_DIR: folder('floor') }, cpu: 0 });
  started.push(floor);

  const measure = async (server: ChildServer, api: CreateApi, rate: number) => {
    const agent = openLoopConnections();
    const load = (durationMs: number) =>
      runOpenLoop({
        base: `http://127.0.0.1:${server.port}`,
        headers: { 'content-type': 'application/json', ...api.headers },
        call: (n) => createCall(api, `ladder-${Date.now()}-${n}`),
        expectStatus: api.expectStatus,
        rate,
        durationMs,
        agent,
      });
    await load(warmupSeconds * 1000);
    const cpuBefore = await cpuSeconds(server.pid);
    const run = await load(seconds * 1000);
    const cpuAfter = await cpuSeconds(server.pid);
    const cpuMs = cpuBefore === null || cpuAfter === null ? NaN : (cpuAfter - cpuBefore) * 1000;
    agent.closeIdle();
    const sorted = run.latenciesMs.slice().sort();
    const late = (run.sendLateMs ?? new Float64Array()).slice().sort();
    const ms = (v: number) => `${v.toFixed(2).padStart(6)} ms`;
    const over = run.latenciesMs.filter((v) => v > 10).length;
    console.log(
      `${String(rate).padStart(5)}/s  ${api.label.padEnd(9)} p50 ${ms(percentile(sorted, 50))}  p90 ${ms(percentile(sorted, 90))}` +
        `  p99 ${ms(percentile(sorted, 99))}  slowest ${ms(sorted[sorted.length - 1] ?? NaN)}` +
        `  over 10 ms ${String(over).padStart(4)} of ${run.ok}  errors ${run.errors}  sent late p99 ${ms(percentile(late, 99))}` +
        `  CPU ${(cpuMs / run.ok).toFixed(3)} ms a request (${((cpuMs / (run.elapsedMs || 1)) * 100).toFixed(0)} % busy)`,
    );
  };
  console.log(`open loop, ${warmupSeconds}s warm-up then ${seconds}s at each rate; floor and gateway on CPU 0, sandbox and load on CPU 1`);
  for (const rate of rates) {
    await measure(floor, FLOOR, rate);
    await measure(gateway, GLOBALPAY, rate);
  }
} finally {
  await Promise.all(started.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
}
