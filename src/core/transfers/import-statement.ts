/**
 * An account statement file (CSV or camt.053, read by the connector) imported by a person: every
 * credit in it is recorded as money arriving (record-incoming-transfer.ts). A statement imported
 * twice, or overlapping one imported before, applies nothing twice. The file is read in full before
 * anything is recorded: a file with one bad line records nothing and names the line.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import { isConnectorError, type IncomingTransfer } from '../ports/connector.js';
import { recordIncomingTransfer, type RecordedTransfer } from './record-incoming-transfer.js';

/** Every connector that reads statements: the ones a statement may be imported for. */
export function statementReaders(deps: Pick<CoreDeps, 'connectors'>): string[] {
  return Object.values(deps.connectors)
    .filter((c) => c.parseStatement !== undefined)
    .map((c) => c.id);
}

export async function importStatement(
  deps: Pick<CoreDeps, 'store' | 'connectors' | 'notify' | 'log'>,
  connectorId: string,
  content: string,
  fileName: string,
  onEach?: (done: number, total: number, last: RecordedTransfer) => void,
): Promise<RecordedTransfer[]> {
  const connector = Object.hasOwn(deps.connectors, connectorId) ? deps.connectors[connectorId] : undefined;
  if (!connector?.parseStatement) throw new CoreError('not_found', `"${connectorId}" reads no account statements.`);
  let transfers: IncomingTransfer[];
  try {
    transfers = connector.parseStatement(content);
  } catch (e) {
    if (!isConnectorError(e)) throw e;
    throw new CoreError('request_invalid', `${fileName}: ${e.message}`);
  }
  const recorded: RecordedTransfer[] = [];
  for (const t of transfers) {
    recorded.push(await recordIncomingTransfer(deps, connectorId, t, `statement ${fileName}`.slice(0, 200)));
    onEach?.(recorded.length, transfers.length, recorded[recorded.length - 1]!);
  }
  return recorded;
}
