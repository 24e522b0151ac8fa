/**
 * The second step of signing in with TOTP on (ADR 0026): the pending sign-in the password made, and
 * a code. Throttled like passwords — per user and per address, and nothing is tried while locked —
 * and a code is accepted once (a later step than the last accepted only). The right code ends the
 * pending sign-in and opens the session, in one transaction; an expired pending sign-in means
 * starting again from the password.
 */
import type { CoreDeps } from '../deps.js';
import type { DashboardUser } from '../ports/dashboard-store.js';
import { unsealSecret } from '../secrets.js';
import { ACCOUNT_FAILURE_LIMIT, ADDRESS_FAILURE_LIMIT } from './dashboard-policy.js';
import { openSession } from './open-session.js';
import { hashSessionId } from './session-secrets.js';
import { lockedFor, recordFailures } from './sign-in-throttle.js';
import { addressKey, codeKey } from './throttle-keys.js';
import { acceptedStep } from './totp-codes.js';

export interface SignInCodeRequest {
  pendingId: string;
  code: string;
  ip: string;
  userAgent: string | null;
  previousSessionId?: string;
}

export type SignInCodeResult =
  | { ok: true; user: DashboardUser; sessionId: string; expiresAt: Date }
  | { ok: false; problem: 'expired' | 'wrong_code' }
  | { ok: false; problem: 'throttled'; retryAfterSeconds: number };

export async function confirmSignInCode(
  deps: Pick<CoreDeps, 'store' | 'clock' | 'masterKey'>,
  req: SignInCodeRequest,
): Promise<SignInCodeResult> {
  const now = deps.clock();
  if (!req.pendingId || req.pendingId.length > 100) return { ok: false, problem: 'expired' };
  const idHash = hashSessionId(req.pendingId);
  const pending = await deps.store.pendingSignIns.get(idHash);
  if (!pending || pending.expiresAt <= now) {
    if (pending) await deps.store.pendingSignIns.delete(idHash);
    return { ok: false, problem: 'expired' };
  }
  const keys = [codeKey(pending.userId), addressKey(req.ip)];
  const waiting = await lockedFor(deps.store, keys, now);
  if (waiting > 0) return { ok: false, problem: 'throttled', retryAfterSeconds: Math.ceil(waiting / 1000) };
  return deps.store.transaction(async (tx): Promise<SignInCodeResult> => {
    const user = await tx.dashboardUsers.get(pending.userId);
    if (!user || user.disabledAt !== null || user.totpEnabledAt === null || user.totpSecretSealed === null) {
      await tx.pendingSignIns.delete(idHash);
      return { ok: false, problem: 'expired' };
    }
    const step = acceptedStep(unsealSecret(user.totpSecretSealed, deps.masterKey), req.code, now, user.totpLastStep);
    if (step === undefined) {
      const lock = await recordFailures(
        tx,
        [
          [keys[0]!, ACCOUNT_FAILURE_LIMIT],
          [keys[1]!, ADDRESS_FAILURE_LIMIT],
        ],
        now,
      );
      return lock > 0
        ? { ok: false, problem: 'throttled', retryAfterSeconds: Math.ceil(lock / 1000) }
        : { ok: false, problem: 'wrong_code' };
    }
    // the pending sign-in is used once: a second request with it finds nothing
    if (!(await tx.pendingSignIns.delete(idHash))) return { ok: false, problem: 'expired' };
    const updated = await tx.dashboardUsers.update(user.id, { totpLastStep: step });
    await tx.loginFailures.clear(keys[0]!);
    const opened = await openSession(tx, updated, {
      now,
      ip: req.ip,
      userAgent: req.userAgent,
      ...(req.previousSessionId ? { previousSessionId: req.previousSessionId } : {}),
      secondFactor: true,
    });
    return { ok: true, user: updated, ...opened };
  });
}
