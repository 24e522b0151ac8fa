/**
 * What the labelled metrics fed on the request path share (labelled-histogram.ts,
 * labelled-counter.ts; ADR 0044): their series, found by their label values through a tree of Maps,
 * one level per label, with no key string built and no label name checked on the way, as prom-client
 * does on every call; made on first use and kept in that order, the order prom-client exposes its
 * series in. Each metric registers itself in a prom-client `Registry`, which reads it as it reads its
 * own (`get`, a histogram's `getForPromString`, `reset`).
 */
import type { Metric, Registry } from 'prom-client';

interface Tree<S> {
  children: Map<string, Tree<S>>;
  series?: S;
}

export interface LabelledMetricConfig<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  registers: readonly Registry[];
}

export abstract class LabelledMetric<L extends string, S> {
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  #root: Tree<S> = { children: new Map() };
  #all: S[] = [];

  constructor(
    config: LabelledMetricConfig<L>,
    private readonly make: (labels: Readonly<Record<string, string>>) => S,
  ) {
    this.name = config.name;
    this.help = config.help;
    this.labelNames = config.labelNames;
    // the Registry reads any object with prom-client's metric methods; its type lists only its own classes
    for (const registry of config.registers) registry.registerMetric(this as unknown as Metric);
  }

  /**
   * The series of these label values, given in `labelNames`' order; made on first use. A caller
   * that feeds the same labels again and again may keep what this returns.
   */
  series(values: readonly string[]): S {
    if (values.length !== this.labelNames.length) {
      throw new Error(`${this.name} takes ${this.labelNames.length} label values (${this.labelNames.join(', ')}), not ${values.length}`);
    }
    let node = this.#root;
    for (const value of values) {
      let next = node.children.get(value);
      if (next === undefined) {
        next = { children: new Map() };
        node.children.set(value, next);
      }
      node = next;
    }
    if (node.series === undefined) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = values[i]!));
      node.series = this.make(labels);
      this.#all.push(node.series);
    }
    return node.series;
  }

  /** Every series, in the order each was first asked for. */
  protected get all(): readonly S[] {
    return this.#all;
  }

  reset(): void {
    this.#root = { children: new Map() };
    this.#all = [];
  }
}
