/**
 * The series of a labelled metric (labelled-histogram.ts, labelled-counter.ts), found by their label
 * values through a tree of Maps, one level per label: no key string is built and no label name
 * checked on the way, as prom-client does on every call. Made on first use and kept in that order,
 * the order prom-client exposes its series in.
 */

interface Tree<S> {
  children: Map<string, Tree<S>>;
  series?: S;
}

export class SeriesByLabels<S> {
  #root: Tree<S> = { children: new Map() };
  #all: S[] = [];

  constructor(
    private readonly metric: string,
    private readonly labelNames: readonly string[],
    private readonly make: (labels: Readonly<Record<string, string>>) => S,
  ) {}

  /** The series of these label values, given in `labelNames`' order; made on first use. */
  get(values: readonly string[]): S {
    if (values.length !== this.labelNames.length) {
      throw new Error(`${this.metric} takes ${this.labelNames.length} label values (${this.labelNames.join(', ')}), not ${values.length}`);
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
  get all(): readonly S[] {
    return this.#all;
  }

  reset(): void {
    this.#root = { children: new Map() };
    this.#all = [];
  }
}
