/** Signing out: the session ends on the server (the cookie alone opens nothing any more); audited in the same transaction. */
import type { CoreDeps } from '../deps.js';
import { recordAudit } from './record-audit.js';
import type { SignedIn } from './resolve-session.js';

export async function signOut(deps: Pick<CoreDeps, 'store'>, signedIn: SignedIn, ip: string | null): Promise<void> {
  const { session, user } = signedIn;
  await deps.store.transaction(async (tx) => {
    if (await tx.dashboardSessions.delete(session.idHash))
      await recordAudit(tx, { user, ip }, { merchantId: user.merchantId, action: 'session.sign_out', subject: `user ${user.email}` });
  });
}
