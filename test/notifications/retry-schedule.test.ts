import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextAttemptAt, retryDelayMs, RETRY_CAP_MS, RETRY_GIVE_UP_AFTER_MS } from '../../src/notifications/retry-schedule.js';

describe('notification retry schedule', () => {
  it('doubles from 30 s, capped at 6 h, with ±20 % jitter', () => {
    assert.equal(
      retryDelayMs(1, () => 0.5),
      30_000,
    );
    assert.equal(
      retryDelayMs(2, () => 0.5),
      60_000,
    );
    assert.equal(
      retryDelayMs(5, () => 0.5),
      480_000,
    );
    assert.equal(
      retryDelayMs(40, () => 0.5),
      RETRY_CAP_MS,
    );
    assert.equal(
      retryDelayMs(1, () => 0),
      24_000,
    );
    assert.equal(
      retryDelayMs(1, () => 0.999999),
      36_000,
    );
  });

  it('keeps trying for at least 3 days, then gives up', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    let now = created;
    let attempt = 0;
    for (;;) {
      attempt++;
      const next = nextAttemptAt(created, attempt, now, () => 0.5);
      if (!next) break;
      assert.ok(next > now);
      now = next;
    }
    const span = now.getTime() - created.getTime();
    assert.ok(span >= RETRY_GIVE_UP_AFTER_MS - RETRY_CAP_MS * 1.2, `retried for ${span / 3_600_000} h`);
    assert.ok(attempt > 15 && attempt < 40, `${attempt} attempts`);
  });
});
