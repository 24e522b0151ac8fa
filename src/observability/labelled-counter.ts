/**
 * A labelled Prometheus counter fed on the request path (a status change, a delivery attempt),
 * exposed exactly as prom-client's `Counter` exposes one (test/observability checks it byte for
 * byte) but found by its label values through a tree of Maps (series-by-labels.ts) instead of a
 * key string built and label names checked on every `inc` (about 1.4 % of a Checkout.com create
 * with the histograms already moved, docs/benchmarks.md). As LabelledHistogram (ADR 0044), it
 * registers itself in a prom-client `Registry`, which reads it with `get` and `reset`.
 */
import type { Metric, Registry } from 'prom-client';
import { SeriesByLabels } from './series-by-labels.js';

interface CounterSeries {
  value: number;
  readonly labels: Readonly<Record<string, string>>;
}

export interface LabelledCounterConfig<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  registers: readonly Registry[];
}

export class LabelledCounter<L extends string> {
  readonly type = 'counter';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  readonly #byLabels: SeriesByLabels<CounterSeries>;

  constructor(config: LabelledCounterConfig<L>) {
    this.name = config.name;
    this.help = config.help;
    this.labelNames = config.labelNames;
    this.#byLabels = new SeriesByLabels(config.name, config.labelNames, (labels) => ({ value: 0, labels }));
    // the Registry reads any object with prom-client's metric methods; its type lists only its own classes
    for (const registry of config.registers) registry.registerMetric(this as unknown as Metric);
  }

  /** Adds `by` (1 unless given; never negative) to the series of these label values, in `labelNames`' order. */
  inc(values: readonly string[], by = 1): void {
    if (!Number.isFinite(by)) throw new TypeError(`Value is not a valid number: ${by}`);
    if (by < 0) throw new Error('It is not possible to decrease a counter');
    this.#byLabels.get(values).value += by;
  }

  reset(): void {
    this.#byLabels.reset();
  }

  /** What prom-client's Registry reads, as text and as JSON: each series' value and labels. */
  get(): Promise<{ help: string; name: string; type: 'counter'; values: CounterSeries[]; aggregator: 'sum' }> {
    const values = this.#byLabels.all.map((s) => ({ value: s.value, labels: s.labels }));
    return Promise.resolve({ help: this.help, name: this.name, type: this.type, values, aggregator: this.aggregator });
  }
}
