/**
 * Enrolling in the TOTP second factor, step one (ADR 0026): a new secret is made on the server and
 * kept sealed with the master key, not yet switched on — the user's app must first show a code that
 * matches it (confirm-totp-enrolment.ts). Starting again replaces an unconfirmed secret; a user with
 * the factor on must switch it off first.
 */
import type { CoreDeps } from '../deps.js';
import { sealSecret } from '../secrets.js';
import type { SignedIn } from './resolve-session.js';
import { newTotpSecret } from './totp-codes.js';

export type StartTotpResult = { ok: true } | { ok: false; problem: 'already_on' };

export async function startTotpEnrolment(deps: Pick<CoreDeps, 'store' | 'masterKey'>, { user }: SignedIn): Promise<StartTotpResult> {
  const current = await deps.store.dashboardUsers.get(user.id);
  if (!current || current.totpEnabledAt !== null) return { ok: false, problem: 'already_on' };
  await deps.store.dashboardUsers.update(user.id, { totpSecretSealed: sealSecret(newTotpSecret(), deps.masterKey), totpLastStep: null });
  return { ok: true };
}
