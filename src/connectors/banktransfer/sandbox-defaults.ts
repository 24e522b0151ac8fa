/**
 * What bank transfers use when the operator configures nothing and the sandbox is on: one
 * documented sandbox collection account for every merchant (the account seed 004's answers show).
 * It is not a real account: docs/globalpay.md, "Bank Transfer". (The sandbox's rate table is the
 * gateway's: ../exchange-rates-setting.ts.)
 */
import type { CollectionAccount } from './collection-account.js';

export const SANDBOX_ACCOUNT: CollectionAccount = {
  bankName: 'ING Bank',
  accountHolder: 'Stichting Smart2Pay Escrow Services',
  iban: 'DE72 5002 1000 0010 1264 23',
  bic: 'INGBDEFF',
  accountNumber: '0010126423',
  currency: 'EUR',
};

/** The secret the sandbox bank signs its credit notices with (not a secret: it is the sandbox's). */
export const SANDBOX_NOTICE_SECRET = 'sandbox-bank-notice-secret';
