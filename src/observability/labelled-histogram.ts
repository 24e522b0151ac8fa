/**
 * A labelled Prometheus histogram for the request path, exposed exactly as prom-client's
 * `Histogram` exposes one (the same lines, in the same order; test/observability checks it byte for
 * byte) but cheaper to feed. prom-client's `observe` checks every label name against the metric's,
 * builds a key string from the labels and converts each bucket's bound to a property name, on every
 * call: about 2.5 % of a payment's create (docs/benchmarks.md). Here a series is found once, through
 * a tree of Maps keyed by the label values, and a caller that keeps it observes with an array write.
 *
 * It registers itself in a prom-client `Registry`, which reads it as it reads its own metrics
 * (`getForPromString`, `get`, `reset`; labelled-metric.ts).
 */
import { LabelledMetric, type LabelledMetricConfig } from './labelled-metric.js';

/** One combination of label values: its bucket counts (not cumulative), sum and count. */
export class HistogramSeries {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Array<number>(bounds.length).fill(0);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const { bounds, counts } = this;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        counts[i]!++;
        break;
      }
    }
    this.sum += value;
    this.count += 1;
  }
}

/** A line of the exposition, in the shape prom-client's Registry formats. */
interface ExposedValue {
  labels: Record<string, string | number>;
  sharedLabels?: Readonly<Record<string, string>>;
  value: number;
  metricName: string;
  /** null on bucket lines, undefined on the sum and count, as prom-client's own */
  exemplar: null | undefined;
}

export interface LabelledHistogramConfig<L extends string> extends LabelledMetricConfig<L> {
  buckets: readonly number[];
}

export class LabelledHistogram<L extends string> extends LabelledMetric<L, HistogramSeries> {
  readonly type = 'histogram';
  private readonly bounds: readonly number[];

  constructor(config: LabelledHistogramConfig<L>) {
    const bounds = [...config.buckets].sort((a, b) => a - b);
    super(config, (labels) => new HistogramSeries(labels, bounds));
    this.bounds = bounds;
  }

  observe(values: readonly string[], value: number): void {
    this.series(values).observe(value);
  }

  /** What prom-client's Registry formats as text: each bucket's label `le`, the series' labels shared. */
  getForPromString(): Promise<{ name: string; help: string; type: 'histogram'; values: ExposedValue[]; aggregator: 'sum' }> {
    const values: ExposedValue[] = [];
    const bucket = `${this.name}_bucket`;
    for (const s of this.all) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += s.counts[i]!;
        values.push({ labels: { le }, value: cumulative, metricName: bucket, exemplar: null, sharedLabels: s.labels });
      });
      values.push(
        { labels: { le: '+Inf' }, value: s.count, metricName: bucket, exemplar: null, sharedLabels: s.labels },
        { labels: {}, value: s.sum, metricName: `${this.name}_sum`, exemplar: undefined, sharedLabels: s.labels },
        { labels: {}, value: s.count, metricName: `${this.name}_count`, exemplar: undefined, sharedLabels: s.labels },
      );
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator });
  }

  /** The JSON form (Registry.getMetricsAsJSON): each line's labels with the series' merged in. */
  async get(): Promise<{ name: string; help: string; type: 'histogram'; values: ExposedValue[]; aggregator: 'sum' }> {
    const data = await this.getForPromString();
    data.values = data.values.map(({ sharedLabels, labels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } }));
    return data;
  }
}
