/**
 * A labelled Prometheus counter fed on the request path (a status change, a delivery attempt),
 * exposed exactly as prom-client's `Counter` exposes one (test/observability checks it byte for
 * byte) but found by its label values through a tree of Maps (labelled-metric.ts) instead of a
 * key string built and label names checked on every `inc` (about 1.4 % of a Checkout.com create
 * with the histograms already moved, docs/benchmarks.md). As LabelledHistogram (ADR 0044), it
 * registers itself in a prom-client `Registry`, which reads it with `get` and `reset`.
 */
import { LabelledMetric, type LabelledMetricConfig } from './labelled-metric.js';

interface CounterSeries {
  value: number;
  readonly labels: Readonly<Record<string, string>>;
}

export class LabelledCounter<L extends string> extends LabelledMetric<L, CounterSeries> {
  readonly type = 'counter';

  constructor(config: LabelledMetricConfig<L>) {
    super(config, (labels) => ({ value: 0, labels }));
  }

  /** Adds `by` (1 unless given; never negative) to the series of these label values, in `labelNames`' order. */
  inc(values: readonly string[], by = 1): void {
    if (!Number.isFinite(by)) throw new TypeError(`Value is not a valid number: ${by}`);
    if (by < 0) throw new Error('It is not possible to decrease a counter');
    this.series(values).value += by;
  }

  /** What prom-client's Registry reads, as text and as JSON: each series' value and labels. */
  get(): Promise<{ help: string; name: string; type: 'counter'; values: CounterSeries[]; aggregator: 'sum' }> {
    const values = this.all.map((s) => ({ value: s.value, labels: s.labels }));
    return Promise.resolve({ help: this.help, name: this.name, type: this.type, values, aggregator: this.aggregator });
  }
}
