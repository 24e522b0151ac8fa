/**
 * API secrets: stored as SHA-256 for authentication (compared in constant time) and sealed with
 * AES-256-GCM under the gateway's master key, because some dialects must present the secret again
 * (GlobalPay signs notifications with the merchant's own SiteID:ApiKey).
 */
import { createCipheriv, createDecipheriv, createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** SHA-256 of the secret, in hex (crypto.hash: a quarter of createHash's CPU, a hash every authenticated request). */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  return hashesMatch(hashSecret(secret), storedHash);
}

/**
 * Constant-time comparison of a presented secret's hash (hashSecret) with a stored hash: for a caller
 * that has hashed the secret already to look it up, so it is hashed once a request, not once for
 * the look-up and once more for each comparison.
 */
export function hashesMatch(presentedHash: string, storedHash: string): boolean {
  const a = Buffer.from(presentedHash, 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

function keyBytes(masterKey: string): Buffer {
  return createHash('sha256').update(masterKey, 'utf8').digest();
}

export function sealSecret(secret: string, masterKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(masterKey), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/**
 * Secrets unsealed lately, by master key and sealed text: a notification to sign or a body signature
 * to check unseals the same few keys on every request, and AES-GCM's set-up was about 2 % of a
 * create's CPU (docs/benchmarks.md). A sealed text names one secret for ever (a new key is a new
 * sealed text), so nothing here goes stale; only successes are kept, so a wrong master key or a
 * tampered text fails every time. The process holds these secrets in memory to use them anyway.
 */
const unsealed = new Map<string, string>();
const MAX_UNSEALED = 1_024;

export function unsealSecret(sealed: string, masterKey: string): string {
  const key = `${masterKey}\u0000${sealed}`;
  const known = unsealed.get(key);
  if (known !== undefined) return known;
  const secret = unsealUncached(sealed, masterKey);
  if (unsealed.size >= MAX_UNSEALED) unsealed.clear();
  unsealed.set(key, secret);
  return secret;
}

function unsealUncached(sealed: string, masterKey: string): string {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('sealed secret has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', keyBytes(masterKey), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
