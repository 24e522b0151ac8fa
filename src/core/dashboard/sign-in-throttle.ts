/**
 * The sign-in throttle (ADR 0022), shared by the password step and the TOTP code step (ADR 0026):
 * failures are counted per key (an account, an address, a user's code), a key past its limit is
 * locked for a growing delay, and while any of a request's keys is locked nothing is tried.
 */
import type { Repos } from '../ports/store.js';
import { FAILURE_MEMORY_MS, lockFor } from './dashboard-policy.js';

/** How long the longest lock of `keys` still runs at `now`, in ms; 0: none. */
export async function lockedFor(tx: Pick<Repos, 'loginFailures'>, keys: string[], now: Date): Promise<number> {
  let ms = 0;
  for (const key of keys) {
    const until = (await tx.loginFailures.get(key))?.lockedUntil;
    if (until && until > now) ms = Math.max(ms, until.getTime() - now.getTime());
  }
  return ms;
}

/** Counts one failure under each key (with its limit), locks those past it; the longest lock set, in ms. */
export async function recordFailures(tx: Pick<Repos, 'loginFailures'>, keys: (readonly [string, number])[], now: Date): Promise<number> {
  let longest = 0;
  for (const [key, limit] of keys) {
    const counted = await tx.loginFailures.recordFailure(key, now, new Date(now.getTime() - FAILURE_MEMORY_MS));
    const ms = lockFor(counted.failures, limit);
    if (ms > 0) await tx.loginFailures.lock(key, new Date(now.getTime() + ms));
    longest = Math.max(longest, ms);
  }
  return longest;
}
