/**
 * `walletgate user remove`: the user can no longer sign in and every session of theirs ends now.
 * The row stays (disabled), so the audit log still names who did what. Audited in the same transaction.
 * From the dashboard's settings (`within` a merchant): only that merchant's users, and never its
 * last owner — a merchant keeps someone who can manage it. The operator's command line may remove
 * anyone (offboarding a merchant's last person is theirs to do) and is told when no owner is left.
 */
import type { CoreDeps } from '../deps.js';
import type { DashboardUser } from '../ports/dashboard-store.js';
import type { Actor } from './dashboard-actor.js';
import { recordAudit } from './record-audit.js';
import { normaliseEmail } from './normalise-email.js';
import { isLastOwner, lockMerchantUsers } from './merchant-owners.js';

export type RemoveUserResult =
  | { ok: true; user: DashboardUser; sessionsEnded: number; /** the merchant has no owner any more */ noOwnerLeft: boolean }
  | { ok: false; problem: 'unknown_user' | 'last_owner' };

export async function removeUser(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  actor: Actor,
  rawEmail: string,
  within?: { merchantId: string },
): Promise<RemoveUserResult> {
  const email = normaliseEmail(rawEmail);
  if (!email) return { ok: false, problem: 'unknown_user' };
  return deps.store.transaction(async (tx): Promise<RemoveUserResult> => {
    if (within) await lockMerchantUsers(tx, within.merchantId);
    const existing = await tx.dashboardUsers.getByEmail(email);
    if (!existing || existing.disabledAt !== null) return { ok: false, problem: 'unknown_user' };
    if (within && existing.merchantId !== within.merchantId) return { ok: false, problem: 'unknown_user' };
    if (!within && existing.merchantId !== null) await lockMerchantUsers(tx, existing.merchantId);
    const lastOwner = await isLastOwner(tx, existing);
    if (within && lastOwner) return { ok: false, problem: 'last_owner' };
    const user = await tx.dashboardUsers.update(existing.id, { disabledAt: deps.clock() });
    const sessionsEnded = await tx.dashboardSessions.deleteByUser(user.id);
    await tx.pendingSignIns.deleteByUser(user.id);
    await recordAudit(tx, actor, {
      merchantId: user.merchantId,
      action: 'user.remove',
      subject: `user ${user.email}`,
      detail: { sessionsEnded },
    });
    return { ok: true, user, sessionsEnded, noOwnerLeft: lastOwner };
  });
}
