/**
 * What config.ts hands each wallet's settings reader, and what it takes back. Every wallet states its
 * own settings for both sides in one file, `connectors/<wallet>/settings.ts`: with the sandbox on,
 * defaults that reach walletgate's built-in sandbox; with a real wallet, what the operator must set and
 * what is refused. config.ts stays the only module that reads process.env: readers get this view of it.
 */
import type { RateTable } from '../core/exchange-rates.js';

export interface EnvReader {
  /** The variable's value; undefined when it is unset or empty. */
  text(name: string): string | undefined;
  /** A non-negative integer, or `fallback` when unset; anything else stops start-up. */
  int(name: string, fallback: number): number;
}

export interface WalletMode {
  /** true: walletgate's built-in sandbox plays the wallet (and the demo merchant exists); false: a real wallet. */
  sandbox: boolean;
  /** walletgate's public base URL, under which the built-in sandboxes are mounted. */
  publicUrl: string;
  /** The gateway's exchange-rate table (exchange-rates-setting.ts); null when none is configured. */
  rates: RateTable | null;
}

export interface WalletSettingsRead<T> {
  settings: T;
  /**
   * With a real wallet: one line per setting that is missing or unsafe, naming the variable and what
   * to set it to. config.ts refuses to start with all of them in one message. Always empty with the sandbox.
   */
  problems: string[];
}

/** A base URL a wallet's API can be called at: http or https (anything else is a setting's mistake). */
export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
