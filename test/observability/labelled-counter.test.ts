/**
 * The request path's counters (src/observability/labelled-counter.ts) against prom-client's own
 * Counter: fed the same increments, a Registry exposes both byte for byte the same, as text and as
 * JSON; a decrease and a value that is not a number are refused, as prom-client refuses them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Counter, Registry } from 'prom-client';
import { LabelledCounter } from '../../src/observability/labelled-counter.js';

const NAMES = ['record', 'status', 'method'] as const;
const CONFIG = { name: 'walletgate_test_total', help: 'A test "counter"\nwith \\ in its help.', labelNames: NAMES };

type Values = [string, string, string];

function twoRegistries() {
  const theirs = new Registry();
  const ours = new Registry();
  const reference = new Counter({ ...CONFIG, labelNames: [...NAMES], registers: [theirs] });
  const fast = new LabelledCounter({ ...CONFIG, registers: [ours] });
  const inc = (values: Values, by?: number) => {
    const labels = { record: values[0], status: values[1], method: values[2] };
    if (by === undefined) reference.inc(labels);
    else reference.inc(labels, by);
    fast.inc(values, by);
  };
  return { theirs, ours, fast, inc };
}

const label = fc.constantFrom('payment', 'refund', 'succeeded', 'kakaopay', 'a"b', 'back\\slash', 'new\nline', '');
const values = fc.tuple(label, label, label);
const by = fc.option(fc.oneof(fc.constantFrom(0, 1, 2.5), fc.double({ min: 0, max: 1e6, noNaN: true })), { nil: undefined });

describe('LabelledCounter', () => {
  it("is exposed as prom-client's Counter, fed the same, as text and JSON", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(values, by), { maxLength: 60 }), async (increments) => {
        const { theirs, ours, inc } = twoRegistries();
        for (const [v, b] of increments) inc(v, b);
        assert.equal(await ours.metrics(), await theirs.metrics());
        assert.deepStrictEqual(await ours.getMetricsAsJSON(), await theirs.getMetricsAsJSON());
      }),
      { numRuns: 200 },
    );
  });

  it('counts one by default, and as many as asked', async () => {
    const { ours, fast } = twoRegistries();
    fast.inc(['payment', 'succeeded', 'kakaopay']);
    fast.inc(['payment', 'succeeded', 'kakaopay'], 2);
    assert.match(await ours.metrics(), /walletgate_test_total\{record="payment",status="succeeded",method="kakaopay"\} 3\n/);
  });

  it('refuses a decrease, a value that is not a number and a wrong number of label values', () => {
    const { fast } = twoRegistries();
    assert.throws(() => fast.inc(['a', 'b', 'c'], -1), /not possible to decrease a counter/);
    assert.throws(() => fast.inc(['a', 'b', 'c'], Number.NaN), /not a valid number/);
    assert.throws(() => fast.inc(['a', 'b'], 1), /takes 3 label values \(record, status, method\), not 2/);
  });

  it('starts over on reset', async () => {
    const { ours, fast } = twoRegistries();
    fast.inc(['a', 'b', 'c']);
    ours.resetMetrics();
    assert.doesNotMatch(await ours.metrics(), /record="a"/);
    fast.inc(['a', 'b', 'c']);
    assert.match(await ours.metrics(), /walletgate_test_total\{record="a",status="b",method="c"\} 1\n/);
  });
});
