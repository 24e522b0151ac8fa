/**
 * The demo merchant every `walletgate start` with the sandbox on has: merchant `demo`, which is
 * GlobalPay site 30201 holding BOTH API keys that the vendor documents' Basic headers carry, so their
 * examples work when pasted; an Adyen merchant account with an API key and an HMAC key; a
 * Checkout.com processing channel with a secret key and a webhook signature key. The demo values are
 * fixed and public (they are printed at start and in the docs): a real merchant gets generated ones
 * (`walletgate merchant …`). So they exist only with the sandbox on; with a real wallet every
 * credential holding one of these published secrets is revoked (`syncDemoMerchant`).
 */
import type { Store } from '../ports/store.js';
import type { Credential, CredentialKind, DialectId, Merchant } from '../model.js';
import { addCredential, createMerchant, setNotifyUrl } from './manage-merchants.js';
import { hashSecret, secretMatches } from '../secrets.js';

export const DEMO_MERCHANT_ID = 'demo';
/** A published demo key of one API; each dialect lists its own (src/dialects/…/demo.ts). */
export interface DemoKey {
  kind: CredentialKind;
  keyId: string;
  secret: string;
  label: string;
}

export interface DemoCredential extends DemoKey {
  dialect: DialectId;
}

/** Creates what is missing; sets the notification URL when one is given. Idempotent. */
async function ensureDemoMerchant(
  store: Store,
  masterKey: string,
  notifyUrl: string | null,
  credentials: readonly DemoCredential[],
): Promise<Merchant> {
  let merchant = await store.merchants.get(DEMO_MERCHANT_ID);
  if (!merchant) merchant = await createMerchant(store, { id: DEMO_MERCHANT_ID, name: 'Demo Shop', notifyUrl });
  const existing = await store.credentials.listByMerchant(DEMO_MERCHANT_ID);
  for (const demo of credentials) {
    const present = existing.some(
      (c) => c.dialect === demo.dialect && c.kind === demo.kind && c.keyId === demo.keyId && secretMatches(demo.secret, c.secretHash),
    );
    if (!present) await addCredential(store, masterKey, { merchantId: DEMO_MERCHANT_ID, ...demo });
  }
  if (notifyUrl && merchant.notifyUrl !== notifyUrl) merchant = await setNotifyUrl(store, DEMO_MERCHANT_ID, notifyUrl);
  return merchant;
}

/** The demo merchant as stored now (its notification URL may have changed since start), if there is one. */
export function getDemoMerchant(store: Store): Promise<Merchant | undefined> {
  return store.merchants.get(DEMO_MERCHANT_ID);
}

/**
 * Deletes every credential, of any merchant, whose secret is one of the published demo secrets: they
 * must never authenticate a request (or sign a notification) once walletgate talks to a real wallet.
 * The demo merchant itself stays, with its payments; starting with the sandbox on gives it its keys back.
 */
async function revokePublishedDemoCredentials(store: Store, credentials: readonly DemoCredential[]): Promise<Credential[]> {
  const revoked: Credential[] = [];
  for (const demo of credentials) {
    for (const c of await store.credentials.findBySecretHash(hashSecret(demo.secret))) {
      if (secretMatches(demo.secret, c.secretHash) && (await store.credentials.delete(c.merchantId, c.id))) revoked.push(c);
    }
  }
  return revoked;
}

/**
 * What start-up (and every CLI command on the database) does with the demo merchant: with the
 * sandbox on, ensure it; with a real wallet, revoke the published demo keys wherever they are.
 * Returns the revoked credentials (none with the sandbox on).
 */
export async function syncDemoMerchant(
  store: Store,
  masterKey: string,
  opts: { sandbox: boolean; notifyUrl: string | null; credentials: readonly DemoCredential[] },
): Promise<Credential[]> {
  if (!opts.sandbox) return revokePublishedDemoCredentials(store, opts.credentials);
  await ensureDemoMerchant(store, masterKey, opts.notifyUrl, opts.credentials);
  return [];
}

/** The warning for revoked demo keys: which keys (never their secrets), and why. */
export function revokedDemoCredentialsWarning(revoked: readonly Credential[]): string {
  const which = revoked.map((c) => `merchant ${c.merchantId} ${c.dialect} ${c.keyId} key #${c.id}`).join(', ');
  return (
    `The sandbox is off, so ${revoked.length} credential(s) holding the demo merchant's published secrets were revoked ` +
    `and no longer authenticate or sign anything: ${which}. Starting with the sandbox on again restores the demo merchant's keys.`
  );
}
