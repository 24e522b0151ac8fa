/**
 * "Send a test notification" (ADR 0026): the merchant's most recent payment through that API whose
 * state is news in it has its current notification rendered again, by the API's own renderer,
 * signed with the live keys and written to the outbox for the URL in force — exactly what a real
 * one would be, so what reaches the merchant tests their whole receiving code. Delivery is the
 * dispatcher's, asynchronous as always: the page shows the rows and their attempts. Audited.
 */
import type { CoreDeps } from '../deps.js';
import type { DialectId, OutboxNotification } from '../model.js';
import type { Actor } from './dashboard-actor.js';
import { reachesMerchant } from './dashboard-policy.js';
import { recordAudit } from './record-audit.js';

/** How many of the newest payments are tried for one whose state the API notifies about. */
const PAYMENTS_TRIED = 20;

export type SendTestNotificationResult =
  | { ok: true; paymentId: number; notifications: OutboxNotification[] }
  | { ok: false; problem: 'not_found' | 'no_payment' | 'nothing_sent' };

export async function sendTestNotification(
  deps: Pick<CoreDeps, 'store' | 'notify' | 'requestId'>,
  actor: Extract<Actor, { user: unknown }>,
  req: { merchantId: string; dialect: DialectId },
): Promise<SendTestNotificationResult> {
  if (!reachesMerchant(actor.user, req.merchantId)) return { ok: false, problem: 'not_found' };
  return deps.store.transaction(async (tx): Promise<SendTestNotificationResult> => {
    if (!(await tx.merchants.get(req.merchantId))) return { ok: false, problem: 'not_found' };
    const { items } = await tx.payments.list(
      req.merchantId,
      { dialect: req.dialect, sortBy: 'createdAt', sortDirection: 'desc' },
      { index: 1, size: PAYMENTS_TRIED },
    );
    if (items.length === 0) return { ok: false, problem: 'no_payment' };
    for (const payment of items) {
      const resources = [{ type: 'payment' as const, id: payment.id }];
      const before = new Set((await tx.outbox.list({ merchantId: req.merchantId, resources })).map((n) => n.id));
      await deps.notify(tx, { type: 'payment.updated', payment }, deps.requestId);
      const written = (await tx.outbox.list({ merchantId: req.merchantId, resources })).filter((n) => !before.has(n.id));
      if (written.length === 0) continue;
      written.sort((a, b) => a.id - b.id);
      await recordAudit(tx, actor, {
        merchantId: req.merchantId,
        action: 'settings.test_notification',
        subject: `${req.dialect} notification`,
        detail: { dialect: req.dialect, paymentId: payment.id, notifications: written.map((n) => n.id) },
      });
      return { ok: true, paymentId: payment.id, notifications: written };
    }
    return { ok: false, problem: 'nothing_sent' };
  });
}
