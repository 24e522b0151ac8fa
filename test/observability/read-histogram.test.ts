/**
 * A histogram read when Prometheus scrapes (src/observability/read-histogram.ts), as SQLite's log
 * sync durations are: exposed byte for byte as prom-client's own Histogram fed the same observations,
 * with counts kept elsewhere and read anew at every scrape.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Histogram, Registry } from 'prom-client';
import { ReadHistogram, type HistogramReading } from '../../src/observability/read-histogram.js';
import { SYNC_SECONDS_BOUNDS } from '../../src/storage/sqlite/log-durability.js';

const CONFIG = { name: 'walletgate_test_sync_seconds', help: 'Test syncs.', buckets: SYNC_SECONDS_BOUNDS };

/** What a store keeps: a count per bucket (not cumulative), the sum and the count, as log-durability.ts keeps them. */
function kept(observations: readonly number[]): HistogramReading {
  const counts = SYNC_SECONDS_BOUNDS.map(() => 0);
  for (const s of observations) {
    const i = SYNC_SECONDS_BOUNDS.findIndex((bound) => s <= bound);
    if (i >= 0) counts[i]! += 1;
  }
  return { counts, sum: observations.reduce((a, b) => a + b, 0), count: observations.length };
}

const seconds = fc.oneof(fc.constantFrom(0, ...SYNC_SECONDS_BOUNDS, 3, 1e4), fc.double({ min: 0, max: 5, noNaN: true }));

describe('ReadHistogram', () => {
  it("is exposed as prom-client's Histogram fed the same observations, as text and JSON", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(seconds, { maxLength: 50 }), async (observations) => {
        const theirs = new Registry();
        const ours = new Registry();
        const reference = new Histogram({ ...CONFIG, buckets: [...CONFIG.buckets], registers: [theirs] });
        for (const s of observations) reference.observe(s);
        new ReadHistogram({ ...CONFIG, registers: [ours] }, () => kept(observations));
        assert.equal(await ours.metrics(), await theirs.metrics());
        assert.deepStrictEqual(await ours.getMetricsAsJSON(), await theirs.getMetricsAsJSON());
      }),
      { numRuns: 200 },
    );
  });

  it('reads its counts anew at every scrape', async () => {
    const registry = new Registry();
    const observations: number[] = [0.0003];
    new ReadHistogram({ ...CONFIG, registers: [registry] }, () => kept(observations));
    assert.match(await registry.metrics(), /walletgate_test_sync_seconds_count 1\n/);
    observations.push(0.02, 4);
    const text = await registry.metrics();
    assert.match(text, /walletgate_test_sync_seconds_count 3\n/);
    assert.match(text, /walletgate_test_sync_seconds_bucket\{le="0.025"\} 2\n/);
    assert.match(text, /walletgate_test_sync_seconds_bucket\{le="2.5"\} 2\n/);
    assert.match(text, /walletgate_test_sync_seconds_bucket\{le="\+Inf"\} 3\n/);
  });

  it('refuses a reading with another number of buckets than it has', async () => {
    const registry = new Registry();
    new ReadHistogram({ ...CONFIG, registers: [registry] }, () => ({ counts: [1], sum: 0.1, count: 1 }));
    await assert.rejects(registry.metrics(), /read 1 bucket counts for 12 buckets/);
  });
});
