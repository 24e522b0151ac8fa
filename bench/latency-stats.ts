/** Summaries of one load run: throughput, latency percentiles, errors. */
import type { LoadRun } from './load-generator.js';

export interface TargetSummary {
  name: string;
  requests: number;
  ok: number;
  errors: number;
  errorRate: number;
  /** Non-201 answers and transport failures, e.g. { "500": 3, "ECONNRESET": 1 }. */
  errorsByKind: Record<string, number>;
  /** A few error bodies, to tell what went wrong. */
  errorSamples: string[];
  seconds: number;
  /** Successful (201) answers per second. */
  throughput: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** An open loop's lateness in sending (LoadRun.sendLateMs), in ms. */
  sendLateMs?: { p50: number; p99: number; max: number };
}

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarise(name: string, run: LoadRun): TargetSummary {
  const sorted = run.latenciesMs.slice().sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const requests = run.ok + run.errors;
  const seconds = run.elapsedMs / 1000;
  return {
    name,
    requests,
    ok: run.ok,
    errors: run.errors,
    errorRate: requests === 0 ? 1 : run.errors / requests,
    errorsByKind: Object.fromEntries(run.errorsByKind),
    errorSamples: run.errorSamples,
    seconds,
    throughput: seconds > 0 ? run.ok / seconds : 0,
    latencyMs: {
      mean: sorted.length ? sum / sorted.length : NaN,
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    },
    ...(run.sendLateMs ? { sendLateMs: lateness(run.sendLateMs) } : {}),
  };
}

function lateness(values: Float64Array): { p50: number; p99: number; max: number } {
  const sorted = values.slice().sort();
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1]! : NaN };
}
