/**
 * An owner (or an operator) gives one of the merchant's users another role: owner, refunds or
 * read-only. The merchant's last owner keeps the role, so someone can still manage it. The user's
 * sessions go on: every request reads the role afresh. Audited in the same transaction.
 */
import type { CoreDeps } from '../deps.js';
import type { DashboardRole, DashboardUser } from '../ports/dashboard-store.js';
import type { Actor } from './dashboard-actor.js';
import { reachesMerchant } from './dashboard-policy.js';
import { normaliseEmail } from './normalise-email.js';
import { recordAudit } from './record-audit.js';
import { isLastOwner, lockMerchantUsers } from './merchant-owners.js';

/** The roles a merchant's user may be given from its settings. */
export const MERCHANT_ROLES = ['owner', 'refunds', 'read-only'] as const satisfies readonly DashboardRole[];

export type ChangeUserRoleResult =
  { ok: true; user: DashboardUser } | { ok: false; problem: 'unknown_user' | 'role_invalid' | 'last_owner' };

export async function changeUserRole(
  deps: Pick<CoreDeps, 'store'>,
  actor: Extract<Actor, { user: unknown }>,
  req: { merchantId: string; email: string; role: string },
): Promise<ChangeUserRoleResult> {
  const email = normaliseEmail(req.email);
  if (!email || !reachesMerchant(actor.user, req.merchantId)) return { ok: false, problem: 'unknown_user' };
  const role = MERCHANT_ROLES.find((r) => r === req.role);
  if (!role) return { ok: false, problem: 'role_invalid' };
  return deps.store.transaction(async (tx): Promise<ChangeUserRoleResult> => {
    await lockMerchantUsers(tx, req.merchantId);
    const existing = await tx.dashboardUsers.getByEmail(email);
    if (!existing || existing.disabledAt !== null || existing.merchantId !== req.merchantId) return { ok: false, problem: 'unknown_user' };
    if (existing.role === role) return { ok: true, user: existing };
    if (await isLastOwner(tx, existing)) return { ok: false, problem: 'last_owner' };
    const user = await tx.dashboardUsers.update(existing.id, { role });
    await recordAudit(tx, actor, {
      merchantId: req.merchantId,
      action: 'user.change_role',
      subject: `user ${user.email}`,
      detail: { before: existing.role, after: role },
    });
    return { ok: true, user };
  });
}
