/** The card processor's line in the connector registry (../index.ts). */
import type { ConnectorEntry } from '../connector-entry.js';
import { createCardsConnector } from './cards-connector.js';
import { readCardsSettings, type CardsSettings } from './settings.js';

export const cardsEntry = {
  id: 'cards',
  readSettings: readCardsSettings,
  create: (s, runtime) => createCardsConnector({ ...s, log: runtime.log, ...(runtime.fetch ? { fetch: runtime.fetch } : {}) }),
  callTimeoutMs: (s) => s.timeoutMs,
} as const satisfies ConnectorEntry<CardsSettings>;
