/**
 * Dashboard housekeeping, run by the gateway now and then (services.ts): ended sessions are deleted
 * (a session is refused once ended whether or not its row is gone — resolve-session.ts — so this only
 * keeps the table small), and so are failed-sign-in counts old enough to be forgotten and not locking.
 */
import type { CoreDeps } from '../deps.js';
import { FAILURE_MEMORY_MS, SESSION_IDLE_MS } from './dashboard-policy.js';

export interface ForgottenRows {
  sessions: number;
  loginFailures: number;
}

export async function forgetEndedSessions(deps: Pick<CoreDeps, 'store' | 'clock'>): Promise<ForgottenRows> {
  const now = deps.clock();
  const [sessions, loginFailures] = await Promise.all([
    deps.store.dashboardSessions.deleteEnded(now, new Date(now.getTime() - SESSION_IDLE_MS)),
    deps.store.loginFailures.deleteForgotten(new Date(now.getTime() - FAILURE_MEMORY_MS), now),
  ]);
  return { sessions, loginFailures };
}
