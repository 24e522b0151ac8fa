/**
 * The methods a hosted checkout offers: those the core says fit the payment (currency, country,
 * amount: ../list-available-methods.ts), narrowed and ordered by what the merchant's request
 * allows. The lists are method codes, so any API can hand in its own (methods to include, to
 * exclude, to show first…) once it has translated its names into codes. The web's hosted checkout
 * shows them; a payment awaiting the customer's choice (./choose-method.ts) accepts only them.
 */
import { listAvailableMethods } from '../list-available-methods.js';
import type { MethodCode, PaymentMethod } from '../methods.js';
import type { ConnectorRegistry } from '../ports/connector.js';

/** Which of the fitting methods the merchant lets the customer choose from, and in which order. */
export interface MethodChoiceRules {
  /** Only these methods. null / undefined: no restriction; an empty list offers nothing. */
  include?: readonly MethodCode[] | null;
  /** Never these methods. */
  exclude?: readonly MethodCode[] | null;
  /** These first, in this order; the rest keep the registry's order. */
  prioritize?: readonly MethodCode[] | null;
}

export interface CheckoutMethodQuery extends MethodChoiceRules {
  currency: string;
  amount: number;
  country?: string | null;
}

/** The methods to offer, each once, in the order to show them. */
export function methodsOnOffer(connectors: ConnectorRegistry, q: CheckoutMethodQuery): PaymentMethod[] {
  const include = q.include == null ? null : new Set(q.include);
  const exclude = new Set(q.exclude ?? []);
  const fitting = listAvailableMethods(connectors, { currency: q.currency, country: q.country ?? null, amount: q.amount }).filter(
    (m) => (include === null || include.has(m.code)) && !exclude.has(m.code),
  );
  const rank = new Map<MethodCode, number>();
  (q.prioritize ?? []).forEach((code, i) => {
    if (!rank.has(code)) rank.set(code, i);
  });
  const rankOf = (m: PaymentMethod) => rank.get(m.code) ?? Number.MAX_SAFE_INTEGER;
  // Array.prototype.sort is stable: methods of equal rank keep the registry's order.
  return fitting
    .map((m, i) => ({ m, i }))
    .sort((a, b) => rankOf(a.m) - rankOf(b.m) || a.i - b.i)
    .map(({ m }) => m);
}
