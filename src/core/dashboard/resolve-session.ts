/**
 * Who a request's session cookie signs in, if anyone: the session must exist, be younger than its
 * absolute end, have been used within the idle window, and its user must not be removed. An ended
 * session is deleted. Using a session slides its idle window (written at most once a minute).
 */
import type { CoreDeps } from '../deps.js';
import type { DashboardSession, DashboardUser } from '../ports/dashboard-store.js';
import { SESSION_IDLE_MS, SESSION_TOUCH_EVERY_MS } from './dashboard-policy.js';
import { hashSessionId } from './session-secrets.js';

export interface SignedIn {
  session: DashboardSession;
  user: DashboardUser;
}

export async function resolveSession(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  sessionId: string | undefined,
): Promise<SignedIn | undefined> {
  if (!sessionId || sessionId.length > 100) return undefined;
  const idHash = hashSessionId(sessionId);
  const session = await deps.store.dashboardSessions.get(idHash);
  if (!session) return undefined;
  const now = deps.clock().getTime();
  const user = await deps.store.dashboardUsers.get(session.userId);
  if (now >= session.expiresAt.getTime() || now - session.lastSeenAt.getTime() >= SESSION_IDLE_MS || !user || user.disabledAt !== null) {
    await deps.store.dashboardSessions.delete(idHash);
    return undefined;
  }
  if (now - session.lastSeenAt.getTime() >= SESSION_TOUCH_EVERY_MS) {
    const lastSeenAt = new Date(now);
    if (!(await deps.store.dashboardSessions.touch(idHash, lastSeenAt))) return undefined;
    return { session: { ...session, lastSeenAt }, user };
  }
  return { session, user };
}
