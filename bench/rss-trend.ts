/**
 * A process's resident memory over a long load (the soak), and whether it leaks. A V8 process's RSS
 * is a sawtooth: its heap fills with garbage up to a limit and a mark-compact empties it, and the
 * gateway swung between 172 and 246 MB within a minute of full flows (docs/benchmarks.md, 2026-12-03
 * (dusk)). Two readings, one after the settling load and one at the end, differ by wherever each
 * fell on that saw: the same build measured −38 MB one day and +73 MB another. A leak raises the
 * troughs, so the growth is the lowest reading of the last window less the lowest of the first.
 */
import { rssMb } from './process-memory.js';

/** One reading: ms since the watch began, and the RSS in MB. */
export type RssSample = readonly [ms: number, mb: number];

export interface RssWatch {
  /** Reads now (the timer calls this too). */
  sample(): Promise<void>;
  /** Stops the timer after a last reading; every reading, oldest first. */
  stop(): Promise<RssSample[]>;
}

export function watchRss(pid: number, intervalMs = 1_000): RssWatch {
  const began = Date.now();
  const samples: RssSample[] = [];
  const sample = async (): Promise<void> => {
    const mb = await rssMb(pid);
    if (mb !== null) samples.push([Date.now() - began, mb]);
  };
  const timer = setInterval(() => void sample(), intervalMs);
  timer.unref();
  return {
    sample,
    async stop() {
      clearInterval(timer);
      await sample();
      // a copy: a reading the timer began before the stop may still land in `samples`
      return [...samples].sort((a, b) => a[0] - b[0]);
    },
  };
}

export interface TroughGrowth {
  /** The lowest reading in the first window and in the last, MB. */
  firstLow: number;
  lastLow: number;
  /** lastLow − firstLow. */
  growthMb: number;
  /** The window, in seconds: a third of the readings' span, at most two minutes (a saw's tooth or two). */
  windowSeconds: number;
  /** The highest reading of all, MB (how tall the saw is, for the report). */
  peak: number;
}

/** The troughs' growth; null with fewer than three readings. */
export function troughGrowth(samples: readonly RssSample[], maxWindowMs = 120_000): TroughGrowth | null {
  if (samples.length < 3) return null;
  const start = samples[0]![0];
  const end = samples[samples.length - 1]![0];
  const window = Math.min(maxWindowMs, (end - start) / 3);
  const lowest = (from: number, to: number): number => Math.min(...samples.filter(([ms]) => ms >= from && ms <= to).map(([, mb]) => mb));
  const firstLow = lowest(start, start + window);
  const lastLow = lowest(end - window, end);
  return {
    firstLow,
    lastLow,
    growthMb: lastLow - firstLow,
    windowSeconds: window / 1000,
    peak: Math.max(...samples.map(([, mb]) => mb)),
  };
}
