/**
 * `walletgate user add`: a merchant's user with a role, or an operator (no merchant), with a
 * one-time password shown once and to be changed at first sign-in. Adding the e-mail of a removed
 * user gives it back its access, with the new role and password. Audited in the same transaction.
 */
import type { CoreDeps } from '../deps.js';
import { DASHBOARD_ROLES, type DashboardRole, type DashboardUser } from '../ports/dashboard-store.js';
import type { Actor } from './dashboard-actor.js';
import { newOneTimePassword } from './one-time-password.js';
import { hashPassword } from './password-hash.js';
import { recordAudit } from './record-audit.js';
import { normaliseEmail } from './normalise-email.js';

export interface NewUserRequest {
  email: string;
  /** null: an operator. */
  merchantId: string | null;
  role: DashboardRole;
}

export type AddUserResult =
  | { ok: true; user: DashboardUser; oneTimePassword: string; revived: boolean }
  | { ok: false; problem: 'email_invalid' | 'role_invalid' | 'merchant_unknown' | 'email_taken' };

export async function addUser(deps: Pick<CoreDeps, 'store' | 'clock'>, actor: Actor, req: NewUserRequest): Promise<AddUserResult> {
  const email = normaliseEmail(req.email);
  if (!email) return { ok: false, problem: 'email_invalid' };
  if (!DASHBOARD_ROLES.includes(req.role) || (req.role === 'operator') !== (req.merchantId === null))
    return { ok: false, problem: 'role_invalid' };
  const oneTimePassword = newOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  return deps.store.transaction(async (tx): Promise<AddUserResult> => {
    if (req.merchantId !== null && !(await tx.merchants.get(req.merchantId))) return { ok: false, problem: 'merchant_unknown' };
    const existing = await tx.dashboardUsers.getByEmail(email);
    if (existing && existing.disabledAt === null) return { ok: false, problem: 'email_taken' };
    const fields = { merchantId: req.merchantId, role: req.role, passwordHash, mustChangePassword: true };
    const user = existing
      ? await tx.dashboardUsers.update(existing.id, { ...fields, disabledAt: null })
      : await tx.dashboardUsers.insert({ email, ...fields });
    if (!user) return { ok: false, problem: 'email_taken' };
    await recordAudit(tx, actor, {
      merchantId: user.merchantId,
      action: 'user.add',
      subject: `user ${user.email}`,
      detail: { role: user.role, ...(existing ? { revived: true } : {}) },
    });
    return { ok: true, user, oneTimePassword, revived: existing !== undefined };
  });
}
