/**
 * The order and the arithmetic of an A/B profile (profile-ab.ts). Loaded at once, each round is one
 * slice of each side; loaded in turn (`abRounds`), A goes first in even rounds and B in odd ones
 * (A B, B A, A B, …), so a host that speeds up or slows down steadily favours neither. Each round
 * gives B ÷ A, and the median round is the change's effect.
 */
export type AbSide = 'A' | 'B';

/** One slice of load on one side. */
export interface AbSlice {
  round: number;
  side: AbSide;
  cpuMsPerRequest: number;
  perSecond: number;
}

export interface Spread {
  median: number;
  /** the first and third quartiles: half the rounds lie between them */
  q1: number;
  q3: number;
  min: number;
  max: number;
}

export interface AbSummary {
  rounds: number;
  /** B's CPU a create ÷ A's, round by round: below 1, B is cheaper */
  cpuRatio: Spread;
  /** B's creates a second ÷ A's, round by round */
  rateRatio: Spread;
  /** each side's median CPU a create, in ms */
  cpuMsPerRequest: Record<AbSide, number>;
}

/** The slices of `rounds` rounds, in the order they are loaded. */
export function abRounds(rounds: number): { round: number; side: AbSide }[] {
  const order: { round: number; side: AbSide }[] = [];
  for (let round = 0; round < rounds; round++) {
    const sides: AbSide[] = round % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
    for (const side of sides) order.push({ round, side });
  }
  return order;
}

/** The q-quantile of `values` (0 ≤ q ≤ 1), interpolated between the two nearest. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

const median = (values: number[]) => quantile(values, 0.5);

function spread(values: number[]): Spread {
  return {
    median: median(values),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** The ratios of every round that has both sides; throws when none has. */
export function abSummary(slices: readonly AbSlice[]): AbSummary {
  const byRound = new Map<number, Partial<Record<AbSide, AbSlice>>>();
  for (const s of slices) byRound.set(s.round, { ...byRound.get(s.round), [s.side]: s });
  const whole = [...byRound.values()].filter((r): r is Record<AbSide, AbSlice> => r.A !== undefined && r.B !== undefined);
  if (whole.length === 0) throw new Error('no round loaded both A and B');
  const rounded = (s: Spread): Spread => ({
    median: round3(s.median),
    q1: round3(s.q1),
    q3: round3(s.q3),
    min: round3(s.min),
    max: round3(s.max),
  });
  return {
    rounds: whole.length,
    cpuRatio: rounded(spread(whole.map((r) => r.B.cpuMsPerRequest / r.A.cpuMsPerRequest))),
    rateRatio: rounded(spread(whole.map((r) => r.B.perSecond / r.A.perSecond))),
    cpuMsPerRequest: {
      A: round3(median(whole.map((r) => r.A.cpuMsPerRequest))),
      B: round3(median(whole.map((r) => r.B.cpuMsPerRequest))),
    },
  };
}
