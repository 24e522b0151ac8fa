/** Decimal amounts as banks write them ("0.93", "1,234.50") ↔ integer minor units. */
import { currencyExponent } from '../../core/money.js';

/** "12.30" EUR → 1230; undefined when it is not a positive amount in the currency's decimals. */
export function minorUnits(text: string, currency: string): number | undefined {
  const exp = currencyExponent(currency);
  const t = text.trim().replace(/,/g, '');
  const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(t);
  if (exp === undefined || !m) return undefined;
  const frac = m[2] ?? '';
  if (frac.length > exp) return undefined;
  const n = Number(m[1]) * 10 ** exp + Number(frac.padEnd(exp, '0') || '0');
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
