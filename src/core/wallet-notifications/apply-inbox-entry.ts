/**
 * Carries out one wallet notification kept in the inbox: the payment it names is settled through
 * settle-from-wallet.ts (the road the customer's return and the sweeper take too), then the row is
 * marked applied; a notification that names no payment of that wallet is marked rejected. Applying
 * a row twice is harmless: the second settlement finds the payment final.
 */
import type { CoreDeps } from '../deps.js';
import type { OperationNote } from '../record-change.js';
import { isConnectorError, type Connector, type WalletNotification, type WalletVerdict } from '../ports/connector.js';
import type { InboxEntry } from '../ports/store.js';
import { settlePaymentFromWallet } from '../payments/settle-from-wallet.js';

/** The operation a notification's settlement writes. */
function noteFor(verdict: WalletVerdict): OperationNote {
  switch (verdict.outcome) {
    case 'succeeded':
      return {
        kind: 'notification',
        status: 'ok',
        amount: verdict.amount,
        code: verdict.approvalRef,
        message: 'The wallet notified the payment paid',
      };
    case 'expired':
      return { kind: 'notification', status: 'failed', message: verdict.message };
    default:
      return { kind: 'notification', status: 'failed', code: verdict.code, message: verdict.message };
  }
}

/** Reads a kept notification again (the sweeper's case: its signature is verified again). */
async function parseKept(deps: Pick<CoreDeps, 'connectors'>, entry: InboxEntry): Promise<WalletNotification | string> {
  // the row names a connector by its stored id, which a later configuration may no longer have
  const connector = (deps.connectors as Readonly<Record<string, Connector | undefined>>)[entry.connector];
  if (!connector?.parseNotification) return `The ${entry.connector} connector no longer takes notifications`;
  try {
    return await connector.parseNotification(JSON.parse(entry.headers) as Record<string, string>, entry.body);
  } catch (e) {
    if (isConnectorError(e)) return e.message;
    throw e;
  }
}

/** Applies a kept notification (`parsed` when the caller has just read it); says what became of the row. */
export async function applyInboxEntry(
  deps: Pick<CoreDeps, 'store' | 'connectors' | 'notify' | 'log'>,
  entry: InboxEntry,
  parsed?: WalletNotification,
): Promise<InboxEntry> {
  const notification = parsed ?? (await parseKept(deps, entry));
  if (typeof notification === 'string') return deps.store.inbox.markRejected(entry.id, notification);
  const id = Number(notification.orderId);
  const payment = Number.isSafeInteger(id) && id > 0 ? await deps.store.payments.getById(id) : undefined;
  if (payment?.connector !== entry.connector) {
    deps.log.warn({ connector: entry.connector, orderId: notification.orderId }, 'wallet notification names no payment of that wallet');
    return deps.store.inbox.markRejected(entry.id, `No payment ${notification.orderId} was made through ${entry.connector}`);
  }
  await settlePaymentFromWallet(deps, payment.id, notification.verdict, noteFor(notification.verdict));
  return deps.store.inbox.markApplied(entry.id);
}
