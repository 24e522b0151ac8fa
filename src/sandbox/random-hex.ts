/**
 * Hex digits of cryptographically random bytes, for the sandboxes' ids and tokens (tids, aids,
 * pg_tokens, the bank's transfer references, the card processor's ids). Drawn from a pool filled
 * 4 KiB at a time, as Node's own `randomUUID` does: one `randomBytes` call an id cost about 20 µs
 * on this machine's VM, 3 % of the sandbox's CPU a full flow (docs/benchmarks.md, 2026-12-06
 * (third session)). Every byte is handed out once.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** `bytes` random bytes (1–256) as 2 × `bytes` lowercase hex digits. */
export function randomHex(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 256) throw new RangeError(`randomHex: bytes must be 1–256, not ${bytes}`);
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}
