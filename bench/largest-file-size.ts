/**
 * The largest a file grew to while something ran: read every `intervalMs` and once more at the end.
 * The soak watches the gateway's SQLite log with it (`walletgate.db-wal`), which must start over
 * instead of growing with the load (ADR 0013; a log that never restarted reached 208 MB in 8 s).
 */
import { statSync } from 'node:fs';

export interface FileSizeWatch {
  /** Reads the size now (the timer calls this too). */
  sample(): void;
  /** Stops the timer after a last read; the largest size seen in MB, or null if the file was never there. */
  stop(): number | null;
}

export function watchLargestSize(path: string, intervalMs = 500): FileSizeWatch {
  let largest: number | null = null;
  const sample = (): void => {
    try {
      const { size } = statSync(path);
      if (largest === null || size > largest) largest = size;
    } catch {
      // not there (yet, or any more): nothing to count
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return largest === null ? null : largest / 1024 / 1024;
    },
  };
}
