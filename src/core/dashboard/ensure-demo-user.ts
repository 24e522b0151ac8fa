/**
 * With the sandbox on, start-up makes sure the demo merchant has a dashboard user,
 * demo@walletgate.test (owner). Its password is random and never shown: the banner says to set a
 * one-time one with `walletgate user reset demo@walletgate.test`. An existing demo user is left as it is.
 */
import type { ExclusiveStore } from '../ports/store.js';
import { DEMO_MERCHANT_ID } from '../merchants/demo-merchant.js';
import { DEMO_USER_EMAIL } from './dashboard-policy.js';
import { newOneTimePassword } from './one-time-password.js';
import { hashPassword } from './password-hash.js';
import { recordAudit } from './record-audit.js';

/** true when it was made now. */
export async function ensureDemoUser(store: ExclusiveStore): Promise<boolean> {
  if ((await store.dashboardUsers.getByEmail(DEMO_USER_EMAIL)) || !(await store.merchants.get(DEMO_MERCHANT_ID))) return false;
  const passwordHash = await hashPassword(newOneTimePassword());
  return store.transaction(async (tx) => {
    const user = await tx.dashboardUsers.insert({
      email: DEMO_USER_EMAIL,
      merchantId: DEMO_MERCHANT_ID,
      role: 'owner',
      passwordHash,
      mustChangePassword: true,
    });
    if (!user) return false;
    await recordAudit(
      tx,
      { cli: 'start-up' },
      { merchantId: DEMO_MERCHANT_ID, action: 'user.add', subject: `user ${user.email}`, detail: { role: 'owner', demo: true } },
    );
    return true;
  });
}
