/**
 * When the sweeper looks at a waiting record again (sweep-schedule.ts, ADR 0051): growing intervals
 * by age, bounded, and a deadline still ahead (in-flight grace, abandon grace, expiry) looked at
 * when it comes, while one already past pulls nothing forward.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  firstLookBy,
  MAX_LOOK_INTERVAL_MS,
  MIN_LOOK_INTERVAL_MS,
  nextLookAt,
  type Scheduled,
} from '../../src/core/reconcile/sweep-schedule.js';
import type { SweepClock } from '../../src/core/reconcile/sweep-decisions.js';

const T0 = Date.UTC(2030, 0, 1);
const clockAt = (ms: number): SweepClock => ({ now: new Date(T0 + ms), inFlightGraceMs: 60_000, abandonGraceMs: 10_000 });
const rec = (over: Partial<Scheduled> = {}): Scheduled => ({
  createdAt: new Date(T0),
  updatedAt: new Date(T0),
  expiresAt: null,
  connectorState: {},
  ...over,
});
/** How long after `now` the next look comes. */
const wait = (r: Scheduled, now: number) => nextLookAt(r, clockAt(now)).getTime() - (T0 + now);

describe('sweep schedule', () => {
  it('a record is first looked at once older than the in-flight grace', () => {
    assert.equal(firstLookBy(clockAt(100_000)).getTime(), T0 + 40_000);
  });

  it('then again after as long as its age: 1, 2, 4, 8 … minutes', () => {
    assert.equal(wait(rec(), 60_000), 60_000);
    assert.equal(wait(rec(), 120_000), 120_000);
    assert.equal(wait(rec(), 240_000), 240_000);
    const looks = [60_000];
    while (looks.length < 6) looks.push(looks.at(-1)! + wait(rec(), looks.at(-1)!));
    assert.deepEqual(looks, [60_000, 120_000, 240_000, 480_000, 960_000, 1_560_000], 'doubling, then every ten minutes');
  });

  it('never sooner than the least interval, never later than the most', () => {
    assert.equal(wait(rec({ updatedAt: new Date(T0 - 120_000) }), 1_000), MIN_LOOK_INTERVAL_MS);
    assert.equal(wait(rec(), 5 * 3_600_000), MAX_LOOK_INTERVAL_MS);
  });

  it('a deadline still ahead comes first: expiry, the end of the abandon grace, the end of the in-flight grace', () => {
    assert.equal(wait(rec({ expiresAt: new Date(T0 + 100_000) }), 60_000), 40_000, 'expiry');
    const seen = new Date(T0 + 58_000).toISOString();
    assert.equal(wait(rec({ connectorState: { abandonedSeenAt: seen } }), 60_000), 8_000, 'abandon grace');
    assert.equal(wait(rec({ updatedAt: new Date(T0 + 30_000) }), 60_000), 30_000, 'in-flight grace of its last change');
    // with the graces at 0 (tests, a sweep run by hand) the next abandon look is at the sighting
    const quick: SweepClock = { now: new Date(T0 + 5), inFlightGraceMs: 0, abandonGraceMs: 1 };
    assert.equal(nextLookAt(rec({ connectorState: { abandonedSeenAt: new Date(T0 + 5).toISOString() } }), quick).getTime(), T0 + 6);
  });

  it('a deadline already past pulls nothing forward', () => {
    const r = rec({ expiresAt: new Date(T0 + 10_000), connectorState: { abandonedSeenAt: new Date(T0).toISOString() } });
    assert.equal(wait(r, 60_000), 60_000);
  });
});
