/**
 * The last-owner rule, one place for removing a user and changing a role: a merchant keeps an owner.
 * Two requests (remove owner A, remove owner B) must not both see "another owner is left", so the
 * transaction locks the merchant's row first (PostgreSQL: FOR UPDATE, the second waits for the first
 * to commit; SQLite: the immediate transaction already queues writers) and reads its users after.
 */
import type { Repos } from '../ports/store.js';
import type { DashboardUser } from '../ports/dashboard-store.js';

/** Call first in the transaction, before reading the merchant's users: they cannot change until it ends. */
export async function lockMerchantUsers(tx: Repos, merchantId: string): Promise<void> {
  await tx.merchants.getForUpdate(merchantId);
}

/** Whether `user` is the only owner left of its merchant (read after `lockMerchantUsers`). */
export async function isLastOwner(tx: Repos, user: DashboardUser): Promise<boolean> {
  if (user.role !== 'owner' || user.merchantId === null) return false;
  const owners = (await tx.dashboardUsers.list(user.merchantId)).filter((u) => u.role === 'owner' && u.disabledAt === null);
  return owners.length <= 1;
}
