/**
 * `walletgate user reset`: a new one-time password, shown once, to be changed at the next sign-in.
 * Every session of the user ends and its sign-in lock is lifted. Audited in the same transaction.
 * From the dashboard's settings (`within` a merchant): only that merchant's users.
 */
import type { CoreDeps } from '../deps.js';
import type { DashboardUser } from '../ports/dashboard-store.js';
import type { Actor } from './dashboard-actor.js';
import { newOneTimePassword } from './one-time-password.js';
import { hashPassword } from './password-hash.js';
import { recordAudit } from './record-audit.js';
import { normaliseEmail } from './normalise-email.js';
import { accountKey } from './throttle-keys.js';

export type ResetPasswordResult = { ok: true; user: DashboardUser; oneTimePassword: string } | { ok: false; problem: 'unknown_user' };

export async function resetPassword(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  actor: Actor,
  rawEmail: string,
  within?: { merchantId: string },
): Promise<ResetPasswordResult> {
  const email = normaliseEmail(rawEmail);
  if (!email) return { ok: false, problem: 'unknown_user' };
  const oneTimePassword = newOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  return deps.store.transaction(async (tx): Promise<ResetPasswordResult> => {
    const existing = await tx.dashboardUsers.getByEmail(email);
    if (!existing || existing.disabledAt !== null || (within && existing.merchantId !== within.merchantId))
      return { ok: false, problem: 'unknown_user' };
    const user = await tx.dashboardUsers.update(existing.id, { passwordHash, mustChangePassword: true });
    const sessionsEnded = await tx.dashboardSessions.deleteByUser(user.id);
    await tx.pendingSignIns.deleteByUser(user.id);
    await tx.loginFailures.clear(accountKey(user.email));
    await recordAudit(tx, actor, {
      merchantId: user.merchantId,
      action: 'user.reset_password',
      subject: `user ${user.email}`,
      detail: { sessionsEnded },
    });
    return { ok: true, user, oneTimePassword };
  });
}
