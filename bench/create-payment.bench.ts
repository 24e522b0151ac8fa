/**
 * `npm run bench`: walletgate's performance targets (bench/targets.ts), each measured against a
 * floor measured in the same run (the same kind of server answering a fixed JSON after one durable
 * insert), printed as a table of value, floor, ratio, threshold and verdict. Exits 1 when a target
 * misses its threshold (BENCH_ENFORCE=0: only report) or a load's error rate is too high.
 *
 * The main arrangement runs the KakaoPay sandbox in its own process (as a real wallet is another
 * company's server); the in-process one stays as a second, labelled arrangement. On two CPUs: the
 * server being measured (a floor or a gateway) on CPU 0; the sandbox, this load generator and the
 * notification receiver on CPU 1 (the second gateway of the two-process target too).
 *
 * Settings: see bench-settings.ts and docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBenchSettings, type BenchSettings } from './bench-settings.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { startNotificationReceiver } from './notification-receiver.js';
import { postgresReachable } from './postgres-schema.js';
import {
  formatBudget,
  formatBusyHost,
  formatCpu,
  formatLoads,
  formatLog,
  formatRss,
  formatVerdicts,
  writeResult,
  type BenchResult,
} from './results-report.js';
import { TargetRunner } from './target-runner.js';
import { cpuBudget } from './cpu-budget.js';
import { measureSoak } from './soak-plan.js';
import { measurePostgres, measureSqlite, type Placement, type Plan, type Servers } from './target-plan.js';
import { missed, skipped, type Verdict } from './verdicts.js';
import { pinSelf } from './pin-self.js';

function describe(pinned: boolean, logLevel: string): string {
  const where = pinned
    ? 'servers measured on CPU 0; the sandbox, the load generator and the notification receiver on CPU 1 (and the second gateway of the two-process target)'
    : 'no CPU pinning';
  const code =
    process.env.BENCH_FROM_SOURCE === '1'
      ? 'servers run from source through tsx (BENCH_FROM_SOURCE=1)'
      : 'servers bundled as `walletgate start` runs walletgate';
  return `the KakaoPay sandbox in its own process (serve-sandbox.ts, as \`walletgate sandbox serve\`) unless a target says "sandbox in-process"; ${where}; ${code}; gateways log at ${logLevel} (BENCH_LOG_LEVEL) to gateway.log`;
}

/** The PostgreSQL targets, or their rows saying why they were skipped. */
async function measurePostgresIfReachable(plan: Plan, settings: BenchSettings, reachable: boolean, runId: string): Promise<Verdict[]> {
  if (reachable) return measurePostgres(plan, settings.pgUrl, `wg_bench_${runId}`);
  console.log('\n(PostgreSQL targets skipped: set BENCH_PG=1 and BENCH_PG_URL to require them)');
  return [
    skipped(
      'create GlobalPay (postgres)',
      settings.postgres === 'off' ? 'skipped (BENCH_PG=0)' : 'skipped (PostgreSQL not reachable)',
      false,
    ),
    skipped('two gateways ÷ one (postgres)', 'skipped', false),
  ];
}

