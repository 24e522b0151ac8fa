/**
 * How long SQLite's log syncs take, as src/storage/sqlite/log-durability.ts counts them for
 * /metrics (walletgate_sqlite_log_sync_duration_seconds): each sync that returns is counted once,
 * under the first bound it does not exceed, with its seconds in the sum; a failed one is not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogDurability, SYNC_SECONDS_BOUNDS } from '../../src/storage/sqlite/log-durability.js';

/** A log whose syncs each take the next of `durationsMs` on a clock the test moves; `fail` makes the next one fail. */
function timedLog(durationsMs: number[]) {
  let now = 0;
  const next = [...durationsMs];
  let failNext = false;
  const log = new LogDurability(
    () =>
      new Promise<void>((resolve, reject) => {
        // the sync "takes" its time: the clock moves before it returns
        now += next.shift() ?? 0;
        if (failNext) reject(new Error('EIO'));
        else resolve();
      }),
    () => now,
  );
  return {
    log,
    fail: () => (failNext = true),
    /** one durable commit, answered once a sync covers it */
    commit: () => new Promise<void>((resolve, reject) => log.committed([{ resolve, reject }])),
  };
}

const countAt = (counts: readonly number[], bound: number) => counts[SYNC_SECONDS_BOUNDS.indexOf(bound)];

describe('log sync durations', () => {
  it('counts each sync under the first bound it does not exceed, and sums their seconds', async () => {
    const { log, commit } = timedLog([0.3, 0.5, 7, 25, 3000]);
    for (let i = 0; i < 5; i++) await commit();
    const d = log.syncDurations;
    assert.equal(log.syncs, 5);
    assert.deepEqual(d.bounds, SYNC_SECONDS_BOUNDS);
    assert.equal(countAt(d.counts, 0.0005), 2, '0.3 and 0.5 ms (a bound is inclusive)');
    assert.equal(countAt(d.counts, 0.01), 1, '7 ms');
    assert.equal(countAt(d.counts, 0.025), 1, '25 ms');
    assert.equal(
      d.counts.reduce((a, b) => a + b, 0),
      4,
      'the 3 s sync is beyond the last bound: counted in syncs (+Inf), in no bucket',
    );
    assert.ok(Math.abs(d.sumSeconds - 3.0328) < 1e-9, `sum ${d.sumSeconds}`);
  });

  it('a snapshot does not move with later syncs; a failed sync is not counted', async () => {
    const { log, commit, fail } = timedLog([2, 2]);
    await commit();
    const first = log.syncDurations;
    fail();
    await assert.rejects(commit(), /EIO/);
    assert.equal(countAt(first.counts, 0.0025), 1);
    assert.deepEqual(log.syncDurations, first, 'the failed sync left the counts as they were');
    assert.equal(log.syncs, 1);
  });

  it('a log without syncs (synchronous=FULL) counts none', async () => {
    const log = new LogDurability(undefined);
    await new Promise<void>((resolve, reject) => log.committed([{ resolve, reject }]));
    assert.equal(log.syncs, 0);
    assert.equal(
      log.syncDurations.counts.every((n) => n === 0),
      true,
    );
  });
});
