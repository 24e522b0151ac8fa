/** Bank transfer's line in the connector registry (../index.ts). */
import type { ConnectorEntry } from '../connector-entry.js';
import { createBankTransferConnector } from './banktransfer-connector.js';
import { readBankTransferSettings, type BankTransferSettings } from './settings.js';

export const banktransferEntry = {
  id: 'banktransfer',
  readSettings: readBankTransferSettings,
  create: (s) => createBankTransferConnector(s),
  // it calls no one
  callTimeoutMs: () => 0,
} as const satisfies ConnectorEntry<BankTransferSettings>;
