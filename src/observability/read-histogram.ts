/**
 * A histogram without labels whose counts are kept elsewhere (SQLite's log syncs, counted by the
 * store: storage/sqlite/log-durability.ts) and read when Prometheus scrapes, as the read counters in
 * gateway-metrics.ts are. Exposed as LabelledHistogram exposes one (prom-client's format).
 */
import { LabelledHistogram } from './labelled-histogram.js';
import type { Registry } from 'prom-client';

/** What is read at each scrape: a count per bucket (not cumulative, in the order of the buckets), the sum, and the count of every observation. */
export interface HistogramReading {
  counts: readonly number[];
  sum: number;
  count: number;
}

export class ReadHistogram extends LabelledHistogram<never> {
  readonly #read: () => HistogramReading;

  constructor(
    config: { name: string; help: string; buckets: readonly number[]; registers: readonly Registry[] },
    read: () => HistogramReading,
  ) {
    super({ ...config, labelNames: [] });
    this.#read = read;
  }

  override getForPromString(): ReturnType<LabelledHistogram<never>['getForPromString']> {
    const reading = this.#read();
    const series = this.series([]);
    if (reading.counts.length !== series.counts.length) {
      throw new Error(`${this.name}: read ${reading.counts.length} bucket counts for ${series.counts.length} buckets`);
    }
    reading.counts.forEach((n, i) => (series.counts[i] = n));
    series.sum = reading.sum;
    series.count = reading.count;
    return super.getForPromString();
  }
}
