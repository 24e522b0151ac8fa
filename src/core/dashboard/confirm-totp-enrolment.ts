/**
 * Enrolling in the TOTP second factor, step two (ADR 0026): a code from the user's app that matches
 * the secret switches the factor on; from the next sign-in on, a code is asked after the password.
 * Audited in the same transaction. A wrong code changes nothing (the user is signed in already; the
 * code proves their app has the secret, not who they are).
 */
import type { CoreDeps } from '../deps.js';
import { unsealSecret } from '../secrets.js';
import { recordAudit } from './record-audit.js';
import type { SignedIn } from './resolve-session.js';
import { acceptedStep } from './totp-codes.js';

export type ConfirmTotpResult = { ok: true } | { ok: false; problem: 'not_started' | 'wrong_code' };

export async function confirmTotpEnrolment(
  deps: Pick<CoreDeps, 'store' | 'masterKey' | 'clock'>,
  { user }: SignedIn,
  req: { code: string; ip: string | null },
): Promise<ConfirmTotpResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx): Promise<ConfirmTotpResult> => {
    const current = await tx.dashboardUsers.get(user.id);
    if (!current || current.totpSecretSealed === null || current.totpEnabledAt !== null) return { ok: false, problem: 'not_started' };
    const step = acceptedStep(unsealSecret(current.totpSecretSealed, deps.masterKey), req.code, now, current.totpLastStep);
    if (step === undefined) return { ok: false, problem: 'wrong_code' };
    await tx.dashboardUsers.update(user.id, { totpEnabledAt: now, totpLastStep: step });
    await recordAudit(
      tx,
      { user: current, ip: req.ip },
      { merchantId: current.merchantId, action: 'user.totp_enable', subject: `user ${current.email}` },
    );
    return { ok: true };
  });
}
