/**
 * The exchange-rate table, one for the whole gateway: a file the operator keeps (no network) at
 * EXCHANGE_RATES_FILE (BANK_TRANSFER_RATES_FILE, its older name, is still read). Bank Transfer
 * converts AmountToPay with it; the hosted checkout's currency step shows a price in the customer's
 * currency with it. With the sandbox on and no file, the fixed sandbox table below; with real wallets
 * and no file, none: nothing is converted and the currency step offers the payment's own currency.
 */
import { readFileSync } from 'node:fs';
import { rateTableProblems, type RateTable } from '../core/exchange-rates.js';
import type { EnvReader } from './wallet-settings.js';

/** The sandbox's table: not today's rates (docs/configuration.md, "Exchange rates"). */
export const SANDBOX_RATES: RateTable = {
  date: '2018-11-07',
  source: 'walletgate sandbox table (fixed; ECB reference rates of 7 November 2018, rounded)',
  base: 'EUR',
  rates: {
    PLN: '4.2950',
    CZK: '25.9500',
    HUF: '322.5000',
    SEK: '10.3000',
    DKK: '7.4600',
    NOK: '9.6000',
    CHF: '1.1450',
    RON: '4.6650',
    GBP: '0.8720',
    USD: '1.1450',
    CNY: '7.9280',
    HKD: '8.9620',
    JPY: '129.6800',
    KRW: '1282.0000',
    SGD: '1.5720',
    THB: '37.7500',
    PHP: '60.5800',
    IDR: '16725.0000',
    MYR: '4.7650',
  },
};

const NAMES = ['EXCHANGE_RATES_FILE', 'BANK_TRANSFER_RATES_FILE'] as const;

/** The table (null: none configured, sandbox off) and what is wrong with the configured one. */
export function readExchangeRates(env: EnvReader, sandbox: boolean): { rates: RateTable | null; problems: string[] } {
  const name = NAMES.find((n) => env.text(n) !== undefined);
  if (name === undefined) return { rates: sandbox ? SANDBOX_RATES : null, problems: [] };
  const file = env.text(name)!;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    return { rates: null, problems: [`${name} ${file} cannot be read as JSON: ${(e as Error).message}`] };
  }
  const wrong = rateTableProblems(json);
  return wrong.length === 0
    ? { rates: json as RateTable, problems: [] }
    : { rates: null, problems: wrong.map((p) => `${name} ${file}: ${p}`) };
}
