/**
 * A signed-in user chooses a new password (required after a one-time one): the current password is
 * asked again, the new one must be long enough, differ from it and be typed twice alike. The user's
 * other sessions end; this one goes on. Audited in the same transaction.
 */
import type { CoreDeps } from '../deps.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './dashboard-policy.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { recordAudit } from './record-audit.js';
import type { SignedIn } from './resolve-session.js';

export interface ChangePasswordRequest {
  current: string;
  next: string;
  repeated: string;
  ip: string | null;
}

export type ChangePasswordResult =
  { ok: true } | { ok: false; problem: 'current_wrong' | 'too_short' | 'too_long' | 'not_repeated' | 'unchanged' };

export async function changePassword(
  deps: Pick<CoreDeps, 'store'>,
  signedIn: SignedIn,
  req: ChangePasswordRequest,
): Promise<ChangePasswordResult> {
  const { user, session } = signedIn;
  if (!(await verifyPassword(req.current.slice(0, PASSWORD_MAX_LENGTH), user.passwordHash))) return { ok: false, problem: 'current_wrong' };
  if ([...req.next].length < PASSWORD_MIN_LENGTH) return { ok: false, problem: 'too_short' };
  if (req.next.length > PASSWORD_MAX_LENGTH) return { ok: false, problem: 'too_long' };
  if (req.next !== req.repeated) return { ok: false, problem: 'not_repeated' };
  if (req.next === req.current) return { ok: false, problem: 'unchanged' };
  const passwordHash = await hashPassword(req.next);
  await deps.store.transaction(async (tx) => {
    await tx.dashboardUsers.update(user.id, { passwordHash, mustChangePassword: false });
    const otherSessionsEnded = await tx.dashboardSessions.deleteByUser(user.id, session.idHash);
    await recordAudit(
      tx,
      { user, ip: req.ip },
      {
        merchantId: user.merchantId,
        action: 'user.change_password',
        subject: `user ${user.email}`,
        detail: { otherSessionsEnded },
      },
    );
  });
  return { ok: true };
}
