/**
 * Sealed secrets (src/core/secrets.ts, ADR 0002): what is sealed unseals to the same secret under
 * the same master key, again and again (the second time from memory); a wrong master key or a
 * tampered text fails every time, even right after the right key unsealed it. A presented secret is
 * compared with its stored hash in constant time, whether hashed there or once by its caller.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashesMatch, hashSecret, sealSecret, secretMatches, unsealSecret } from '../../src/core/secrets.js';

describe('sealed secrets', () => {
  it('unseal gives back the secret, every time; each seal of it is a different text', () => {
    const sealed = sealSecret('sk_test_secret', 'master-1');
    assert.notEqual(sealSecret('sk_test_secret', 'master-1'), sealed, 'a fresh IV each time');
    for (let i = 0; i < 3; i++) assert.equal(unsealSecret(sealed, 'master-1'), 'sk_test_secret');
  });

  it('a wrong master key fails, also after the right one has unsealed the same text', () => {
    const sealed = sealSecret('another-secret', 'master-right');
    assert.equal(unsealSecret(sealed, 'master-right'), 'another-secret');
    assert.throws(() => unsealSecret(sealed, 'master-wrong'), /unable to authenticate|Unsupported state/);
    assert.throws(() => unsealSecret(sealed, 'master-wrong'), /unable to authenticate|Unsupported state/);
  });

  it('a tampered text fails, every time', () => {
    const sealed = sealSecret('third-secret', 'master-1');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    const tampered = [parts[0], parts[1], parts[2], body.toString('base64url')].join('.');
    assert.throws(() => unsealSecret(tampered, 'master-1'));
    assert.throws(() => unsealSecret(tampered, 'master-1'));
    assert.throws(() => unsealSecret('v2.a.b.c', 'master-1'), /unknown format/);
  });

  it('many different secrets: each still unseals to its own (the memory is bounded, not wrong)', () => {
    const sealedOnes = Array.from({ length: 1_500 }, (_, i) => [sealSecret(`secret-${i}`, 'master-1'), `secret-${i}`] as const);
    for (const [sealed, secret] of sealedOnes) assert.equal(unsealSecret(sealed, 'master-1'), secret);
    for (const [sealed, secret] of sealedOnes.slice(0, 10)) assert.equal(unsealSecret(sealed, 'master-1'), secret);
  });

  it('a presented secret matches its stored hash, hashed here or once by the caller; another secret, or a malformed hash, does not', () => {
    const stored = hashSecret('sk_live_right');
    assert.equal(secretMatches('sk_live_right', stored), true);
    assert.equal(hashesMatch(hashSecret('sk_live_right'), stored), true);
    assert.equal(secretMatches('sk_live_wrong', stored), false);
    assert.equal(hashesMatch(hashSecret('sk_live_wrong'), stored), false);
    assert.equal(hashesMatch(hashSecret('sk_live_right'), stored.slice(0, 32)), false, 'a shorter hash never matches');
  });
});
