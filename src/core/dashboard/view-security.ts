/**
 * What the sign-in security page shows its user (ADR 0026): whether the TOTP second factor is on,
 * and, during an enrolment not yet confirmed, the secret and its otpauth:// URI — to themselves only.
 */
import type { CoreDeps } from '../deps.js';
import { unsealSecret } from '../secrets.js';
import type { SignedIn } from './resolve-session.js';
import { totpUri } from './totp-codes.js';

export type SecurityView = { on: true; since: Date } | { on: false; enrolment: { secret: string; uri: string } | null };

export async function viewSecurity(deps: Pick<CoreDeps, 'store' | 'masterKey'>, { user }: SignedIn): Promise<SecurityView> {
  const current = (await deps.store.dashboardUsers.get(user.id)) ?? user;
  if (current.totpEnabledAt !== null) return { on: true, since: current.totpEnabledAt };
  if (current.totpSecretSealed === null) return { on: false, enrolment: null };
  const secret = unsealSecret(current.totpSecretSealed, deps.masterKey);
  return { on: false, enrolment: { secret, uri: totpUri(secret, current.email) } };
}
