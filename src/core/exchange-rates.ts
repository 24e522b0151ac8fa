/**
 * The exchange-rate table AmountToPay is converted with: a file the operator keeps (no network),
 * stating its date and source; every rate is units of a currency per one unit of `base`, as a
 * decimal string (ECB reference rates are published this way). Conversion is integer arithmetic on
 * minor units, rounded half up.
 */
import { currencyExponent } from './money.js';

export interface RateTable {
  /** The day the rates are of (YYYY-MM-DD). */
  date: string;
  /** Where they come from, in words ("ECB euro foreign exchange reference rates"). */
  source: string;
  base: string;
  rates: Readonly<Record<string, string>>;
}

const RATE = /^\d{1,9}(\.\d{1,8})?$/;
const SCALE = 8;

function scaled(rate: string): bigint {
  const [whole, frac = ''] = rate.split('.');
  return BigInt(`${whole}${frac.padEnd(SCALE, '0')}`);
}

/** The table's rate of a currency, scaled by 10^8 (the base is 1). */
function rateOf(table: RateTable, currency: string): bigint | undefined {
  if (currency === table.base) return 10n ** BigInt(SCALE);
  const r = Object.hasOwn(table.rates, currency) ? table.rates[currency] : undefined;
  return r === undefined ? undefined : scaled(r);
}

/** The currencies the table can convert between. */
export function tableCurrencies(table: RateTable): string[] {
  return [table.base, ...Object.keys(table.rates)].filter((c) => currencyExponent(c) !== undefined);
}

/** Problems with a table read from a file, in words; empty when it is usable. */
export function rateTableProblems(table: unknown): string[] {
  if (typeof table !== 'object' || table === null) return ['the rate table must be a JSON object {date, source, base, rates}'];
  const t = table as Partial<RateTable>;
  const problems: string[] = [];
  if (typeof t.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(t.date)) problems.push('"date" must be YYYY-MM-DD');
  if (typeof t.source !== 'string' || t.source.trim() === '') problems.push('"source" must say where the rates come from');
  if (typeof t.base !== 'string' || currencyExponent(t.base) === undefined) problems.push('"base" must be a currency walletgate knows');
  if (typeof t.rates !== 'object' || t.rates === null) problems.push('"rates" must be an object {"PLN": "4.2950", …}');
  else
    for (const [c, r] of Object.entries(t.rates))
      if (typeof r !== 'string' || !RATE.test(r) || scaled(r) === 0n) problems.push(`rate of ${c} must be a positive decimal string`);
  return problems;
}

/** `amount` minor units of `from` in minor units of `to`, with the rate used (null when no conversion was needed). */
export function convert(
  table: RateTable,
  amount: number,
  from: string,
  to: string,
): { amount: number; rate: { value: string; date: string; source: string } | null } | undefined {
  if (from === to) return { amount, rate: null };
  const rf = rateOf(table, from);
  const rt = rateOf(table, to);
  const ef = currencyExponent(from);
  const et = currencyExponent(to);
  if (rf === undefined || rt === undefined || ef === undefined || et === undefined) return undefined;
  const num = BigInt(amount) * rt * 10n ** BigInt(et);
  const den = rf * 10n ** BigInt(ef);
  const converted = (2n * num + den) / (2n * den);
  // one unit of `from` in `to`, to six places, for the record
  const unit = (rt * 10n ** 6n + rf / 2n) / rf;
  const value = `${unit / 10n ** 6n}.${String(unit % 10n ** 6n).padStart(6, '0')}`;
  return { amount: Number(converted), rate: { value, date: table.date, source: table.source } };
}
