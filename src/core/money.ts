/**
 * Money in walletgate is always an integer number of minor units of an ISO 4217 currency.
 * The exponent table says how many minor units make one major unit (KRW has none).
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  KRW: 0,
  JPY: 0,
  IDR: 2,
  CNY: 2,
  HKD: 2,
  PHP: 2,
  THB: 2,
  MYR: 2,
  SGD: 2,
  EUR: 2,
  USD: 2,
  GBP: 2,
  PLN: 2,
  CZK: 2,
  HUF: 2,
  SEK: 2,
  DKK: 2,
  NOK: 2,
  CHF: 2,
  RON: 2,
  RUB: 2,
};

/** Largest amount accepted anywhere, in minor units: far above any wallet limit, far below 2^53. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

export function currencyExponent(currency: string): number | undefined {
  return CURRENCY_EXPONENTS[currency];
}

export function isKnownCurrency(currency: string): boolean {
  return Object.hasOwn(CURRENCY_EXPONENTS, currency);
}

/** A positive whole number of minor units within MAX_AMOUNT_MINOR. */
export function isValidAmount(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount > 0 && amount <= MAX_AMOUNT_MINOR;
}

/** Human display: 12345 KRW → "12,345 KRW"; 1050 EUR → "10.50 EUR". */
export function formatMoney(amount: number, currency: string): string {
  const exp = currencyExponent(currency) ?? 2;
  const major =
    exp === 0
      ? amount.toLocaleString('en-US')
      : (amount / 10 ** exp).toLocaleString('en-US', { minimumFractionDigits: exp, maximumFractionDigits: exp });
  return `${major} ${currency}`;
}
