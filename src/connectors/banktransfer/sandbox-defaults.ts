/**
 * What bank transfers use when the operator configures nothing and the sandbox is on: one
 * documented sandbox collection account for every merchant (the account seed 004's answers show) and
 * a fixed rate table. Neither is a real account or today's rates: docs/globalpay.md, "Bank Transfer".
 */
import type { CollectionAccount } from './collection-account.js';
import type { RateTable } from './rate-table.js';

export const SANDBOX_ACCOUNT: CollectionAccount = {
  bankName: 'ING Bank',
  accountHolder: 'Stichting Smart2Pay Escrow Services',
  iban: 'DE72 5002 1000 0010 1264 23',
  bic: 'INGBDEFF',
  accountNumber: '0010126423',
  currency: 'EUR',
};

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
  },
};

/** The secret the sandbox bank signs its credit notices with (not a secret: it is the sandbox's). */
export const SANDBOX_NOTICE_SECRET = 'sandbox-bank-notice-secret';
