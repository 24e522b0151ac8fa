/**
 * A bank's credit notice about money in a collection account: the connector verifies and reads it,
 * then each transfer in it is recorded (record-incoming-transfer.ts). The bank's retries of the same
 * notice find every transaction already kept and change nothing.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import { isConnectorError, type IncomingTransfer } from '../ports/connector.js';
import { recordIncomingTransfer, type RecordedTransfer } from './record-incoming-transfer.js';

export async function receiveTransferNotice(
  deps: Pick<CoreDeps, 'store' | 'connectors' | 'notify' | 'log'>,
  connectorId: string,
  headers: Readonly<Record<string, string>>,
  rawBody: string,
): Promise<RecordedTransfer[]> {
  const connector = Object.hasOwn(deps.connectors, connectorId) ? deps.connectors[connectorId] : undefined;
  if (!connector?.parseTransferNotice) throw new CoreError('not_found', `No bank "${connectorId}" sends credit notices to walletgate.`);
  let transfers: IncomingTransfer[];
  try {
    transfers = connector.parseTransferNotice(headers, rawBody);
  } catch (e) {
    if (!isConnectorError(e)) throw e;
    throw new CoreError('request_invalid', `The credit notice was not accepted: ${e.message}`);
  }
  const recorded: RecordedTransfer[] = [];
  for (const t of transfers) recorded.push(await recordIncomingTransfer(deps, connectorId, t, 'notice'));
  return recorded;
}
