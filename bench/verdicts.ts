/**
 * Each target's value against its threshold (targets.ts): a ratio to a floor of the same run, an
 * upper bound, or only reported. A missed target says by how much.
 */
import type { TargetSummary } from './latency-stats.js';

export interface Verdict {
  target: string;
  /** e.g. "1234 req/s" */
  value: string;
  /** what the value is divided by, e.g. "4100 req/s (floor, sqlite)"; "-" when none */
  floor: string;
  ratio: number | null;
  /** e.g. "≥ 0.50×", "< 10 ms"; "-" when only reported */
  threshold: string;
  /** null: only reported (no threshold, or skipped) */
  pass: boolean | null;
  /** how far a missed target is from its threshold, e.g. "0.12× short (49 req/s more needed)", "4.83 ms over" */
  shortBy?: string;
  /** a ratio target with a threshold: the rate it needs (threshold × floor), a second */
  neededPerSecond?: number;
  /** a missed ratio target: its ratio written with as many decimals as it takes not to read as met (`0.4999×`, not `0.50×`) */
  ratioText?: string;
}

const perSecond = (v: number, unit: string) => `${v.toFixed(0)} ${unit}/s`;

/** Two decimals, or as many more (up to six) as it takes for `keepsApart` to hold of the rounded value. */
function decimals(v: number, keepsApart: (rounded: number) => boolean): string {
  let digits = 2;
  while (digits < 6 && !keepsApart(Number(v.toFixed(digits)))) digits++;
  return v.toFixed(digits);
}

/** How a missed ratio is written: a ratio equal to a "more than" threshold is at it; any other is below it. */
function missedBy(ratio: number, min: number, more: number, unit: string): Pick<Verdict, 'ratioText' | 'shortBy'> {
  const needs = `${more} ${unit}/s more needed`;
  if (ratio >= min) return { ratioText: `${ratio.toFixed(2)}×`, shortBy: `at ${min.toFixed(2)}×, not above it (${needs})` };
  return { ratioText: `${decimals(ratio, (r) => r < min)}×`, shortBy: `${decimals(min - ratio, (d) => d > 0)}× short (${needs})` };
}

/** value ÷ floor against a minimum (or, strictly, more than it). */
export function ratioVerdict(
  target: string,
  value: TargetSummary,
  floor: TargetSummary,
  opts: { min: number | null; unit?: string; strictlyMore?: boolean; floorLabel?: string },
): Verdict {
  const unit = opts.unit ?? 'req';
  const ratio = floor.throughput > 0 ? value.throughput / floor.throughput : 0;
  const base: Verdict = {
    target,
    value: perSecond(value.throughput, unit),
    floor: `${perSecond(floor.throughput, 'req')} (${opts.floorLabel ?? floor.name})`,
    ratio,
    threshold: '-',
    pass: null,
  };
  if (opts.min === null) return base;
  const pass = opts.strictlyMore ? ratio > opts.min : ratio >= opts.min;
  const needed = opts.min * floor.throughput;
  return {
    ...base,
    threshold: `${opts.strictlyMore ? '>' : '≥'} ${opts.min.toFixed(2)}×`,
    pass,
    neededPerSecond: needed,
    // a miss never reads as met: not `0.50×` at ≥ 0.50×, `0.00× short` or `0 req/s more needed`
    ...(pass ? {} : missedBy(ratio, opts.min, Math.max(1, Math.ceil(needed - value.throughput)), unit)),
  };
}

/** A value that must stay below (or at most) a bound, e.g. p99 < 10 ms or 0 lost flows. */
export function boundVerdict(
  target: string,
  value: number,
  max: number,
  opts: { unit: string; inclusive?: boolean; digits?: number; reference?: { value: number; label: string } },
): Verdict {
  const digits = opts.digits ?? 2;
  const pass = opts.inclusive ? value <= max : value < max;
  const show = (v: number) => `${v.toFixed(digits)}${opts.unit ? ` ${opts.unit}` : ''}`;
  return {
    target,
    value: show(value),
    // what the floor measured under the same load: context for an absolute bound, not its threshold
    floor: opts.reference ? `${show(opts.reference.value)} (${opts.reference.label})` : '-',
    ratio: null,
    threshold: `${opts.inclusive ? '≤' : '<'} ${show(max)}`,
    pass: Number.isNaN(value) ? false : pass,
    ...(pass ? {} : { shortBy: `${show(value - max)} over` }),
  };
}

/** A row reported beside the targets, judged by no threshold (a diagnostic: what the host or the machine allows). */
export function reported(target: string, value: string, floor: string, ratio: number | null): Verdict {
  return { target, value, floor, ratio, threshold: '-', pass: null };
}

/** A target that could not be measured in this run (PostgreSQL unreachable, nothing to refund…). */
export function skipped(target: string, why: string, failing: boolean): Verdict {
  return { target, value: why, floor: '-', ratio: null, threshold: '-', pass: failing ? false : null };
}

export function missed(verdicts: Verdict[]): Verdict[] {
  return verdicts.filter((v) => v.pass === false);
}
