/**
 * The methods a checkout can offer for a country, currency and amount (Adyen /paymentMethods):
 * exactly those that `validateMethodRequest` would accept, so a listed method never fails on these.
 */
import { isCoreError } from './errors.js';
import { METHODS, type PaymentMethod } from './methods.js';
import { validateMethodRequest } from './validate-method.js';

export interface MethodQuery {
  country?: string | null;
  currency?: string | null;
  amount?: number;
  recurring?: boolean;
}

export function listAvailableMethods(q: MethodQuery): PaymentMethod[] {
  return Object.values(METHODS).filter((m) => {
    try {
      validateMethodRequest({
        method: m.code,
        currency: q.currency,
        country: q.country,
        amount: q.amount,
        recurring: q.recurring ?? false,
      });
      return true;
    } catch (e) {
      if (isCoreError(e)) return false;
      throw e;
    }
  });
}
