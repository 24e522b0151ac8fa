/**
 * The connector registry: the one list of the wallets walletgate calls. Adding a wallet is a folder
 * under src/connectors/ with its `entry.ts` and one line here; config.ts reads every wallet's
 * settings and services.ts builds every connector by iterating this (docs/adr/0011-connector-seam.md).
 */
import type { ConnectorRegistry } from '../core/ports/connector.js';
import type { ConnectorEntry, ConnectorRuntime } from './connector-entry.js';
import type { EnvReader, WalletMode } from './wallet-settings.js';
import { kakaopayEntry } from './kakaopay/entry.js';
import { alipayplusEntry } from './alipayplus/entry.js';
import { banktransferEntry } from './banktransfer/entry.js';
import { cardsEntry } from './cards/entry.js';

/** In order of preference where several carry one method (KakaoPay's own API before Alipay+ for KakaoPay). */
export const CONNECTORS = {
  kakaopay: kakaopayEntry,
  alipayplus: alipayplusEntry,
  banktransfer: banktransferEntry,
  cards: cardsEntry,
} as const;

/** The registered connectors' ids: the core treats them as opaque strings. */
type ConnectorId = keyof typeof CONNECTORS;
const CONNECTOR_IDS = Object.keys(CONNECTORS) as ConnectorId[];
// each entry's id is its key
CONNECTOR_IDS.forEach((id) => {
  if (CONNECTORS[id].id !== id) throw new Error(`connector registry: entry ${id} says it is ${CONNECTORS[id].id}`);
});

type SettingsOf<E> = E extends ConnectorEntry<infer S> ? S : never;

/** Every wallet's settings, under its connector id (config.kakaopay…). */
export type ConnectorSettings = { [K in ConnectorId]: SettingsOf<(typeof CONNECTORS)[K]> };

/** Reads every wallet's settings; `problems` gathers what each reader found missing or unsafe. */
export function readConnectorSettings(env: EnvReader, wallet: WalletMode): { settings: ConnectorSettings; problems: string[] } {
  const read = CONNECTOR_IDS.map((id) => [id, CONNECTORS[id].readSettings(env, wallet)] as const);
  return {
    settings: Object.fromEntries(read.map(([id, r]) => [id, r.settings])) as ConnectorSettings,
    problems: read.flatMap(([, r]) => r.problems),
  };
}

/** Builds every registered connector from its settings. */
export function createConnectors(settings: ConnectorSettings, runtime: ConnectorRuntime): ConnectorRegistry {
  return Object.fromEntries(
    CONNECTOR_IDS.map((id) => [id, (CONNECTORS[id] as ConnectorEntry<ConnectorSettings[typeof id]>).create(settings[id], runtime)]),
  ) as unknown as ConnectorRegistry;
}

/** The longest one wallet call can take, over every connector. */
export function longestCallMs(settings: ConnectorSettings): number {
  return Math.max(
    ...CONNECTOR_IDS.map((id) => (CONNECTORS[id] as ConnectorEntry<ConnectorSettings[typeof id]>).callTimeoutMs(settings[id])),
  );
}
