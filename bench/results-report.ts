/**
 * Printing the results table and the gateway/floor ratios, and writing bench/results/latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BenchSettings } from './bench-settings.js';
import type { TargetSummary } from './latency-stats.js';

export interface Ratio {
  /** e.g. "gateway (sqlite) / floor" */
  name: string;
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
}

export interface BenchResult {
  finishedAt: string;
  node: string;
  platform: string;
  cpus: number;
  pinned: boolean;
  settings: Omit<BenchSettings, 'pgUrl'>;
  targets: TargetSummary[];
  ratios: Ratio[];
  passed: boolean;
}

export function ratioTo(target: TargetSummary, floor: TargetSummary): Ratio {
  return {
    name: `${target.name} / ${floor.name}`,
    throughput: target.throughput / floor.throughput,
    p50: target.latencyMs.p50 / floor.latencyMs.p50,
    p90: target.latencyMs.p90 / floor.latencyMs.p90,
    p99: target.latencyMs.p99 / floor.latencyMs.p99,
  };
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const ms = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(2));
const times = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : '-');

export function formatReport(targets: TargetSummary[], ratios: Ratio[]): string {
  const results = table(
    ['target', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'ok', 'errors'],
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
  const ratioTable = table(
    ['ratio', 'req/s', 'p50', 'p90', 'p99'],
    ratios.map((r) => [r.name, times(r.throughput), times(r.p50), times(r.p90), times(r.p99)]),
  );
  const errorLines = targets
    .filter((t) => t.errors > 0)
    .flatMap((t) => [
      `errors of ${t.name}: ${Object.entries(t.errorsByKind)
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ')}`,
      ...t.errorSamples.map((s) => `  e.g. ${s}`),
    ]);
  return [results, '', ratioTable, ...(errorLines.length ? ['', ...errorLines] : [])].join('\n');
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
