/**
 * The methods a checkout can offer for a country, currency and amount (Adyen /paymentMethods):
 * exactly those that `validateMethodRequest` would accept, so a listed method never fails on these.
 */
import { isCoreError } from './errors.js';
import { METHODS, type PaymentMethod } from './methods.js';
import type { ConnectorRegistry } from './ports/connector.js';
import { resolveMethod } from './method-capabilities.js';
import { validateMethodRequest } from './validate-method.js';

export interface MethodQuery {
  country?: string | null;
  currency?: string | null;
  amount?: number;
  recurring?: boolean;
}

export function listAvailableMethods(connectors: ConnectorRegistry, q: MethodQuery): PaymentMethod[] {
  return Object.values(METHODS).flatMap((entry) => {
    const m = resolveMethod(connectors, entry.code);
    if (!m) return [];
    try {
      validateMethodRequest(connectors, {
        method: m.code,
        currency: q.currency,
        country: q.country,
        amount: q.amount,
        recurring: q.recurring ?? false,
      });
      return [m];
    } catch (e) {
      if (isCoreError(e)) return [];
      throw e;
    }
  });
}
