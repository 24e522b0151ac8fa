/**
 * Printing the report — every load's numbers, the servers' memory, and the final table of targets
 * with their floors, ratios, thresholds and verdicts — and writing bench/results/latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BenchSettings } from './bench-settings.js';
import { budgetVerdict, type BudgetRow } from './cpu-budget.js';
import type { TargetSummary } from './latency-stats.js';
import { BENCH_PROCESS, POSTGRES_SERVER, STOLEN, type CpuRecord } from './process-cpu.js';
import type { RssRecord } from './process-memory.js';
import type { LogRecord } from './sqlite-log-counts.js';
import type { Verdict } from './verdicts.js';

export interface BenchResult {
  finishedAt: string;
  node: string;
  platform: string;
  cpus: number;
  pinned: boolean;
  /** where each process ran, said in words */
  arrangement: string;
  settings: Omit<BenchSettings, 'pgUrl'>;
  targets: TargetSummary[];
  rss: RssRecord[];
  cpu: CpuRecord[];
  /** what each ratio target's threshold leaves each core (cpu-budget.ts) */
  budget: BudgetRow[];
  /** the SQLite gateways' group commit and log during each target */
  log: LogRecord[];
  verdicts: Verdict[];
  passed: boolean;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const ms = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(2));
const mb = (v: number | null) => (v === null ? '?' : v.toFixed(0));

export function formatLoads(targets: TargetSummary[]): string {
  const results = table(
    ['load', '/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'ok', 'errors'],
    targets.map((t) => [
      t.name,
      t.throughput.toFixed(0),
      ms(t.latencyMs.p50),
      ms(t.latencyMs.p90),
      ms(t.latencyMs.p99),
      ms(t.latencyMs.max),
      String(t.ok),
      t.errors === 0 ? '0' : `${t.errors} (${(t.errorRate * 100).toFixed(2)}%)`,
    ]),
  );
  const errorLines = targets
    .filter((t) => t.errors > 0)
    .flatMap((t) => [
      `errors of ${t.name}: ${Object.entries(t.errorsByKind)
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ')}`,
      ...t.errorSamples.map((s) => `  e.g. ${s}`),
    ]);
  return [results, ...(errorLines.length ? ['', ...errorLines] : [])].join('\n');
}

export function formatRss(rss: RssRecord[]): string {
  return table(
    ['RSS after each target', 'process', 'start MB', 'end MB', 'growth MB'],
    rss.map((r) => [
      r.target,
      r.process,
      mb(r.startMb),
      mb(r.endMb),
      r.startMb === null || r.endMb === null ? '?' : `${r.endMb >= r.startMb ? '+' : ''}${(r.endMb - r.startMb).toFixed(0)}`,
    ]),
  );
}

/** Which process each target kept busy: one near 100 % on its own core is what bounds the target. */
export function formatCpu(cpu: CpuRecord[]): string {
  const pct = (v: number | null) => (v === null ? '?' : `${v.toFixed(0)} %`);
  const ms = (v: number | null) => (v === null ? '?' : v.toFixed(2));
  return table(
    ['CPU during each target', 'process', 'busy (of one core)', 'CPU ms per success'],
    // the host's row is the machine's, not a process's: no CPU a success
    cpu.map((c) => [c.target, c.process, pct(c.busyPercent), c.process === STOLEN ? '-' : ms(c.msPerOk)]),
  );
}

/**
 * What each ratio target's threshold leaves each core (cpu-budget.ts): at the rate it needs, the CPU
 * a success a core can give, what its processes spent, and how much of that the outside processes
 * (the wallet sandbox, the load generator and the receiver) spent.
 */
export function formatBudget(rows: BudgetRow[]): string {
  const short: Record<string, string> = { [BENCH_PROCESS]: 'load', [POSTGRES_SERVER]: 'PostgreSQL' };
  return table(
    ['CPU a success at each threshold', 'needs', 'where', 'allows ms', 'spent ms', 'outside ms', ''],
    rows.map((r, i) => [
      i > 0 && rows[i - 1]!.target === r.target ? '' : r.target,
      i > 0 && rows[i - 1]!.target === r.target ? '' : `${r.neededPerSecond.toFixed(0)}/s`,
      `${r.where}: ${r.processes.map((p) => short[p] ?? p).join(', ')}`,
      r.allowsMs.toFixed(2),
      r.spentMs.toFixed(2),
      r.outsideMs.toFixed(2),
      budgetVerdict(r),
    ]),
  );
}

/**
 * What the SQLite gateways' group commit and log did during each target: transactions a COMMIT (how
 * many answers share one), log syncs a success, and the log restarts that held every writer.
 */
export function formatLog(log: LogRecord[]): string {
  const n = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));
  return table(
    [
      'SQLite log during each target',
      'process',
      'transactions a COMMIT',
      'log syncs a success',
      'mean sync ms',
      'syncs > 10 ms',
      'log restarts',
      'writers held ms',
    ],
    log.map((r) => [
      r.target,
      r.process,
      n(r.transactionsPerCommit, 1),
      n(r.syncsPerOk, 2),
      n(r.meanSyncMs, 2),
      String(r.syncsOver10ms),
      String(r.restarts),
      r.restartWaitMs.toFixed(1),
    ]),
  );
}

/** Above this share of a core taken by the hypervisor during a target, the report says the run met a busy host. */
const BUSY_HOST_STOLEN_PERCENT = 5;

/**
 * A line for the report when other guests took the machine's cores during some target (the
 * `host: taken by the hypervisor` rows): the same code then measures slower, and the disk-bound
 * floor less so, so such a run's ratios cannot be compared with a quiet run's. Null on a quiet run.
 */
export function formatBusyHost(cpu: CpuRecord[]): string | null {
  let worst: CpuRecord | undefined;
  for (const c of cpu) {
    if (c.process !== STOLEN || c.busyPercent === null) continue;
    if (!worst || c.busyPercent > worst.busyPercent!) worst = c;
  }
  if (!worst || worst.busyPercent! < BUSY_HOST_STOLEN_PERCENT) return null;
  return (
    `busy host: the hypervisor took up to ${worst.busyPercent!.toFixed(0)} % of a core from this machine (during ${worst.target}); ` +
    'the same code measures slower on a shared core, and the disk-bound floor less so, so compare ratios only with runs on a quiet host'
  );
}

export function formatVerdicts(verdicts: Verdict[]): string {
  const mark = (v: Verdict) => (v.pass === null ? '·' : v.pass ? '✔' : '✘');
  return table(
    ['target', 'value', 'floor', 'ratio', 'threshold', 'met', 'missed by'],
    verdicts.map((v) => [
      v.target,
      v.value,
      v.floor,
      v.ratio === null ? '-' : (v.ratioText ?? `${v.ratio.toFixed(2)}×`),
      v.threshold,
      mark(v),
      v.shortBy ?? '',
    ]),
  );
}

/** Writes the result as JSON, formatted by prettier when it is installed so `format:check` passes. */
export async function writeResult(result: BenchResult): Promise<string> {
  const dir = fileURLToPath(new URL('results/', import.meta.url));
  const file = fileURLToPath(new URL('results/latest.json', import.meta.url));
  let text = JSON.stringify(result, null, 2) + '\n';
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(file)) ?? {};
    text = await prettier.format(text, { ...options, filepath: file });
  } catch {
    // prettier is a devDependency; without it the plain JSON is still valid
  }
  await mkdir(dir, { recursive: true });
  await writeFile(file, text);
  return file;
}