async function main(): Promise<number> {
  const settings = readBenchSettings();
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dataRoot = await mkdtemp(join(tmpdir(), 'walletgate-bench-'));
  const cleanups: (() => Promise<void>)[] = [];
  // Ctrl-C: the servers get the SIGINT too and stop themselves; remove the data before leaving.
  process.once('SIGINT', () => {
    rmSync(dataRoot, { recursive: true, force: true });
    process.exit(130);
  });
  const cpus = availableParallelism(); // before pinning narrows it to one
  const pinned = settings.pin && pinSelf(1);
  const arrangement = describe(pinned, settings.logLevel);
  console.log(
    `walletgate bench — ${settings.seconds}s per target after ${settings.warmupSeconds}s warm-up, concurrency ${settings.concurrency}\n` +
      `arrangement: ${arrangement}`,
  );

  const pgReachable = !settings.soak && settings.postgres !== 'off' && (await postgresReachable(settings.pgUrl));
  if (settings.postgres === 'on' && !pgReachable) {
    throw new Error(`BENCH_PG=1 but PostgreSQL at ${settings.pgUrl.replace(/\/\/[^@]*@/, '//…@')} is not reachable`);
  }

  const placement: Placement = pinned ? { server: 0, outside: 1 } : {};
  const started: ChildServer[] = [];
  const servers: Servers = {
    start: async (script, name, env, cpu) => {
      const dir = join(dataRoot, name);
      await mkdir(dir, { recursive: true });
      const s = await startChildServer({ script, env: { BENCH_DATA_DIR: dir, ...env }, ...(cpu !== undefined ? { cpu } : {}) });
      started.push(s);
      return Object.assign(s, { dataDir: dir });
    },
    onCleanup: (f) => cleanups.push(f),
  };
  const receiver = await startNotificationReceiver();
  const runner = new TargetRunner(settings, runId, placement.outside);
  const verdicts: Verdict[] = [];
  try {
    const sandbox = await servers.start('serve-sandbox.ts', 'sandbox', {}, placement.outside);
    const plan = { runner, servers, placement, receiver, sandbox, cores: cpus };
    if (settings.soak) {
      verdicts.push(...(await measureSoak(plan, settings.warmupSeconds * 5)));
    } else {
      verdicts.push(...(await measureSqlite(plan)));
      verdicts.push(...(await measurePostgresIfReachable(plan, settings, pgReachable, runId)));
    }
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    for (const f of cleanups) await f().catch((e: unknown) => console.error('cleanup failed:', e));
    await receiver.close();
    await rm(dataRoot, { recursive: true, force: true });
  }

  const worst = runner.summaries.reduce((w, s) => (s.errorRate > w.errorRate ? s : w), runner.summaries[0]!);
  verdicts.push({
    target: 'error rate, worst load',
    value: worst.errorRate === 0 ? '0% (every load)' : `${(worst.errorRate * 100).toFixed(2)}% (${worst.name})`,
    floor: '-',
    ratio: null,
    threshold: `≤ ${(settings.maxErrorRate * 100).toFixed(2)}%`,
    pass: worst.errorRate <= settings.maxErrorRate,
  });
  const failed = missed(verdicts);
  const budget = cpuBudget(verdicts, runner.cpu, cpus);
  const { pgUrl: _pgUrl, ...shownSettings } = settings;
  const result: BenchResult = {
    finishedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus,
    pinned,
    arrangement,
    settings: shownSettings,
    targets: runner.summaries,
    rss: runner.rss,
    cpu: runner.cpu,
    budget,
    log: runner.log,
    verdicts,
    passed: failed.length === 0,
  };
  console.log('\n' + formatLoads(runner.summaries));
  console.log('\n' + formatRss(runner.rss));
  console.log('\n' + formatCpu(runner.cpu));
  if (budget.length > 0) console.log('\n' + formatBudget(budget));
  if (runner.log.length > 0) console.log('\n' + formatLog(runner.log));
  const busyHost = formatBusyHost(runner.cpu);
  if (busyHost) console.log(`\n${busyHost}`);
  console.log(`\narrangement: ${arrangement}\n`);
  console.log(formatVerdicts(verdicts));
  console.log(`\nwrote ${await writeResult(result)}`);
  if (failed.length === 0) {
    console.log('\nevery target met');
    return 0;
  }
  const list = failed.map((v) => `  ✘ ${v.target}: ${v.value}${v.shortBy ? `: ${v.shortBy}` : ''}`).join('\n');
  if (!settings.enforce) {
    console.log(`\n${failed.length} target(s) missed (BENCH_ENFORCE=0: reported only):\n${list}`);
    return 0;
  }
  console.error(`\nFAIL: ${failed.length} target(s) missed:\n${list}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
