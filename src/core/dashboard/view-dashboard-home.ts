/**
 * What the dashboard's home shows a signed-in user: who they are, their merchant (an operator: every
 * merchant), the merchant's users, and the newest audit entries they may see — their merchant's only;
 * an operator's, everyone's.
 */
import type { CoreDeps } from '../deps.js';
import type { Merchant } from '../model.js';
import type { AuditEntry, DashboardUser } from '../ports/dashboard-store.js';
import type { SignedIn } from './resolve-session.js';

export const AUDIT_SHOWN = 50;

export interface DashboardHome {
  user: DashboardUser;
  /** The user's merchant; null for an operator. */
  merchant: Merchant | null;
  /** An operator's view: every merchant; empty for a merchant's user. */
  merchants: Merchant[];
  /** The merchant's enabled users (an operator: every user). */
  users: DashboardUser[];
  audit: AuditEntry[];
}

export async function viewDashboardHome(deps: Pick<CoreDeps, 'store'>, { user }: SignedIn): Promise<DashboardHome> {
  const { store } = deps;
  const scope = user.merchantId ?? undefined;
  const [merchant, merchants, users, audit] = await Promise.all([
    user.merchantId === null ? Promise.resolve(null) : store.merchants.get(user.merchantId).then((m) => m ?? null),
    user.merchantId === null ? store.merchants.list() : Promise.resolve([]),
    store.dashboardUsers.list(scope),
    store.auditLog.list(scope, AUDIT_SHOWN),
  ]);
  return { user, merchant, merchants, users, audit };
}
