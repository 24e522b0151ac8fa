/**
 * The card form's fields, read and checked on the server (the browser's hints decide nothing): the
 * card as the connector takes it, or one message per field a customer understands. What may be shown
 * again in a re-rendered form is only the expiry and the name: never the number or the CVC.
 */
import type { CardDetails } from '../../core/ports/connector.js';

export const CARD_FIELDS = { number: 'card_number', expiry: 'card_expiry', cvc: 'card_cvc', name: 'card_name' } as const;
export type CardField = keyof typeof CARD_FIELDS;

export type CardFieldErrors = Partial<Record<CardField, string>>;

/** What a re-rendered form may show again. */
export interface KeptCardValues {
  expiry: string;
  name: string;
}

export type CardEntry = { ok: true; card: CardDetails } | { ok: false; errors: CardFieldErrors; kept: KeptCardValues };

type Brand = 'Visa' | 'Mastercard' | 'American Express';

/** The brand of a whole number, by its prefix and length. */
export function cardBrand(digits: string): Brand | null {
  if (/^4\d{15}$/.test(digits)) return 'Visa';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits.length === 16 && ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720))) return 'Mastercard';
  if (/^3[47]\d{13}$/.test(digits)) return 'American Express';
  return null;
}

/** The length the number's prefix calls for, or 16 when the prefix names no brand yet. */
function expectedLength(digits: string): number {
  return /^3[47]/.test(digits) ? 15 : 16;
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function numberProblem(digits: string, raw: string): string | null {
  if (raw.trim() === '') return 'Enter your card number.';
  if (!/^[\d\s-]+$/.test(raw)) return 'A card number has only digits.';
  if (digits.length < expectedLength(digits)) return 'Your card number is incomplete.';
  if (digits.length > 19) return 'Your card number is too long.';
  if (!passesLuhn(digits)) return 'This is not a valid card number. Check it and try again.';
  if (!cardBrand(digits)) return 'This page takes Visa, Mastercard and American Express cards.';
  return null;
}

function readExpiry(raw: string, now: Date): { month: number; year: number } | string {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(raw);
  if (raw.trim() === '') return 'Enter the expiry date as MM/YY.';
  if (!m) return 'Enter the expiry date as MM/YY, for example 08/29.';
  const month = Number(m[1]);
  const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  if (month < 1 || month > 12) return 'The expiry month must be between 01 and 12.';
  const thisYear = now.getUTCFullYear();
  if (year < thisYear || (year === thisYear && month < now.getUTCMonth() + 1))
    return 'Your card has expired: the expiry date is in the past.';
  if (year > thisYear + 20) return 'Check the expiry date: it is too far in the future.';
  return { month, year };
}

export function readCardEntry(form: Readonly<Record<string, string | undefined>>, now: Date): CardEntry {
  const raw = (f: CardField) => form[CARD_FIELDS[f]] ?? '';
  const number = raw('number');
  const digits = number.replace(/[\s-]/g, '');
  const cvc = raw('cvc').trim();
  const name = raw('name').trim().slice(0, 100);
  const expiryRaw = raw('expiry').trim().slice(0, 10);
  const errors: CardFieldErrors = {};
  const badNumber = numberProblem(digits, number);
  if (badNumber) errors.number = badNumber;
  const expiry = readExpiry(expiryRaw, now);
  if (typeof expiry === 'string') errors.expiry = expiry;
  const brand = badNumber ? null : cardBrand(digits);
  const cvcDigits = brand === 'American Express' ? 4 : 3;
  if (!/^\d+$/.test(cvc) || cvc.length !== cvcDigits)
    errors.cvc =
      brand === 'American Express'
        ? 'Enter the 4-digit security code on the front of your card.'
        : 'Enter the 3-digit security code (CVC) on the back of your card.';
  if (name === '') errors.name = 'Enter the name as it appears on the card.';
  if (Object.keys(errors).length > 0 || typeof expiry === 'string') return { ok: false, errors, kept: { expiry: expiryRaw, name } };
  return { ok: true, card: { number: digits, expMonth: expiry.month, expYear: expiry.year, cvc, holderName: name } };
}
