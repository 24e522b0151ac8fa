/**
 * A floor measured around each target whose ratio is taken to it: once before every such target and
 * once after the last, its server waiting idle on its core in between. A target's ratio is taken to
 * the faster of the two readings around it (ADR 0043): the host's speed drifts by a third within
 * one run here, so a floor measured minutes away from a target divides it by another machine's
 * speed, while the two readings around it were taken under the conditions it met. The faster of the
 * two, not their mean, so that a moment when the host was slow for the floor cannot lower the bar.
 */
import type { TargetSummary } from './latency-stats.js';
import { ratioVerdict, type Verdict } from './verdicts.js';

/** A ratio verdict waiting for the floor reading after its target. */
export type PendingVerdict = (readings: readonly TargetSummary[]) => Verdict;

/** The floor a target measured after reading `i` is divided by: the faster of reading i and reading i + 1. */
export function floorAround(readings: readonly TargetSummary[], i: number): TargetSummary {
  const before = readings[i];
  const after = readings[i + 1];
  if (!before || !after) throw new Error(`no floor reading ${before ? 'after' : 'before'} the target (reading ${i} of ${readings.length})`);
  return after.throughput > before.throughput ? after : before;
}

export interface FloorReadings {
  /** Measures the floor now: the targets measured next lie between this reading and the next. */
  measure(): Promise<TargetSummary>;
  /** The ratio verdict of a target measured since the last reading, settled by `settle` once a reading follows it. */
  vs(name: string, value: TargetSummary, min: number | null, unit?: string): PendingVerdict;
  /** Every verdict, each pending one against the readings around its target (a reading must follow the last target). */
  settle(verdicts: readonly (Verdict | PendingVerdict)[]): Verdict[];
}

/**
 * `read(label)` measures the floor once under that label (the first `floor (db)`, then `floor (db) #2`,
 * `#3`…); `db` names it in each verdict.
 */
export function floorReadings(db: 'sqlite' | 'postgres', read: (label: string) => Promise<TargetSummary>): FloorReadings {
  const readings: TargetSummary[] = [];
  const floorLabel = `${db} floor, faster of the 2 around it`;
  return {
    async measure() {
      const label = readings.length === 0 ? `floor (${db})` : `floor (${db}) #${readings.length + 1}`;
      const s = await read(label);
      readings.push(s);
      return s;
    },
    vs(name, value, min, unit) {
      const i = readings.length - 1;
      if (i < 0) throw new Error(`${name} was measured before any floor reading`);
      return (all) => ratioVerdict(name, value, floorAround(all, i), { min, floorLabel, ...(unit ? { unit } : {}) });
    },
    settle(verdicts) {
      return verdicts.map((v) => (typeof v === 'function' ? v(readings) : v));
    },
  };
}
