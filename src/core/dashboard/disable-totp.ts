/**
 * Switching the TOTP second factor off (ADR 0026): a current code is asked (not one used before), so
 * a session left open is not enough to weaken the account. The secret is forgotten. Audited in the
 * same transaction. Wrong codes count against the same throttle as the sign-in code step.
 */
import type { CoreDeps } from '../deps.js';
import { unsealSecret } from '../secrets.js';
import { ACCOUNT_FAILURE_LIMIT } from './dashboard-policy.js';
import { recordAudit } from './record-audit.js';
import type { SignedIn } from './resolve-session.js';
import { lockedFor, recordFailures } from './sign-in-throttle.js';
import { acceptedStep } from './totp-codes.js';
import { codeKey } from './throttle-keys.js';

export type DisableTotpResult = { ok: true } | { ok: false; problem: 'not_on' | 'wrong_code' | 'throttled' };

export async function disableTotp(
  deps: Pick<CoreDeps, 'store' | 'masterKey' | 'clock'>,
  { user }: SignedIn,
  req: { code: string; ip: string | null },
): Promise<DisableTotpResult> {
  const now = deps.clock();
  const key = codeKey(user.id);
  if ((await lockedFor(deps.store, [key], now)) > 0) return { ok: false, problem: 'throttled' };
  return deps.store.transaction(async (tx): Promise<DisableTotpResult> => {
    const current = await tx.dashboardUsers.get(user.id);
    if (!current || current.totpEnabledAt === null || current.totpSecretSealed === null) return { ok: false, problem: 'not_on' };
    const step = acceptedStep(unsealSecret(current.totpSecretSealed, deps.masterKey), req.code, now, current.totpLastStep);
    if (step === undefined) {
      const lock = await recordFailures(tx, [[key, ACCOUNT_FAILURE_LIMIT]], now);
      return { ok: false, problem: lock > 0 ? 'throttled' : 'wrong_code' };
    }
    await tx.dashboardUsers.update(user.id, { totpEnabledAt: null, totpSecretSealed: null, totpLastStep: null });
    await recordAudit(
      tx,
      { user: current, ip: req.ip },
      { merchantId: current.merchantId, action: 'user.totp_disable', subject: `user ${current.email}` },
    );
    return { ok: true };
  });
}
