/**
 * Merchant administration (the `walletgate merchant …` commands and start-up's demo merchant).
 * Secrets are generated here, stored hashed + sealed, and shown only on request.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../ports/store.js';
import { CoreError } from '../errors.js';
import type { Credential, CredentialKind, DialectId, Merchant } from '../model.js';
import { hashSecret, sealSecret, unsealSecret } from '../secrets.js';

export interface MerchantView {
  merchant: Merchant;
  credentials: {
    id: number;
    dialect: DialectId;
    kind: CredentialKind;
    keyId: string;
    secret: string;
    label: string | null;
    createdAt: Date;
  }[];
}

export function generateApiKey(): string {
  // 35 bytes → 47 base64 chars, the length and alphabet of GlobalPay's own keys
  return randomBytes(35).toString('base64').replace(/=+$/, '');
}

/** A notification signing key: 32 random bytes in upper-case hex, the form Adyen's HMAC keys take. */
export function generateSigningKey(): string {
  return randomBytes(32).toString('hex').toUpperCase();
}

export async function createMerchant(store: Store, m: { id: string; name: string; notifyUrl?: string | null }): Promise<Merchant> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(m.id))
    throw new CoreError('request_invalid', 'A merchant id is 1–64 letters, digits, "-" or "_".', { field: 'id' });
  if (await store.merchants.get(m.id)) throw new CoreError('duplicate_reference', `Merchant ${m.id} already exists.`, { field: 'id' });
  return store.merchants.insert({ id: m.id, name: m.name, notifyUrl: m.notifyUrl ?? null });
}

export async function addCredential(
  store: Store,
  masterKey: string,
  c: { merchantId: string; dialect: DialectId; kind?: CredentialKind; keyId: string; secret?: string; label?: string | null },
): Promise<{ credential: Credential; secret: string }> {
  if (!(await store.merchants.get(c.merchantId))) throw new CoreError('not_found', `Merchant ${c.merchantId} was not found.`);
  const kind = c.kind ?? 'api_key';
  const secret = c.secret ?? (kind === 'signing_key' ? generateSigningKey() : generateApiKey());
  const credential = await store.credentials.insert({
    merchantId: c.merchantId,
    dialect: c.dialect,
    kind,
    keyId: c.keyId,
    secretHash: hashSecret(secret),
    secretSealed: sealSecret(secret, masterKey),
    label: c.label ?? null,
  });
  return { credential, secret };
}

export async function setNotifyUrl(store: Store, merchantId: string, url: string | null): Promise<Merchant> {
  if (url !== null) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new CoreError('request_invalid', `"${url}" is not an absolute URL.`, { field: 'notifyUrl' });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new CoreError('request_invalid', 'The notification URL must be http or https.');
  }
  if (!(await store.merchants.get(merchantId))) throw new CoreError('not_found', `Merchant ${merchantId} was not found.`);
  return store.merchants.update(merchantId, { notifyUrl: url });
}

export async function showMerchant(store: Store, masterKey: string, merchantId: string): Promise<MerchantView> {
  const merchant = await store.merchants.get(merchantId);
  if (!merchant) throw new CoreError('not_found', `Merchant ${merchantId} was not found.`);
  const creds = await store.credentials.listByMerchant(merchantId);
  return {
    merchant,
    credentials: creds.map((c) => ({
      id: c.id,
      dialect: c.dialect,
      kind: c.kind,
      keyId: c.keyId,
      secret: unsealSecret(c.secretSealed, masterKey),
      label: c.label,
      createdAt: c.createdAt,
    })),
  };
}

/** Finds a merchant by its own id or by a credential's public key id in one of `dialects` (e.g. GlobalPay site 30201). */
export async function resolveMerchant(store: Store, ref: string, dialects: readonly DialectId[]): Promise<Merchant | undefined> {
  const direct = await store.merchants.get(ref);
  if (direct) return direct;
  for (const dialect of dialects) {
    const [c] = await store.credentials.findByKeyId(dialect, ref);
    if (c) return store.merchants.get(c.merchantId);
  }
  return undefined;
}
