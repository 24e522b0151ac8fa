import { pooledRandomBytes } from './random-bytes.js';

/** 64 URL-safe characters in ascending byte order, so that encoded numbers sort as the numbers do. */
const ORDERED = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

/** `ms` (0 ≤ ms < 2^48, until the year 10889) in 8 characters of ORDERED: later times sort after. */
function timePrefix(ms: number): string {
  let out = '';
  for (let i = 7; i >= 0; i--) out += ORDERED[Math.floor(ms / 2 ** (6 * i)) % 64];
  return out;
}

/**
 * An unguessable token for customer-facing URLs (/pay/{token}): 144 random bits, URL-safe, after
 * the time it was made (ms, 8 characters that sort as time does). The time part only orders the
 * tokens, so each new one lands at the end of the token index (a page already in SQLite's cache and
 * shared by the batch), not on a random page of it (ADR 0033); it reveals when the checkout was
 * opened, which the customer's page shows anyway.
 */
export function newCustomerToken(now: number = Date.now()): string {
  return timePrefix(now) + pooledRandomBytes(18).toString('base64url');
}
