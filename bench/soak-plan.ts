/**
 * The soak (BENCH_SOAK=1, with BENCH_SECONDS=600 for the ten minutes): one gateway on SQLite
 * with the sandbox in its own process runs full flows (create → the customer approves → the
 * notification heard; every part of walletgate's request path and its background work) for a
 * settling load of BENCH_WARMUP_SECONDS × 5, then for BENCH_SECONDS. The verdict: each process's RSS,
 * read every second through the soak, grew by no more than THRESHOLDS.soakRssGrowthMb from the lowest
 * reading of its first window to the lowest of its last (rss-trend.ts: the heap's sawtooth is 50–70 MB
 * tall, a leak raises its troughs; a process that leaks a few hundred bytes a payment shows it here;
 * JIT and caches filling up show in the settling load instead); the gateway's SQLite log
 * (`walletgate.db-wal`) was never larger than THRESHOLDS.soakLogMaxMb, from the settling load on (a
 * log that does not start over grows with every write until the disk is full); no flow was lost.
 */
import { join } from 'node:path';
import type { ChildServer } from './child-server.js';
import { GLOBALPAY_HEADERS, globalPayBody } from './bench-apis.js';
import { watchLargestSize } from './largest-file-size.js';
import { troughGrowth, watchRss } from './rss-trend.js';
import type { Plan } from './target-plan.js';
import { THRESHOLDS } from './targets.js';
import { boundVerdict, skipped, type Verdict } from './verdicts.js';

const base = (s: ChildServer) => `http://127.0.0.1:${s.port}`;

export async function measureSoak(plan: Plan, settleSeconds: number): Promise<Verdict[]> {
  const { runner, servers, placement, receiver, sandbox } = plan;
  const gateway = await servers.start(
    'serve-gateway.ts',
    'gateway-sqlite-soak',
    { BENCH_STORE: 'sqlite', BENCH_KAKAOPAY_BASE_URL: `${base(sandbox)}/sandbox/kakaopay`, BENCH_NOTIFY_URL: receiver.url },
    placement.server,
  );
  const tracked = [
    { label: 'gateway', server: gateway },
    { label: 'sandbox', server: sandbox },
  ];
  const spec = { gateway: base(gateway), headers: GLOBALPAY_HEADERS, createBody: globalPayBody, customerApi: base(sandbox), receiver };
  const log = watchLargestSize(join(gateway.dataDir, 'walletgate.db-wal'));
  await runner.flow(`soak: settling for ${settleSeconds}s (sqlite)`, tracked, spec, settleSeconds);
  const watches = tracked.map((t) => watchRss(t.server.pid));
  const soak = await runner.flow('soak: full flows (sqlite)', tracked, spec);
  const readings = await Promise.all(watches.map((w) => w.stop()));
  const largestLogMb = log.stop();
  await gateway.stop();
  const verdicts: Verdict[] = tracked.map((t, i) => {
    const name = `soak: ${t.label} RSS growth over ${soak.started} flows`;
    const trend = troughGrowth(readings[i] ?? []);
    if (!trend) return skipped(name, 'RSS not readable', true);
    console.log(
      `  ${t.label} RSS: lowest ${trend.firstLow.toFixed(0)} MB in the first ${trend.windowSeconds.toFixed(0)} s, ` +
        `${trend.lastLow.toFixed(0)} MB in the last; highest ${trend.peak.toFixed(0)} MB`,
    );
    return boundVerdict(name, trend.growthMb, THRESHOLDS.soakRssGrowthMb, { unit: 'MB', inclusive: true, digits: 1 });
  });
  const logName = `soak: gateway's SQLite log, largest`;
  verdicts.push(
    largestLogMb === null
      ? skipped(logName, 'walletgate.db-wal never seen', true)
      : boundVerdict(logName, largestLogMb, THRESHOLDS.soakLogMaxMb, { unit: 'MB', inclusive: true, digits: 1 }),
  );
  verdicts.push(
    boundVerdict(`soak: lost of ${soak.started} flows`, soak.lost, THRESHOLDS.maxLostFlows, { unit: '', inclusive: true, digits: 0 }),
  );
  return verdicts;
}
