/**
 * Customer tokens (src/core/ids.ts, ADR 0033): 32 URL-safe characters, 8 of them the time the token
 * was made, ordered so that a later token sorts after an earlier one in a byte-wise comparison (as
 * SQLite's and PostgreSQL's "C" text comparisons put them in the index), and 144 random bits that
 * never repeat.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { newCustomerToken } from '../../src/core/ids.js';

/** Byte-wise order, as an index on a text column without a locale compares. */
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('customer tokens', () => {
  it('are 32 URL-safe characters, the last 24 random: no two of 10,000 made in the same millisecond are equal', () => {
    const now = Date.now();
    const made = Array.from({ length: 10_000 }, () => newCustomerToken(now));
    for (const t of made) assert.match(t, /^[A-Za-z0-9_-]{32}$/);
    assert.equal(new Set(made).size, made.length);
    assert.equal(new Set(made.map((t) => t.slice(0, 8))).size, 1, 'one millisecond, one time part');
    assert.equal(new Set(made.map((t) => t.slice(8))).size, made.length);
  });

  it('sort by the time they were made, byte-wise, whatever their random part', () => {
    // any two times from 1970 to the year 10889 (2^48 ms), in both orders
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), fc.integer({ min: 0, max: 2 ** 48 - 1 }), (a, b) => {
        const ta = newCustomerToken(a);
        const tb = newCustomerToken(b);
        if (a === b) assert.equal(ta.slice(0, 8), tb.slice(0, 8));
        else assert.equal(Math.sign(byteOrder(ta, tb)), Math.sign(a - b), `${a} ${ta} / ${b} ${tb}`);
      }),
      { numRuns: 2_000 },
    );
  });

  it('one millisecond later sorts after, at every digit that carries', () => {
    for (const ms of [0, 63, 64, 4095, 4096, Date.UTC(2026, 11, 3), 2 ** 47, 2 ** 48 - 2]) {
      assert.ok(byteOrder(newCustomerToken(ms), newCustomerToken(ms + 1)) < 0, String(ms));
    }
  });
});
