/**
 * The methods a checkout can offer for a country, currency and amount (Adyen /paymentMethods):
 * exactly those that `validateMethodRequest` would accept, so a listed method never fails on these.
 */
import { isCoreError } from './errors.js';
import type { PaymentMethod } from './methods.js';
import type { ConnectorRegistry } from './ports/connector.js';
import { methodCodes } from './method-capabilities.js';
import { validateMethodRequest } from './validate-method.js';

export interface MethodQuery {
  country?: string | null;
  currency?: string | null;
  amount?: number;
  recurring?: boolean;
}

export function listAvailableMethods(connectors: ConnectorRegistry, q: MethodQuery): PaymentMethod[] {
  return methodCodes(connectors).flatMap((code) => {
    try {
      return [
        validateMethodRequest(connectors, {
          method: code,
          currency: q.currency,
          country: q.country,
          amount: q.amount,
          recurring: q.recurring ?? false,
        }),
      ];
    } catch (e) {
      if (isCoreError(e)) return [];
      throw e;
    }
  });
}
