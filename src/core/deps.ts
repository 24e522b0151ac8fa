/**
 * Everything a core use case needs, handed in by the composition root (src/services.ts).
 * The core sees its own ports only (core/ports/: Store, ConnectorRegistry, Notify) and plain functions.
 */
import type { RateTable } from './exchange-rates.js';
import type { ConnectorRegistry } from './ports/connector.js';
import type { Store } from './ports/store.js';
import type { CustomerLinks } from './ports/customer-links.js';
import type { Notify } from './ports/notify.js';

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
  notify: Notify;
  /** Absolute URLs of walletgate's customer-facing pages. */
  links: CustomerLinks;
  clock: () => Date;
  log: Logger;
  /** Work started by a use case and finished after the request has been answered. */
  background: BackgroundWork;
  /**
   * How long a request, and the wallet call it makes, may still be under way (ADR 0003): the sweeper
   * leaves records younger than this alone, and an idempotency key claimed longer ago than this
   * belongs to a request whose process died, so a retry takes it over.
   */
  inFlightGraceMs: number;
  /**
   * Opens the sealed copy of a stored credential (core/secrets.ts): for APIs whose requests are
   * signed with the merchant's secret instead of carrying it (merchants/authenticate.ts).
   */
  masterKey: string;
  /** The exchange-rate table for prices shown in another currency (core/exchange-rates.ts); null: none configured. */
  rates: RateTable | null;
  /**
   * The request (or timer pass) this work is part of (core/request-context.ts `forWork`): sent with
   * every wallet call and stored on every notification it raises. Absent: no request (start-up).
   */
  requestId?: string;
}

/**
 * Work a use case starts and does not wait for (core/background-work.ts builds one): tracked so that
 * shutdown can wait for it.
 */
export interface BackgroundWork {
  /** `log`: where a failure is reported (the work's logger, so the line carries its id); default the process's. */
  run(what: string, task: () => Promise<unknown>, log?: Logger): void;
  /** Resolves once every task started so far has finished. */
  drain(): Promise<void>;
}
