/**
 * Everything a core use case needs, handed in by the composition root (src/services.ts).
 * The core sees interfaces only: Store, ConnectorRegistry and two functions.
 */
import type { ConnectorRegistry } from '../connectors/connector.js';
import type { Repos, Store } from '../storage/store.js';
import type { CoreEvent } from './events.js';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface CoreDeps {
  store: Store;
  connectors: ConnectorRegistry;
  /** Writes the outbox rows for an event, inside the caller's transaction. */
  notify(tx: Repos, event: CoreEvent): Promise<void>;
  /** Absolute URLs of walletgate's customer-facing pages. */
  links: CustomerLinks;
  clock: () => Date;
  log: Logger;
  /** Work started by a use case and finished after the request has been answered. */
  background: BackgroundWork;
}

/**
 * Work a use case starts and does not wait for (core/background-work.ts builds one): tracked so that
 * shutdown can wait for it.
 */
export interface BackgroundWork {
  run(what: string, task: () => Promise<unknown>): void;
  /** Resolves once every task started so far has finished. */
  drain(): Promise<void>;
}

export interface CustomerLinks {
  /** walletgate's public base URL (no trailing slash): API links in responses and webhooks start here. */
  publicBase: string;
  /** The landing page a merchant sends the customer to: {base}/pay/{token} */
  landing(token: string): string;
  /** Where the wallet sends the customer back: {base}/pay/{token}/return|cancel|fail */
  walletReturn(token: string, outcome: 'approve' | 'cancel' | 'fail'): string;
}
