/** The scheduled reports' periods (ADR 0025), in UTC: days, Monday-to-Sunday weeks, calendar months; month ends and leap years. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { periodBefore, periodEnd, periodStart } from '../../src/core/reports/report-periods.js';

const at = (iso: string) => new Date(iso);
const range = (r: { from: Date; to: Date }) => [r.from.toISOString(), r.to.toISOString()];

describe('report periods', () => {
  it('a day runs from UTC midnight to the next', () => {
    assert.equal(periodStart('daily', at('2026-03-05T23:59:59.999Z')).toISOString(), '2026-03-05T00:00:00.000Z');
    assert.equal(periodEnd('daily', at('2026-12-31T12:00:00Z')).toISOString(), '2027-01-01T00:00:00.000Z');
    assert.deepEqual(range(periodBefore('daily', at('2026-03-01T00:00:00Z'))), ['2026-02-28T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
    assert.deepEqual(range(periodBefore('daily', at('2024-03-01T00:00:00Z'))), ['2024-02-29T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
  });

  it('a week runs from Monday 00:00 UTC to the next Monday, across months and years', () => {
    // 2026-01-01 is a Thursday: its week began on Monday 2025-12-29
    assert.equal(periodStart('weekly', at('2026-01-01T10:00:00Z')).toISOString(), '2025-12-29T00:00:00.000Z');
    assert.equal(periodEnd('weekly', at('2026-01-01T10:00:00Z')).toISOString(), '2026-01-05T00:00:00.000Z');
    // a Sunday belongs to the week that began six days before; a Monday starts its own
    assert.equal(periodStart('weekly', at('2026-03-08T23:00:00Z')).toISOString(), '2026-03-02T00:00:00.000Z');
    assert.equal(periodStart('weekly', at('2026-03-09T00:00:00Z')).toISOString(), '2026-03-09T00:00:00.000Z');
    assert.deepEqual(range(periodBefore('weekly', at('2026-03-09T00:00:00Z'))), ['2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z']);
  });

  it('a month is the calendar month: 28, 29, 30 or 31 days', () => {
    assert.equal(periodEnd('monthly', at('2026-01-31T23:59:59Z')).toISOString(), '2026-02-01T00:00:00.000Z');
    assert.equal(periodEnd('monthly', at('2026-12-15T00:00:00Z')).toISOString(), '2027-01-01T00:00:00.000Z');
    assert.deepEqual(range(periodBefore('monthly', at('2024-03-01T00:00:00Z'))), ['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    const feb = (y: number) => {
      const p = periodBefore('monthly', periodEnd('monthly', at(`${y}-02-10T00:00:00Z`)));
      return (p.to.getTime() - p.from.getTime()) / 86_400_000;
    };
    assert.deepEqual([feb(2024), feb(2025), feb(2000), feb(2100)], [29, 28, 29, 28]);
    assert.deepEqual(range(periodBefore('monthly', at('2026-05-01T00:00:00Z'))), ['2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z']);
  });
});
