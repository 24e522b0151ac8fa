/**
 * A seeded pseudo-random source (mulberry32) for tests that pick random points, and the wrapper
 * that names the seed when such a test fails, so the same plan can be run again.
 */
import type { GatewayData } from './gateway-process.js';

export interface Random {
  /** in [0, 1) */
  next(): number;
  /** an integer in [lo, hi], both included */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  /** shuffles in place, and returns the array */
  shuffle<T>(items: T[]): T[];
}

export function seeded(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(0, i);
        [items[i], items[j]] = [items[j]!, items[i]!];
      }
      return items;
    },
  };
}

/**
 * Runs a seeded test; a failure names the seed (and the env variable that replays it) and shows the
 * end of every gateway process's output.
 */
export async function withSeed(
  seed: number,
  data: GatewayData,
  fn: () => Promise<void>,
  opts: { env?: string; context?: () => string } = {},
): Promise<void> {
  try {
    await fn();
  } catch (e) {
    const logs = data
      .processes()
      .map((p) => `--- ${p.name} (pid ${p.pid}, port ${p.port}) ---\n${p.output().slice(-4000)}`)
      .join('\n');
    const env = opts.env ?? 'WALLETGATE_CRASH_SEED';
    if (e instanceof Error) e.message = `${e.message}\n[seed ${seed}: run again with ${env}=${seed}]\n${opts.context?.() ?? ''}\n${logs}`;
    throw e;
  }
}
