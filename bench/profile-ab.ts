/**
 * A/B profile helper (not part of npm run bench): what a change does to a create's CPU, on a host
 * whose speed drifts more within a minute than most changes move it (docs/benchmarks.md). Two
 * gateways, one bundled from the source tree AB_A (another commit's checkout, e.g. a
 * `git worktree add /tmp/wg-a HEAD~1`) and one from AB_B (default: this checkout), both on SQLite on
 * CPU 0, share one sandbox on CPU 1; this process's load (and, with PROF_NOTIFY=1, the notification
 * receiver) runs on CPU 1. After AB_WARMUP_SECONDS of creates on each, AB_ROUNDS rounds of
 * AB_SLICE_SECONDS load **both at once**, half of PROF_CONCURRENCY each, so every moment of the host
 * falls on both alike; each round reads each gateway's CPU from /proc (each thread's schedstat, to the
 * nanosecond) and gives B's CPU a create ÷ A's. The median round is the change's effect and the
 * quartiles say how far to trust it. Defaults: 15 rounds of 3 s. With the same commit on both sides
 * it read 0.993 (quartiles 0.984–1.006), where whole-gateway runs of one build swing by a third.
 * AB_ALTERNATE=1 loads them in turn instead (A B, B A, …, all of the load on one at a time).
 *
 *   AB_A=/tmp/wg-a PROF_API=checkoutcom PROF_NOTIFY=1 node --import tsx bench/profile-ab.ts
 *
 * AB_FLOW=1: full flows instead of creates (flow-load.ts, as the bench's flow target: a GlobalPay
 * create, the customer's approval through the sandbox, the Success notification heard), B's CPU a
 * flow ÷ A's; the notification receiver then always runs.
 *
 * AB_FLAGS_A and AB_FLAGS_B: node flags for either gateway (the same tree on both sides then
 * compares two settings). PROF_API and PROF_CONCURRENCY as in profile-create.ts. Prints a line a slice on stderr and the
 * summary (ab-rounds.ts) as JSON on stdout.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { abRounds, abSummary, type AbSlice } from './ab-rounds.js';
import { ADYEN, ADYEN_KEYED, CHECKOUTCOM, ECOMMPAY, GLOBALPAY, GLOBALPAY_HEADERS, createCall, globalPayBody } from './bench-apis.js';
import { runFlows } from './flow-load.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { runLoad } from './load-generator.js';
import { startNotificationReceiver } from './notification-receiver.js';
import { pinSelf } from './pin-self.js';
import { preciseCpuSeconds } from './process-cpu.js';

const here = fileURLToPath(new URL('..', import.meta.url));
const treeA = process.env.AB_A;
if (!treeA) throw new Error('AB_A: the source tree of the A gateway is required (e.g. git worktree add /tmp/wg-a HEAD~1)');
const trees = { A: resolve(treeA), B: resolve(process.env.AB_B ?? here) };
const api = { globalpay: GLOBALPAY, checkoutcom: CHECKOUTCOM, adyen: ADYEN, 'adyen-keyed': ADYEN_KEYED, ecommpay: ECOMMPAY }[
  process.env.PROF_API ?? 'globalpay'
];
if (!api) throw new Error(`PROF_API: unknown API ${process.env.PROF_API}`);
const rounds = Number(process.env.AB_ROUNDS ?? 15);
const sliceSeconds = Number(process.env.AB_SLICE_SECONDS ?? 3);
const warmupSeconds = Number(process.env.AB_WARMUP_SECONDS ?? 6);
const concurrency = Number(process.env.PROF_CONCURRENCY ?? 32);
const alternate = process.env.AB_ALTERNATE === '1';
const flows = process.env.AB_FLOW === '1';
const unit = flows ? 'flow' : 'create';

pinSelf(1);
const dir = mkdtempSync(join(tmpdir(), 'wg-prof-ab-'));
const sandbox = await startChildServer({ script: 'serve-sandbox.ts', env: { BENCH_DATA_DIR: dir }, cpu: 1 });
const receiver = process.env.PROF_NOTIFY === '1' || flows ? await startNotificationReceiver() : undefined;
const gateways: Record<'A' | 'B', ChildServer> = {} as Record<'A' | 'B', ChildServer>;
for (const side of ['A', 'B'] as const) {
  const data = join(dir, side);
  const flags = process.env[`AB_FLAGS_${side}`];
  gateways[side] = await startChildServer({
    script: 'serve-gateway.ts',
    root: trees[side],
    cpu: 0,
    nodeFlags: flags ? flags.split(' ') : [],
    env: {
      ...(receiver ? { BENCH_NOTIFY_URL: receiver.url } : {}),
      BENCH_DATA_DIR: data,
      BENCH_STORE: 'sqlite',
      BENCH_KAKAOPAY_BASE_URL: `http://127.0.0.1:${sandbox.port}/sandbox/kakaopay`,
    },
  });
}

/** Creates (or, with AB_FLOW=1, full flows) on one gateway for `seconds`, `inFlight` at a time: how many answered, and the gateway's CPU seconds meanwhile. */
async function slice(side: 'A' | 'B', seconds: number, inFlight: number): Promise<{ ok: number; cpuSeconds: number; perSecond: number }> {
  const gw = gateways[side];
  const before = await preciseCpuSeconds(gw.pid);
  const base = `http://127.0.0.1:${gw.port}`;
  const tag = `ab-${side}-${Date.now()}`;
  const run = flows
    ? await runFlows({
        gateway: base,
        headers: GLOBALPAY_HEADERS,
        createBody: globalPayBody,
        customerApi: `http://127.0.0.1:${sandbox.port}`,
        receiver: receiver!,
        reference: (n) => `${tag}-${n}`,
        concurrency: inFlight,
        durationMs: seconds * 1000,
        drainMs: 2000,
      })
    : await runLoad({
        base,
        headers: { 'content-type': 'application/json', ...api!.headers },
        call: (n) => createCall(api!, `${tag}-${n}`),
        concurrency: inFlight,
        durationMs: seconds * 1000,
        expectStatus: api!.expectStatus,
      });
  const after = await preciseCpuSeconds(gw.pid);
  if (before === null || after === null) throw new Error(`gateway ${side} (pid ${gw.pid}): its CPU cannot be read from /proc`);
  if (run.errors > 0) throw new Error(`gateway ${side}: ${run.errors} ${unit}s failed (${run.errorSamples.join('; ')})`);
  return { ok: run.ok, cpuSeconds: after - before, perSecond: (run.ok * 1000) / run.elapsedMs };
}

