import { credentialLive, type DialectId, type Merchant } from '../model.js';
import type { Store } from '../ports/store.js';
import { hashesMatch, hashSecret, unsealSecret } from '../secrets.js';
import { AuthCache } from './auth-cache.js';

const caches = new WeakMap<Store, AuthCache>();

/**
 * The cache of what authentication reads, one per store (so per process: one store per process),
 * made on first use. Every authentication reads the store's version once and uses what was read at
 * that version only (./auth-cache.ts, ADR 0014).
 */
export function authCacheOf(store: Store): AuthCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new AuthCache(store);
    caches.set(store, cache);
  }
  return cache;
}

/**
 * Finds the merchant owning (dialect, keyId, secret). A key id belongs to one merchant and a secret
 * is one key (the database keeps both, ADR 0010), so at most one key matches. Every stored key for
 * the keyId is compared, in constant time each, so timing reveals neither which key matched nor how
 * much of it. A key past its expiry (a rotated key after its overlap, ADR 0026) is no key: `now`
 * is the caller's clock (CoreDeps.clock).
 */
export async function authenticate(
  store: Store,
  dialect: DialectId,
  keyId: string,
  secret: string,
  now: Date = new Date(),
): Promise<Merchant | undefined> {
  const known = await authCacheOf(store).reads();
  const candidates = (await known.findByKeyId(dialect, keyId)).filter((c) => c.kind === 'api_key' && credentialLive(c, now));
  const presented = hashSecret(secret);
  let merchantId: string | undefined;
  for (const c of candidates) {
    if (hashesMatch(presented, c.secretHash) && merchantId === undefined) merchantId = c.merchantId;
  }
  return merchantId === undefined ? undefined : known.merchant(merchantId);
}

/**
 * Finds the merchant owning an API key sent alone (Adyen X-API-Key, Checkout.com sk_…), and the key
 * id it belongs to (merchant account, processing channel). Looked up by the key's SHA-256 (one
 * credential at most has it), then confirmed in constant time; it must be an API key of this
 * dialect, and not expired at `now`. The key itself is never stored, logged or compared as text.
 */
export async function authenticateByKey(
  store: Store,
  dialect: DialectId,
  secret: string,
  now: Date = new Date(),
): Promise<{ merchant: Merchant; keyId: string } | undefined> {
  const known = await authCacheOf(store).reads();
  const presented = hashSecret(secret);
  const credential = await known.findBySecretHash(presented);
  if (
    !credential ||
    credential.dialect !== dialect ||
    credential.kind !== 'api_key' ||
    !credentialLive(credential, now) ||
    !hashesMatch(presented, credential.secretHash)
  )
    return undefined;
  const merchant = await known.merchant(credential.merchantId);
  return merchant ? { merchant, keyId: credential.keyId } : undefined;
}

/**
 * Finds the merchant owning a key id whose requests are signed with the key's secret rather than
 * carrying it (ecommpay: the body's signature, made with the project's secret key). Every API key of
 * the key id is opened with the master key and handed to `verify`, which recomputes the signature
 * (in constant time); at most one key matches, as a secret is one key. An unknown key id is answered
 * from the auth cache without reading the store, so a flood of them costs nothing; a known one's
 * credentials come from the cache with their sealed copies (the bytes the database holds, never an
 * opened secret), in one look-up.
 */
export async function authenticateBySignature(
  store: Store,
  masterKey: string,
  dialect: DialectId,
  keyId: string,
  verify: (secret: string) => boolean,
  now: Date = new Date(),
): Promise<{ merchant: Merchant; keyId: string; secret: string } | undefined> {
  const known = await authCacheOf(store).reads();
  const candidates = (await known.sealedByKeyId(dialect, keyId)).filter((c) => c.kind === 'api_key' && credentialLive(c, now));
  let found: { merchantId: string; secret: string } | undefined;
  for (const c of candidates) {
    const secret = unsealSecret(c.secretSealed, masterKey);
    if (verify(secret) && found === undefined) found = { merchantId: c.merchantId, secret };
  }
  if (!found) return undefined;
  const merchant = await known.merchant(found.merchantId);
  return merchant ? { merchant, keyId, secret: found.secret } : undefined;
}
