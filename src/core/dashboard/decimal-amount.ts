/**
 * Amounts as people type them on the dashboard and in a mass-refund file: a decimal in the
 * currency's units ("10.50 EUR", "15000 KRW"), turned into whole minor units without floats.
 */
import { currencyExponent, isValidAmount } from '../money.js';

/** The amount in minor units, or why the text is not one (in words for the page). */
export function minorUnitsOf(text: string, currency: string): { amount: number } | { problem: string } {
  const exp = currencyExponent(currency);
  if (exp === undefined) return { problem: `${currency || 'The currency'} is not a currency walletgate knows.` };
  const m = /^(\d{1,13})(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return { problem: `"${text}" is not an amount: write a number such as ${exp === 0 ? '15000' : '10.50'}.` };
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exp)
    return { problem: `${currency} has ${exp === 0 ? 'no minor units' : `${exp} decimal places`}: "${text}" has more.` };
  const amount = Number(m[1]) * 10 ** exp + Number(fraction.padEnd(exp, '0') || '0');
  if (!isValidAmount(amount)) return { problem: `"${text}" is not a positive amount walletgate can refund.` };
  return { amount };
}

/** Minor units as the decimal a person types back: 1050 EUR → "10.50", 15000 KRW → "15000". */
export function decimalOf(amount: number, currency: string): string {
  const exp = currencyExponent(currency) ?? 2;
  if (exp === 0) return String(amount);
  const s = String(amount).padStart(exp + 1, '0');
  return `${s.slice(0, -exp)}.${s.slice(-exp)}`;
}
