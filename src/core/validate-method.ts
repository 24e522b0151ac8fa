import { CoreError } from './errors.js';
import type { PaymentMethod } from './methods.js';
import type { ConnectorRegistry } from './ports/connector.js';
import { declaredMethod, resolveMethod } from './method-capabilities.js';
import { isKnownCurrency, isValidAmount, MAX_AMOUNT_MINOR } from './money.js';

export interface MethodRequest {
  method: string;
  currency: string | null | undefined;
  country?: string | null | undefined;
  /** undefined for agreements without an amount */
  amount?: number | undefined;
  recurring?: boolean;
  /** Only this connector may carry it (a charge goes where its agreement lives). */
  connector?: string;
}

/**
 * The business rules every payment, preapproval and charge passes before anything is written, on
 * what the method's connector declares it can do.
 */
export function validateMethodRequest(connectors: ConnectorRegistry, req: MethodRequest): PaymentMethod {
  const method =
    req.connector !== undefined
      ? declaredMethod(connectors, req.connector, req.method)
      : resolveMethod(connectors, req.method, { currency: req.currency, country: req.country });
  // Dialects only hand in methods they know: one no configured connector carries is unavailable here.
  if (!method)
    throw new CoreError(
      'method_unavailable',
      `Payment method ${req.method} is not available: no wallet configured in this gateway carries it (docs/connectors/).`,
      { field: 'method' },
    );
  if (req.currency != null) {
    if (!isKnownCurrency(req.currency))
      throw new CoreError('currency_unsupported', `Currency ${req.currency} is not supported.`, { field: 'currency' });
    if (!method.currencies.includes(req.currency)) {
      throw new CoreError(
        'currency_unsupported',
        `${method.name} does not take ${req.currency}; it takes ${method.currencies.join(', ')}.`,
        {
          field: 'currency',
        },
      );
    }
  }
  if (req.country != null && !method.countries.includes(req.country)) {
    throw new CoreError(
      'country_unsupported',
      `${method.name} is not offered in ${req.country}; it is offered in ${method.countries.join(', ')}.`,
      {
        field: 'country',
      },
    );
  }
  if (req.amount !== undefined) {
    if (!isValidAmount(req.amount)) {
      throw new CoreError('amount_invalid', `Amount must be a whole number of minor units between 1 and ${MAX_AMOUNT_MINOR}.`, {
        field: 'amount',
      });
    }
    if (req.amount < method.minAmount || req.amount > method.maxAmount) {
      throw new CoreError('amount_invalid', `${method.name} takes amounts between ${method.minAmount} and ${method.maxAmount}.`, {
        field: 'amount',
      });
    }
  }
  if (req.recurring && !method.recurring) {
    throw new CoreError('recurring_unsupported', `${method.name} does not support recurring payments.`, { field: 'method' });
  }
  return method;
}
