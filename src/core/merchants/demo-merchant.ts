/**
 * The demo merchant every `walletgate start` with the sandbox on has: merchant `demo`, which is
 * GlobalPay site 30201 holding BOTH API keys that the vendor documents' Basic headers carry, so their
 * examples work when pasted; an Adyen merchant account with an API key and an HMAC key; a
 * Checkout.com processing channel with a secret key and a webhook signature key. The demo values are
 * fixed and public (they are printed at start and in the docs): a real merchant gets generated ones
 * (`walletgate merchant …`). So they exist only with the sandbox on; with a real wallet every
 * credential holding one of these published secrets is revoked (`syncDemoMerchant`).
 */
import type { Repos, Store } from '../ports/store.js';
import type { Credential, CredentialKind, DialectId, Merchant } from '../model.js';
import { isCoreError } from '../errors.js';
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

/** What syncing the demo merchant did that a person must hear about (never a secret). */
export interface DemoSync {
  sandbox: boolean;
  /**
   * Credentials deleted because they held a published demo secret: with a real wallet, every one;
   * with the sandbox on, any that was not the demo merchant's own key (the demo merchant gets it).
   */
  revoked: Credential[];
  /** Demo keys not created because their key id is another merchant's; `reason` says whose. */
  notCreated: { credential: DemoCredential; reason: string }[];
  /**
   * The demo merchant's published keys that had an end (a rotation from the dashboard set one, and
   * it may have passed): with the sandbox on they work again, with no end, as the docs promise.
   */
  restored: Credential[];
}

const isTheDemoKey = (c: Credential, demo: DemoCredential): boolean =>
  c.merchantId === DEMO_MERCHANT_ID &&
  c.dialect === demo.dialect &&
  c.kind === demo.kind &&
  c.keyId === demo.keyId &&
  secretMatches(demo.secret, c.secretHash);

/**
 * Creates what is missing; sets the notification URL when one is given. Idempotent: run under the
 * start-up lock, it finds each key it made before (a secret is one key, so there is one place to look).
 */
async function ensureDemoMerchant(
  store: Repos,
  masterKey: string,
  notifyUrl: string | null,
  credentials: readonly DemoCredential[],
): Promise<DemoSync> {
  const sync: DemoSync = { sandbox: true, revoked: [], notCreated: [], restored: [] };
  let merchant = await store.merchants.get(DEMO_MERCHANT_ID);
  if (!merchant) merchant = await createMerchant(store, { id: DEMO_MERCHANT_ID, name: 'Demo Shop', notifyUrl });
  for (const demo of credentials) {
    const holder = await store.credentials.findBySecretHash(hashSecret(demo.secret));
    if (holder && isTheDemoKey(holder, demo)) {
      if (holder.expiresAt !== null && (await store.credentials.setExpiry(holder.merchantId, holder.id, null))) sync.restored.push(holder);
      continue;
    }
    // A published secret is the demo merchant's, or nobody's.
    if (holder && (await store.credentials.delete(holder.merchantId, holder.id))) sync.revoked.push(holder);
    try {
      await addCredential(store, masterKey, { merchantId: DEMO_MERCHANT_ID, ...demo });
    } catch (e) {
      if (!isCoreError(e) || e.field !== 'keyId') throw e;
      sync.notCreated.push({ credential: demo, reason: e.message });
    }
  }
  if (notifyUrl && merchant.notifyUrl !== notifyUrl) await setNotifyUrl(store, DEMO_MERCHANT_ID, notifyUrl);
  return sync;
}

/** The demo merchant as stored now (its notification URL may have changed since start), if there is one. */
export function getDemoMerchant(store: Store): Promise<Merchant | undefined> {
  return store.merchants.get(DEMO_MERCHANT_ID);
}

/**
 * Deletes every credential, of any merchant, whose secret is one of the published demo secrets: they
 * must never authenticate a request (or sign a notification) once walletgate talks to a real wallet.
 * The demo merchant itself stays, with its payments and its key ids; starting with the sandbox on
 * gives it its keys back.
 */
async function revokePublishedDemoCredentials(store: Repos, credentials: readonly DemoCredential[]): Promise<DemoSync> {
  const sync: DemoSync = { sandbox: false, revoked: [], notCreated: [], restored: [] };
  for (const demo of credentials) {
    const c = await store.credentials.findBySecretHash(hashSecret(demo.secret));
    if (c && secretMatches(demo.secret, c.secretHash) && (await store.credentials.delete(c.merchantId, c.id))) sync.revoked.push(c);
  }
  return sync;
}

/**
 * What start-up (and every CLI command on the database) does with the demo merchant: with the
 * sandbox on, ensure it; with a real wallet, revoke the published demo keys wherever they are.
 * Run it under the start-up lock (`core/start-up.ts`): processes starting together would each add the keys.
 */
export function syncDemoMerchant(
  store: Repos,
  masterKey: string,
  opts: { sandbox: boolean; notifyUrl: string | null; credentials: readonly DemoCredential[] },
): Promise<DemoSync> {
  return opts.sandbox
    ? ensureDemoMerchant(store, masterKey, opts.notifyUrl, opts.credentials)
    : revokePublishedDemoCredentials(store, opts.credentials);
}

/** The warnings for what the sync did: which keys (never their secrets), and why. */
export function demoSyncWarnings(sync: DemoSync): string[] {
  const warnings: string[] = [];
  const which = sync.revoked.map((c) => `merchant ${c.merchantId} ${c.dialect} ${c.keyId} key #${c.id}`).join(', ');
  if (sync.revoked.length > 0 && !sync.sandbox)
    warnings.push(
      `The sandbox is off, so ${sync.revoked.length} credential(s) holding the demo merchant's published secrets were revoked ` +
        `and no longer authenticate or sign anything: ${which}. Starting with the sandbox on again restores the demo merchant's keys.`,
    );
  if (sync.revoked.length > 0 && sync.sandbox)
    warnings.push(
      `${sync.revoked.length} credential(s) held the demo merchant's published secrets, which are the demo merchant's alone, ` +
        `and were revoked: ${which}. Give those merchants keys of their own with walletgate merchant add-key.`,
    );
  if (sync.restored.length > 0)
    warnings.push(
      `${sync.restored.length} of the demo merchant's published key(s) had been rotated and set to stop working; with the sandbox on ` +
        `they work again, with no end, so the documented examples authenticate: ` +
        sync.restored.map((c) => `${c.dialect} ${c.keyId} key #${c.id}`).join(', ') +
        '. Keys of your own belong to a merchant of your own (walletgate merchant add).',
    );
  for (const { credential, reason } of sync.notCreated)
    warnings.push(
      `The demo merchant's ${credential.dialect} ${credential.label} was not created, so the examples that use it do not authenticate here: ${reason}`,
    );
  return warnings;
}
