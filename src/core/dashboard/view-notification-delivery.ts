/** One outbox notification of a merchant and its delivery attempts (the truth of what was delivered), for the settings' test result. */
import type { CoreDeps } from '../deps.js';
import type { DeliveryAttempt, OutboxNotification } from '../model.js';
import { reachesMerchant } from './dashboard-policy.js';
import type { SignedIn } from './resolve-session.js';

export interface NotificationDelivery {
  notification: OutboxNotification;
  attempts: DeliveryAttempt[];
}

export async function viewNotificationDelivery(
  deps: Pick<CoreDeps, 'store'>,
  { user }: SignedIn,
  merchantId: string,
  id: number,
): Promise<NotificationDelivery | undefined> {
  if (!reachesMerchant(user, merchantId)) return undefined;
  const notification = await deps.store.outbox.get(id);
  if (!notification || notification.merchantId !== merchantId) return undefined;
  return { notification, attempts: await deps.store.outbox.listAttempts(id) };
}
