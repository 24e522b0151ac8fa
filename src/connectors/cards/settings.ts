/**
 * The card processor's settings, sandbox and real side by side (see ../wallet-settings.ts).
 *
 * - Sandbox on: the built-in card processor sandbox and its published key (./sandbox-defaults.ts);
 *   CARDS_BASE_URL / CARDS_API_KEY may point elsewhere.
 * - A real processor (sandbox off): without CARDS_BASE_URL the card methods are not offered; with it,
 *   CARDS_API_KEY must be set and must not be the sandbox's published key.
 */
import { isHttpUrl, type EnvReader, type WalletMode, type WalletSettingsRead } from '../wallet-settings.js';
import { CARDS_SANDBOX_API_KEY, CARDS_SANDBOX_PATH } from './sandbox-defaults.js';

export interface CardsSettings {
  /** The processor's API base (…/v1/payments under it); '' when no processor is configured. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer {key}`; never logged. */
  apiKey: string;
  timeoutMs: number;
}

export function readCardsSettings(env: EnvReader, wallet: WalletMode): WalletSettingsRead<CardsSettings> {
  const problems: string[] = [];
  const baseUrl = env.text('CARDS_BASE_URL')?.replace(/\/$/, '');
  if (baseUrl !== undefined && !isHttpUrl(baseUrl))
    problems.push(`CARDS_BASE_URL must be an http or https URL (your card processor's API base), got "${baseUrl}".`);
  const apiKey = env.text('CARDS_API_KEY');
  const timeoutMs = env.int('CARDS_TIMEOUT_MS', 10_000);
  if (wallet.sandbox) {
    return {
      settings: { baseUrl: baseUrl ?? `${wallet.publicUrl}${CARDS_SANDBOX_PATH}`, apiKey: apiKey ?? CARDS_SANDBOX_API_KEY, timeoutMs },
      problems,
    };
  }
  if (baseUrl !== undefined && apiKey === undefined)
    problems.push("CARDS_API_KEY is not set: set it to the API key your card processor issued for walletgate's account.");
  if (apiKey === CARDS_SANDBOX_API_KEY)
    problems.push("CARDS_API_KEY is the card processor sandbox's published key: set it to the key your card processor issued.");
  return { settings: { baseUrl: baseUrl ?? '', apiKey: apiKey ?? '', timeoutMs }, problems };
}
