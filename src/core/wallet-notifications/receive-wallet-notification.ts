/**
 * A wallet's own notification about a payment (Alipay+ notifyPayment), one of the three roads to a
 * payment's outcome (payments/settle-from-wallet.ts). The connector verifies and reads it; it is
 * written to the inbox before anything acts on it, so a crash after receiving loses nothing (the
 * sweeper applies rows left `received`); then it is applied. The wallet's retries of the same
 * notification are kept once and applied once.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { ConnectorId } from '../methods.js';
import { isConnectorError, type WalletNotification } from '../ports/connector.js';
import type { InboxEntry } from '../ports/store.js';
import { applyInboxEntry } from './apply-inbox-entry.js';

/** Request headers never kept: credentials of a hop in between, never a wallet's signature. */
const NOT_KEPT: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie']);

export interface ReceivedNotification {
  entry: InboxEntry;
  /** true: the wallet sent this notification before (a retry); it was not kept again */
  duplicate: boolean;
}

export async function receiveWalletNotification(
  deps: Pick<CoreDeps, 'store' | 'connectors' | 'notify' | 'log'>,
  connectorId: ConnectorId,
  headers: Readonly<Record<string, string>>,
  rawBody: string,
): Promise<ReceivedNotification> {
  const connector = deps.connectors[connectorId];
  if (!connector?.parseNotification) throw new CoreError('not_found', `The ${connectorId} wallet sends no notifications to walletgate.`);
  let parsed: WalletNotification;
  try {
    parsed = await connector.parseNotification(headers, rawBody);
  } catch (e) {
    if (!isConnectorError(e)) throw e;
    throw new CoreError('request_invalid', `The notification was not accepted: ${e.message}`);
  }
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!NOT_KEPT.has(name.toLowerCase())) kept[name.toLowerCase()] = value;
  const { entry, isNew } = await deps.store.inbox.record({
    connector: connectorId,
    notificationId: parsed.notificationId,
    headers: JSON.stringify(kept),
    body: rawBody,
  });
  // a copy of a row still `received` (its first delivery did not finish) is applied now
  if (!isNew && entry.status !== 'received') return { entry, duplicate: true };
  return { entry: await applyInboxEntry(deps, entry, parsed), duplicate: !isNew };
}
