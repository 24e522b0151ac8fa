/**
 * What a wallet's connector folder gives the registry (./index.ts): its id, its settings reader
 * (sandbox and real side by side, ./wallet-settings.ts) and the factory that builds its Connector.
 */
import type { Connector } from '../core/ports/connector.js';
import type { Logger } from '../core/deps.js';
import type { ConnectorId } from '../core/methods.js';
import type { EnvReader, WalletMode, WalletSettingsRead } from './wallet-settings.js';

/** What every connector is built with besides its own settings. */
export interface ConnectorRuntime {
  log: Logger;
  /** Tests hand in their own; otherwise the global fetch. */
  fetch?: typeof fetch;
}

export interface ConnectorEntry<S> {
  readonly id: ConnectorId;
  readonly readSettings: (env: EnvReader, wallet: WalletMode) => WalletSettingsRead<S>;
  readonly create: (settings: S, runtime: ConnectorRuntime) => Connector;
  /** The longest one call to the wallet can take: the sweeper never judges a call that may still be in flight. */
  readonly callTimeoutMs: (settings: S) => number;
}
