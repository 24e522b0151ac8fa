/**
 * When to try a notification again: exponential backoff from 30 s, doubling up to 6 h between
 * attempts, with ±20 % jitter so a merchant coming back online is not hit by a synchronized wave;
 * after 3 days without an acknowledgement the row is marked failed (manual resend still works).
 */
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 6 * 60 * 60_000;
export const RETRY_GIVE_UP_AFTER_MS = 3 * 24 * 60 * 60_000;

/** Delay before attempt number `attempt + 1`, given `attempt` failed ones so far (1-based). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1), RETRY_CAP_MS);
  const jitter = 0.8 + 0.4 * random();
  return Math.round(base * jitter);
}

/** Next attempt time, or null when the notification has been failing for longer than the give-up age. */
export function nextAttemptAt(createdAt: Date, attempt: number, now: Date, random?: () => number): Date | null {
  const at = new Date(now.getTime() + retryDelayMs(attempt, random));
  return at.getTime() - createdAt.getTime() > RETRY_GIVE_UP_AFTER_MS ? null : at;
}
