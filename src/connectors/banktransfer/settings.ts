/**
 * Bank transfer settings. The collection account per merchant is a file the operator keeps (JSON;
 * path in BANK_TRANSFER_ACCOUNTS_FILE), converted into with the gateway's rate table (WalletMode); the
 * bank's credit notices are signed with BANK_TRANSFER_NOTICE_SECRET. With the sandbox on, each
 * defaults to the sandbox's (./sandbox-defaults.ts). With a real bank and no accounts file the
 * method is simply not offered.
 */
import { readFileSync } from 'node:fs';
import type { EnvReader, WalletMode, WalletSettingsRead } from '../wallet-settings.js';
import type { RateTable } from '../../core/exchange-rates.js';
import { SANDBOX_ACCOUNT, SANDBOX_NOTICE_SECRET } from './sandbox-defaults.js';
import type { CollectionAccount } from './collection-account.js';

export interface BankTransferSettings {
  /** Merchant id → account; "*" for every merchant not named. Empty: the method is not offered. */
  accounts: Readonly<Record<string, CollectionAccount>>;
  /** The gateway's table (EXCHANGE_RATES_FILE); null only when no account is configured either. */
  rates: RateTable | null;
  noticeSecret: string | null;
}

const ACCOUNT_FIELDS = ['bankName', 'accountHolder', 'iban', 'bic', 'accountNumber', 'currency'] as const;

function readJson(file: string, what: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    problems.push(`${what} ${file} cannot be read as JSON: ${(e as Error).message}`);
    return undefined;
  }
}

function accountsFrom(json: unknown, file: string, problems: string[]): Record<string, CollectionAccount> {
  if (typeof json !== 'object' || json === null) {
    problems.push(
      `BANK_TRANSFER_ACCOUNTS_FILE ${file}: a JSON object {"<merchant id or *>": {bankName, accountHolder, iban, bic, accountNumber, currency}}`,
    );
    return {};
  }
  const out: Record<string, CollectionAccount> = {};
  for (const [merchant, a] of Object.entries(json)) {
    const acc = a as Record<string, unknown>;
    const lacking = ACCOUNT_FIELDS.filter((f) => typeof acc?.[f] !== 'string' || acc[f] === '');
    if (lacking.length > 0) problems.push(`BANK_TRANSFER_ACCOUNTS_FILE ${file}: the account of "${merchant}" lacks ${lacking.join(', ')}`);
    else out[merchant] = Object.fromEntries(ACCOUNT_FIELDS.map((f) => [f, acc[f] as string])) as unknown as CollectionAccount;
  }
  return out;
}

export function readBankTransferSettings(env: EnvReader, wallet: WalletMode): WalletSettingsRead<BankTransferSettings> {
  const problems: string[] = [];
  const accountsFile = env.text('BANK_TRANSFER_ACCOUNTS_FILE');
  const accounts = accountsFile
    ? accountsFrom(readJson(accountsFile, 'BANK_TRANSFER_ACCOUNTS_FILE', problems), accountsFile, problems)
    : wallet.sandbox
      ? { '*': SANDBOX_ACCOUNT }
      : {};
  const rates = wallet.rates;
  if (rates === null && Object.keys(accounts).length > 0)
    problems.push(
      'EXCHANGE_RATES_FILE: set it to a rate table {date, source, base, rates} for the collection accounts (docs/configuration.md)',
    );
  const noticeSecret = env.text('BANK_TRANSFER_NOTICE_SECRET') ?? (wallet.sandbox ? SANDBOX_NOTICE_SECRET : null);
  return { settings: { accounts, rates, noticeSecret }, problems };
}
