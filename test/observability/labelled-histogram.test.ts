/**
 * The request path's histogram (src/observability/labelled-histogram.ts) against prom-client's own
 * Histogram: fed the same observations, a Registry exposes both byte for byte the same, as text and
 * as JSON; and what it adds (a series kept and observed again) counts as a fresh lookup does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { LabelledHistogram } from '../../src/observability/labelled-histogram.js';

const NAMES = ['api', 'route', 'method', 'status'] as const;
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const CONFIG = { name: 'walletgate_test_seconds', help: 'A test "histogram"\nwith \\ in its help.', labelNames: NAMES, buckets: BUCKETS };

type Values = [string, string, string, string];

function twoRegistries() {
  const theirs = new Registry();
  const ours = new Registry();
  const reference = new Histogram({ ...CONFIG, labelNames: [...NAMES], registers: [theirs] });
  const fast = new LabelledHistogram({ ...CONFIG, registers: [ours] });
  const observe = (values: Values, value: number) => {
    reference.observe({ api: values[0], route: values[1], method: values[2], status: values[3] }, value);
    fast.observe(values, value);
  };
  return { theirs, ours, fast, observe };
}

// a few values each, some needing escapes, so series repeat and the exposition's escaping is exercised
const label = fc.constantFrom('globalpay', '/v1/payments/:id', 'POST', '201', 'a"b', 'back\\slash', 'new\nline', '');
const values = fc.tuple(label, label, label, label);
// bounds exactly, between them, below the first, beyond the last, fractions of a millisecond
const seconds = fc.oneof(fc.constantFrom(0, ...BUCKETS, 10.5, 1e6), fc.double({ min: 0, max: 20, noNaN: true }));

describe('LabelledHistogram', () => {
  it("is exposed as prom-client's Histogram, fed the same, as text and JSON", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(values, seconds), { maxLength: 60 }), async (observations) => {
        const { theirs, ours, observe } = twoRegistries();
        for (const [v, s] of observations) observe(v, s);
        assert.equal(await ours.metrics(), await theirs.metrics());
        assert.deepStrictEqual(await ours.getMetricsAsJSON(), await theirs.getMetricsAsJSON());
      }),
      { numRuns: 200 },
    );
  });

  it('counts through a kept series as through a lookup each time', async () => {
    const { theirs, ours, fast } = twoRegistries();
    const reference = theirs.getSingleMetric(CONFIG.name) as Histogram;
    const v: Values = ['globalpay', '/globalpay/v1/payments', 'POST', '201'];
    const kept = fast.series(v);
    for (const s of [0.0004, 0.003, 0.003, 7]) {
      kept.observe(s);
      reference.observe({ api: v[0], route: v[1], method: v[2], status: v[3] }, s);
    }
    assert.equal(await ours.metrics(), await theirs.metrics());
    assert.equal(fast.series(v), kept, 'the same labels give the same series');
    assert.equal(kept.count, 4);
    assert.deepEqual(kept.counts, [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('refuses a wrong number of label values and a value that is not a number', () => {
    const { fast } = twoRegistries();
    assert.throws(() => fast.observe(['a', 'b', 'c'], 1), /takes 4 label values \(api, route, method, status\), not 3/);
    assert.throws(() => fast.observe(['a', 'b', 'c', 'd'], Number.NaN), /not a valid number/);
    assert.throws(() => fast.observe(['a', 'b', 'c', 'd'], Number.POSITIVE_INFINITY), /not a valid number/);
  });

  it('starts over on reset, and its name cannot be registered twice', async () => {
    const { ours, fast, observe } = twoRegistries();
    observe(['a', 'b', 'c', 'd'], 0.2);
    assert.match(await ours.metrics(), /walletgate_test_seconds_count\{api="a",route="b",method="c",status="d"\} 1/);
    ours.resetMetrics();
    assert.doesNotMatch(await ours.metrics(), /_count/);
    fast.observe(['a', 'b', 'c', 'd'], 0.2);
    assert.match(await ours.metrics(), /_count\{api="a",route="b",method="c",status="d"\} 1\n/);
    assert.throws(() => new LabelledHistogram({ ...CONFIG, registers: [ours] }), /already been registered/);
  });
});
