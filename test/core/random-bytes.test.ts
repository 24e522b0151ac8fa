/**
 * The pooled random bytes (src/core/random-bytes.ts): each draw has its length and is the caller's
 * own; draws across a refill of the pool and larger than the pool are random too; no two draws share
 * bytes; a bad count is refused.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pooledRandomBytes } from '../../src/core/random-bytes.js';

describe('pooledRandomBytes', () => {
  it('gives n bytes, different every time, across several refills of the 4 KiB pool', () => {
    const seen = new Set<string>();
    // 18-byte draws, as a customer token takes: 1,000 of them run through the pool four times
    for (let i = 0; i < 1_000; i++) {
      const b = pooledRandomBytes(18);
      assert.equal(b.length, 18);
      seen.add(b.toString('hex'));
    }
    assert.equal(seen.size, 1_000);
  });

  it('hands out a copy: changing a draw changes nothing the pool gives later', () => {
    const first = pooledRandomBytes(32);
    first.fill(0xab);
    const later = Array.from({ length: 200 }, () => pooledRandomBytes(32).toString('hex'));
    assert.ok(later.every((h) => h !== 'ab'.repeat(32)));
  });

  it('spreads its bytes over every value (a pool left unfilled would give zeros)', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 400; i++) for (const byte of pooledRandomBytes(64)) counts[byte]! += 1;
    // 25,600 bytes: about 100 of each value; a value never drawn would mean a broken source
    assert.ok(Math.min(...counts) > 40, `least frequent byte value drawn ${Math.min(...counts)} times`);
    assert.ok(Math.max(...counts) < 200, `most frequent byte value drawn ${Math.max(...counts)} times`);
  });

  it('fills a draw larger than a pooled one on its own, gives an empty draw, and refuses a bad count', () => {
    const big = pooledRandomBytes(5_000);
    assert.equal(big.length, 5_000);
    assert.ok(big.some((b) => b !== 0));
    assert.equal(pooledRandomBytes(0).length, 0);
    assert.throws(() => pooledRandomBytes(-1), RangeError);
    assert.throws(() => pooledRandomBytes(1.5), RangeError);
  });
});
