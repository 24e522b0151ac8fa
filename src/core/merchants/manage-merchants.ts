/**
 * Merchant administration (the `walletgate merchant …` commands and start-up's demo merchant).
 * Secrets are generated here, stored hashed + sealed, and shown only on request.
 */
import { randomBytes } from 'node:crypto';
import { DuplicateCredentialError, DuplicateReferenceError, type Repos } from '../ports/store.js';
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

export async function createMerchant(store: Repos, m: { id: string; name: string; notifyUrl?: string | null }): Promise<Merchant> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(m.id))
    throw new CoreError('request_invalid', 'A merchant id is 1–64 letters, digits, "-" or "_".', { field: 'id' });
  const taken = () => new CoreError('duplicate_reference', `Merchant ${m.id} already exists.`, { field: 'id' });
  if (await store.merchants.get(m.id)) throw taken();
  try {
    return await store.merchants.insert({ id: m.id, name: m.name, notifyUrl: m.notifyUrl ?? null });
  } catch (e) {
    // created meanwhile by another process
    if (e instanceof DuplicateReferenceError) throw taken();
    throw e;
  }
}

/** What a refused key says: what is taken and by whom, never the secret. */
function credentialTaken(e: DuplicateCredentialError): CoreError {
  if (e.taken === 'key_id') {
    const owner = e.holder ? `merchant ${e.holder.merchantId}'s` : "another merchant's";
    return new CoreError('duplicate_reference', `${e.dialect} key id ${e.keyId} is ${owner}: a key id belongs to one merchant.`, {
      field: 'keyId',
    });
  }
  const holder = e.holder;
  const which =
    holder?.credentialId !== undefined
      ? `key #${holder.credentialId} of merchant ${holder.merchantId}${holder.dialect ? ` (${holder.dialect})` : ''}`
      : 'another key';
  return new CoreError('duplicate_reference', `That secret is already ${which}: one secret is one key.`, { field: 'secret' });
}

/**
 * Stores a key for a merchant, hashed and sealed; the secret is generated when not given. Refused
 * (duplicate_reference, field `secret` or `keyId`) when the secret is already any key's, or the key
 * id another merchant's (ADR 0010).
 */
export async function addCredential(
  store: Repos,
  masterKey: string,
  c: { merchantId: string; dialect: DialectId; kind?: CredentialKind; keyId: string; secret?: string; label?: string | null },
): Promise<{ credential: Credential; secret: string }> {
  if (!(await store.merchants.get(c.merchantId))) throw new CoreError('not_found', `Merchant ${c.merchantId} was not found.`);
  const kind = c.kind ?? 'api_key';
  const secret = c.secret ?? (kind === 'signing_key' ? generateSigningKey() : generateApiKey());
  try {
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
  } catch (e) {
    if (e instanceof DuplicateCredentialError) throw credentialTaken(e);
    throw e;
  }
}

export async function setNotifyUrl(store: Repos, merchantId: string, url: string | null): Promise<Merchant> {
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

export async function showMerchant(store: Repos, masterKey: string, merchantId: string): Promise<MerchantView> {
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

/** Finds a merchant by its own id or by a key id it owns in one of `dialects` (e.g. GlobalPay site 30201). */
export async function resolveMerchant(store: Repos, ref: string, dialects: readonly DialectId[]): Promise<Merchant | undefined> {
  const direct = await store.merchants.get(ref);
  if (direct) return direct;
  for (const dialect of dialects) {
    const owner = await store.credentials.keyIdOwner(dialect, ref);
    if (owner) return store.merchants.get(owner);
  }
  return undefined;
}
