import type { DialectId, Merchant } from '../model.js';
import type { Store } from '../../storage/store.js';
import { secretMatches } from '../secrets.js';

/**
 * Finds the merchant owning (dialect, keyId, secret). Every stored key for the keyId is compared,
 * in constant time each, so timing reveals neither which key matched nor how much of it.
 */
export async function authenticate(store: Store, dialect: DialectId, keyId: string, secret: string): Promise<Merchant | undefined> {
  const candidates = (await store.credentials.findByKeyId(dialect, keyId)).filter((c) => c.kind === 'api_key');
  let merchantId: string | undefined;
  for (const c of candidates) {
    if (secretMatches(secret, c.secretHash) && merchantId === undefined) merchantId = c.merchantId;
  }
  return merchantId === undefined ? undefined : store.merchants.get(merchantId);
}
