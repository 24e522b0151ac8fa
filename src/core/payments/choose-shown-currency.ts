/**
 * The hosted checkout's currency step (ADR 0021): before paying, the customer picks the currency to
 * see the price in — the payment's own, or any the gateway's rate table converts it into. The choice
 * is kept on the payment and the checkout then shows the price in it beside the amount charged, with
 * the table's date and source. It changes no amount: the wallet charges the payment's currency.
 * A second choice (a double submit, the back button) changes nothing.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import { convert, tableCurrencies } from '../exchange-rates.js';
import type { Payment } from '../model.js';
import { changePayment } from '../record-change.js';

/** True while the customer is still to choose the currency to see the price in. */
export function awaitsCurrencyChoice(p: Pick<Payment, 'status' | 'connectorState'>): boolean {
  return p.status === 'pending_customer' && p.connectorState.currencyChoice?.shown === null;
}

/** The price in every other currency the gateway's rate table converts the payment's into, by currency code. */
export function pricesInOtherCurrencies(
  deps: Pick<CoreDeps, 'rates'>,
  p: Pick<Payment, 'amount' | 'currency'>,
): { currency: string; amount: number }[] {
  const { rates } = deps;
  if (rates === null) return [];
  return tableCurrencies(rates)
    .filter((c) => c !== p.currency)
    .sort()
    .flatMap((currency) => {
      const c = convert(rates, p.amount, p.currency, currency);
      return c ? [{ currency, amount: c.amount }] : [];
    });
}

/** The currencies the price can be shown in: the payment's own first, then the others. */
export function currenciesToShow(deps: Pick<CoreDeps, 'rates'>, p: Pick<Payment, 'amount' | 'currency'>): string[] {
  return [p.currency, ...pricesInOtherCurrencies(deps, p).map((o) => o.currency)];
}

/** The price in the currency the customer chose, with the rate used; null when it is the payment's own (or none was chosen). */
export function priceInShownCurrency(
  deps: Pick<CoreDeps, 'rates'>,
  p: Pick<Payment, 'amount' | 'currency' | 'connectorState'>,
): { amount: number; currency: string; rate: { value: string; date: string; source: string } } | null {
  const shown = p.connectorState.currencyChoice?.shown;
  if (!shown || shown === p.currency || deps.rates === null) return null;
  const converted = convert(deps.rates, p.amount, p.currency, shown);
  return converted?.rate ? { amount: converted.amount, currency: shown, rate: converted.rate } : null;
}

export async function chooseShownCurrency(deps: CoreDeps, token: string, currency: string): Promise<Payment> {
  const found = await deps.store.payments.getByCustomerToken(token);
  if (!found) throw new CoreError('not_found', 'This payment link is not valid.');
  if (!awaitsCurrencyChoice(found)) return found;
  if (!currenciesToShow(deps, found).includes(currency))
    throw new CoreError('currency_unsupported', `The price cannot be shown in ${currency}.`, { field: 'currency' });
  const chosen = await deps.store.transaction(async (tx) => {
    const cur = (await tx.payments.getByIdForUpdate(found.id))!;
    if (!awaitsCurrencyChoice(cur)) return cur;
    return changePayment(
      deps,
      tx,
      cur,
      { connectorState: Object.assign({}, cur.connectorState, { currencyChoice: { shown: currency } }) },
      { kind: 'redirect', status: 'pending', code: currency, message: `The customer chose to see the price in ${currency}` },
    );
  });
  return chosen;
}
