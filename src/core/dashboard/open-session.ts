/**
 * Opening a dashboard session once a user has proved who they are (the password, and the TOTP code
 * when it is on): a new random id — whatever the browser carried ends (no fixation) — the account's
 * failure count cleared, and the sign-in audited, all in the caller's transaction.
 */
import type { DashboardUser } from '../ports/dashboard-store.js';
import type { Repos } from '../ports/store.js';
import { SESSION_ABSOLUTE_MS } from './dashboard-policy.js';
import { recordAudit } from './record-audit.js';
import { hashSessionId, newCsrfToken, newSessionId } from './session-secrets.js';
import { accountKey } from './throttle-keys.js';

export interface OpenedSession {
  sessionId: string;
  expiresAt: Date;
}

export async function openSession(
  tx: Repos,
  user: DashboardUser,
  at: { now: Date; ip: string; userAgent: string | null; previousSessionId?: string; secondFactor: boolean },
): Promise<OpenedSession> {
  const sessionId = newSessionId();
  const expiresAt = new Date(at.now.getTime() + SESSION_ABSOLUTE_MS);
  if (at.previousSessionId) await tx.dashboardSessions.delete(hashSessionId(at.previousSessionId));
  await tx.loginFailures.clear(accountKey(user.email));
  await tx.dashboardSessions.insert({
    idHash: hashSessionId(sessionId),
    userId: user.id,
    csrfToken: newCsrfToken(),
    createdAt: at.now,
    lastSeenAt: at.now,
    expiresAt,
    ip: at.ip,
    userAgent: at.userAgent?.slice(0, 400) ?? null,
  });
  await recordAudit(
    tx,
    { user, ip: at.ip },
    {
      merchantId: user.merchantId,
      action: 'session.sign_in',
      subject: `user ${user.email}`,
      ...(at.secondFactor ? { detail: { secondFactor: 'totp' } } : {}),
    },
  );
  return { sessionId, expiresAt };
}
