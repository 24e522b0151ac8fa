/**
 * The sandboxes' ids and tokens come from a pool of random bytes (src/sandbox/random-hex.ts): each
 * is the asked length in lowercase hex, no byte is handed out twice (across the pool's refills too),
 * and the bytes are not a constant or a counter.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomHex } from '../../src/sandbox/random-hex.js';

describe('randomHex', () => {
  it('gives 2 × bytes lowercase hex digits, distinct across several refills of the pool', () => {
    const seen = new Set<string>();
    // 3,000 ids of 10 bytes: 30,000 bytes, more than seven 4 KiB pools
    for (let i = 0; i < 3000; i++) {
      const id = randomHex(10);
      assert.match(id, /^[0-9a-f]{20}$/);
      seen.add(id);
    }
    assert.equal(seen.size, 3000);
  });

  it('the bytes are spread as random bytes are: every hex digit about as often', () => {
    const counts = new Map<string, number>();
    const text = Array.from({ length: 2000 }, () => randomHex(16)).join('');
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
    assert.equal(counts.size, 16);
    // 64,000 digits: 4,000 each on average; a constant, a counter or a stuck pool is far outside this band
    for (const [digit, n] of counts) assert.ok(n > 3400 && n < 4600, `${digit}: ${n}`);
  });

  it('takes 1 to 256 bytes, and says so otherwise', () => {
    assert.match(randomHex(1), /^[0-9a-f]{2}$/);
    assert.match(randomHex(256), /^[0-9a-f]{512}$/);
    for (const bad of [0, 257, 1.5, -1]) assert.throws(() => randomHex(bad), /bytes must be 1–256/);
  });
});
