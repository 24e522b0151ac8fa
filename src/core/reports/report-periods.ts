/**
 * The periods of scheduled reports (ADR 0025), in UTC: a day; a week from Monday 00:00 to the next
 * Monday; a calendar month. Pure functions: a schedule's next run is the end of the period it will
 * report on, and when it is due it reports the period just before it.
 */
import type { ReportPeriod } from '../ports/report-store.js';

const DAY_MS = 86_400_000;

/** The start of the period `t` falls in. */
export function periodStart(period: ReportPeriod, t: Date): Date {
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth();
  const d = t.getUTCDate();
  switch (period) {
    case 'daily':
      return new Date(Date.UTC(y, m, d));
    case 'weekly': {
      const sinceMonday = (t.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(y, m, d) - sinceMonday * DAY_MS);
    }
    case 'monthly':
      return new Date(Date.UTC(y, m, 1));
  }
}

/** The start of the period after the one `t` falls in (its end). */
export function periodEnd(period: ReportPeriod, t: Date): Date {
  const start = periodStart(period, t);
  switch (period) {
    case 'daily':
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1));
    case 'weekly':
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 7));
    case 'monthly':
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  }
}

/** The whole period that ends at `end` (a period boundary): [start, end). */
export function periodBefore(period: ReportPeriod, end: Date): { from: Date; to: Date } {
  return { from: periodStart(period, new Date(end.getTime() - 1)), to: end };
}
