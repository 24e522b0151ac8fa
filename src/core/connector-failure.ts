import { isConnectorError } from './ports/connector.js';
import type { ConnectorOutcome } from './ports/connector.js';
import { CoreError } from './errors.js';

export interface ConnectorFailure {
  /** true when the wallet may have done it anyway: keep pending and ask later */
  outcomeUnknown: boolean;
  /** What the refusal means; the core decides on this alone. */
  outcome: ConnectorOutcome;
  /** The wallet's own code (or the kind), for operations and merchants' reasons only. */
  code: string;
  message: string;
}

/** Classifies whatever a connector threw. Anything that is not a ConnectorError is a bug: rethrown. */
export function classifyConnectorFailure(e: unknown): ConnectorFailure {
  if (!isConnectorError(e)) throw e;
  return {
    outcomeUnknown: e.kind === 'unknown',
    outcome: e.outcome,
    code: e.providerCode ?? e.kind,
    message: e.message,
  };
}

/** The CoreError a merchant sees when a wallet refused or could not be reached. */
export function connectorCoreError(f: ConnectorFailure): CoreError {
  return f.outcomeUnknown
    ? new CoreError(
        'connector_unavailable',
        `The wallet did not answer in time (${f.message}); walletgate will settle the outcome itself.`,
        {
          providerCode: f.code,
        },
      )
    : new CoreError('connector_declined', `The wallet refused: ${f.message}`, { providerCode: f.code });
}
