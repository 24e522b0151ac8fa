/**
 * When the sweeper looks at a record waiting for its customer (a payment created or pending the
 * customer, an agreement pending), ADR 0051. No I/O: test/core/sweep-schedule.test.ts.
 *
 * Its first look comes once the record is older than the in-flight grace (a younger one may still
 * have its own wallet call under way). After a look that settles nothing, the next comes at growing
 * intervals: as long again as the record's age (so at about 1, 2, 4, 8 … times the first look's
 * age), at least `MIN_LOOK_INTERVAL_MS` and at most `MAX_LOOK_INTERVAL_MS` later. Sooner when a
 * deadline comes first, and then at that deadline: the record's expiry, the end of the abandon
 * grace of a checkout the wallet called abandoned, the end of an in-flight grace. Each deadline
 * comes once, so no record is looked at on every pass.
 *
 * Every waiting record is so looked at in turn, however many are open: before, the sweeper asked
 * about the same oldest hundred on every pass.
 */
import type { ConnectorState } from '../model.js';
import type { SweepClock } from './sweep-decisions.js';

/** The least time between two looks at one record: about one pass of the running sweeper. */
export const MIN_LOOK_INTERVAL_MS = 5_000;
/** The most: a checkout open for hours is still asked about every ten minutes. */
export const MAX_LOOK_INTERVAL_MS = 10 * 60_000;

export interface Scheduled {
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date | null;
  connectorState: Pick<ConnectorState, 'abandonedSeenAt'>;
}

/** Records created at this time or before are old enough for their first look. */
export function firstLookBy(clock: SweepClock): Date {
  return new Date(clock.now.getTime() - clock.inFlightGraceMs);
}

/** When the sweeper looks at `rec` next, having looked at it now and left it waiting. */
export function nextLookAt(rec: Scheduled, clock: SweepClock): Date {
  const now = clock.now.getTime();
  const age = Math.max(0, now - rec.createdAt.getTime());
  const deadlines = [rec.updatedAt.getTime() + clock.inFlightGraceMs];
  const seen = rec.connectorState.abandonedSeenAt;
  if (seen !== undefined) deadlines.push(Date.parse(seen) + clock.abandonGraceMs);
  if (rec.expiresAt !== null) deadlines.push(rec.expiresAt.getTime());
  // a deadline still ahead is looked at when it comes; one already past gave this look its answer
  const ahead = deadlines.filter((at) => at > now);
  return new Date(Math.min(now + Math.min(MAX_LOOK_INTERVAL_MS, Math.max(MIN_LOOK_INTERVAL_MS, age)), ...ahead));
}
