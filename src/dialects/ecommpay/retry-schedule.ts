/**
 * ecommpay's callback retry schedule (docs en_Gate_Callbacks): an unacknowledged callback is sent
 * again 6 times at 10-second intervals; after that, attempt n waits 70 + 10·1.12^(n−4) seconds, a
 * wait that grows until it reaches 4 hours and then stays there; at most 120 attempts, over at most
 * 11 days. No jitter: the schedule is ecommpay's published one.
 */
import type { RetrySchedule } from '../../core/ports/notify.js';

export const ECP_FIRST_RETRIES = 6;
export const ECP_FIRST_RETRY_MS = 10_000;
export const ECP_MAX_WAIT_MS = 4 * 60 * 60_000;
export const ECP_MAX_ATTEMPTS = 120;
export const ECP_GIVE_UP_AFTER_MS = 11 * 24 * 60 * 60_000;

/** The wait after `attempt` failed attempts (1-based). */
export function ecommpayRetryDelayMs(attempt: number): number {
  if (attempt <= ECP_FIRST_RETRIES) return ECP_FIRST_RETRY_MS;
  return Math.min(Math.round((70 + 10 * 1.12 ** (attempt - 4)) * 1000), ECP_MAX_WAIT_MS);
}

export const ecommpayRetrySchedule: RetrySchedule = (createdAt, attempt, now) => {
  if (attempt >= ECP_MAX_ATTEMPTS) return null;
  const at = new Date(now.getTime() + ecommpayRetryDelayMs(attempt));
  return at.getTime() - createdAt.getTime() > ECP_GIVE_UP_AFTER_MS ? null : at;
};
