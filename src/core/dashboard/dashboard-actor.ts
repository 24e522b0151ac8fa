/** Who does a dashboard change, for its audit row: a signed-in user from an address, the command line, or start-up. */
import type { DashboardUser } from '../ports/dashboard-store.js';

export type Actor = { user: DashboardUser; ip: string | null } | { cli: 'cli' | 'start-up' };

export function actorFields(actor: Actor): { userId: number | null; actor: string; ip: string | null } {
  return 'user' in actor ? { userId: actor.user.id, actor: actor.user.email, ip: actor.ip } : { userId: null, actor: actor.cli, ip: null };
}