function record(slices: AbSlice[], round: number, side: 'A' | 'B', s: { ok: number; cpuSeconds: number; perSecond: number }): void {
  const cpuMs = (1000 * s.cpuSeconds) / s.ok;
  slices.push({ round, side, cpuMsPerRequest: cpuMs, perSecond: s.perSecond });
  console.error(`round ${round + 1} ${side}: ${s.perSecond.toFixed(0)} ${unit}s/s, ${cpuMs.toFixed(3)} ms of CPU a ${unit}`);
}

try {
  console.error(
    `A: ${trees.A}\nB: ${trees.B}\n${flows ? 'GlobalPay full flows' : `${api.label} creates`}, ${concurrency} in flight, ${rounds} rounds of ${sliceSeconds} s, ${alternate ? 'A and B in turn' : 'A and B at once, half each'}`,
  );
  for (const side of ['A', 'B'] as const) await slice(side, warmupSeconds, concurrency);
  const slices: AbSlice[] = [];
  if (alternate) {
    for (const { round, side } of abRounds(rounds)) record(slices, round, side, await slice(side, sliceSeconds, concurrency));
  } else {
    // both at once, half the load each: every moment of the host's falls on both alike
    const half = Math.max(1, Math.round(concurrency / 2));
    for (let round = 0; round < rounds; round++) {
      const [a, b] = await Promise.all([slice('A', sliceSeconds, half), slice('B', sliceSeconds, half)]);
      record(slices, round, 'A', a);
      record(slices, round, 'B', b);
    }
  }
  const summary = abSummary(slices);
  console.log(JSON.stringify(summary));
} finally {
  await Promise.all([gateways.A?.stop(), gateways.B?.stop(), sandbox.stop(), receiver?.close()]);
}
