/**
 * Random bytes for the identifiers made on every request (a payment's customer token, a webhook's
 * event id, an ecommpay request id): the same CSPRNG as `crypto.randomBytes`, drawn from a 4 KiB
 * pool that `randomFillSync` refills when it runs out, as Node's own `randomUUID` keeps an entropy
 * cache. One `randomBytes(18)` cost about 5 µs of CPU here, a pooled draw 0.2 µs
 * (docs/benchmarks.md). Each byte is handed out once, and zeroed in the pool when it is; a draw is
 * the caller's own copy. Keys and other long-lived secrets still come from `randomBytes` itself.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
/** The most one draw may take: a larger one is filled on its own. */
const MAX_DRAW = 256;

const pool = Buffer.alloc(POOL_BYTES);
/** The first byte of the pool not yet handed out (POOL_BYTES: empty, refilled at the next draw). */
let next = POOL_BYTES;

/** `n` fresh random bytes (n ≥ 0), a Buffer of the caller's own. */
export function pooledRandomBytes(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`pooledRandomBytes: ${n} is not a byte count`);
  if (n > MAX_DRAW) return randomFillSync(Buffer.alloc(n));
  if (next + n > POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  const out = Buffer.from(pool.subarray(next, next + n));
  pool.fill(0, next, next + n);
  next += n;
  return out;
}
