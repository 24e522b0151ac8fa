import type { DialectId, Merchant } from '../model.js';
import type { Store } from '../ports/store.js';
import { hashSecret, secretMatches } from '../secrets.js';

/**
 * Finds the merchant owning (dialect, keyId, secret). A key id belongs to one merchant and a secret
 * is one key (the database keeps both, ADR 0010), so at most one key matches. Every stored key for
 * the keyId is compared, in constant time each, so timing reveals neither which key matched nor how
 * much of it.
 */
export async function authenticate(store: Store, dialect: DialectId, keyId: string, secret: string): Promise<Merchant | undefined> {
  const candidates = (await store.credentials.findByKeyId(dialect, keyId)).filter((c) => c.kind === 'api_key');
  let merchantId: string | undefined;
  for (const c of candidates) {
    if (secretMatches(secret, c.secretHash) && merchantId === undefined) merchantId = c.merchantId;
  }
  return merchantId === undefined ? undefined : store.merchants.get(merchantId);
}

/**
 * Finds the merchant owning an API key sent alone (Adyen X-API-Key, Checkout.com sk_…), and the key
 * id it belongs to (merchant account, processing channel). Looked up by the key's SHA-256 (one
 * credential at most has it), then confirmed in constant time; it must be an API key of this
 * dialect. The key itself is never stored, logged or compared as text.
 */
export async function authenticateByKey(
  store: Store,
  dialect: DialectId,
  secret: string,
): Promise<{ merchant: Merchant; keyId: string } | undefined> {
  const credential = await store.credentials.findBySecretHash(hashSecret(secret));
  if (!credential || credential.dialect !== dialect || credential.kind !== 'api_key' || !secretMatches(secret, credential.secretHash))
    return undefined;
  const merchant = await store.merchants.get(credential.merchantId);
  return merchant ? { merchant, keyId: credential.keyId } : undefined;
}
