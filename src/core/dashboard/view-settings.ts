/**
 * What the settings page shows an owner or an operator about one merchant (ADR 0026): its
 * notification URLs (its own, and each API's where set), its keys — never a secret, not even in
 * part — and its users. undefined when the user does not reach the merchant or it does not exist.
 */
import type { CoreDeps } from '../deps.js';
import type { CredentialKind, DialectId, Merchant } from '../model.js';
import type { DashboardUser } from '../ports/dashboard-store.js';
import type { ApiNotifyUrl } from '../ports/store.js';
import { reachesMerchant } from './dashboard-policy.js';
import type { SignedIn } from './resolve-session.js';

/** A key as the page lists it: what it is and when it ends, nothing of its secret. */
export interface KeySummary {
  id: number;
  dialect: DialectId;
  kind: CredentialKind;
  keyId: string;
  label: string | null;
  createdAt: Date;
  expiresAt: Date | null;
}

export interface MerchantSettings {
  merchant: Merchant;
  apiUrls: ApiNotifyUrl[];
  keys: KeySummary[];
  users: DashboardUser[];
}

export async function viewSettings(
  deps: Pick<CoreDeps, 'store'>,
  { user }: SignedIn,
  merchantId: string,
): Promise<MerchantSettings | undefined> {
  if (!reachesMerchant(user, merchantId)) return undefined;
  const { store } = deps;
  const merchant = await store.merchants.get(merchantId);
  if (!merchant) return undefined;
  const [apiUrls, credentials, users] = await Promise.all([
    store.apiNotifyUrls.listByMerchant(merchantId),
    store.credentials.listByMerchant(merchantId),
    store.dashboardUsers.list(merchantId),
  ]);
  const keys = credentials.map(({ id, dialect, kind, keyId, label, createdAt, expiresAt }) => ({
    id,
    dialect,
    kind,
    keyId,
    label,
    createdAt,
    expiresAt,
  }));
  return { merchant, apiUrls, keys, users };
}
