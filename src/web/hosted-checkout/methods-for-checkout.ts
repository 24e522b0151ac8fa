/**
 * The methods a hosted checkout offers: those the core says fit the payment (currency, country,
 * amount: core/list-available-methods.ts), narrowed and ordered by what the merchant's request
 * allows. The lists are method codes, so any API can hand in its own (methods to include, to
 * exclude, to show first; the methods a merchant's account may use…) once it has translated its
 * names into codes.
 */
import { listAvailableMethods } from '../../core/list-available-methods.js';
import type { MethodCode, PaymentMethod } from '../../core/methods.js';
import type { ConnectorRegistry } from '../../core/ports/connector.js';

export interface CheckoutMethodQuery {
  currency: string;
  amount: number;
  country?: string | null;
  /** Only these methods. null / undefined: no restriction; an empty list offers nothing. */
  include?: readonly MethodCode[] | null;
  /** Never these methods. */
  exclude?: readonly MethodCode[] | null;
  /** These first, in this order; the rest keep the registry's order. */
  prioritize?: readonly MethodCode[] | null;
}

/** The methods to offer, each once, in the order to show them. */
export function methodsForCheckout(connectors: ConnectorRegistry, q: CheckoutMethodQuery): PaymentMethod[] {
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
