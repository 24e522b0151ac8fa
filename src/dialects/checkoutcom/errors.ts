/**
 * Checkout.com's error envelope `{request_id, error_type, error_codes: […]}` and the mapping of every
 * core error code to it (exhaustive: a new core code breaks the build until it is mapped here).
 * checkout-sdk-node turns the status into its own classes: 401 AuthenticationError, 403
 * ActionNotAllowed, 404 NotFoundError, 409 UrlAlreadyRegistered, 422 ValidationError, with `body`.
 * Checkout.com has no message field; walletgate adds none, so the codes must say it all.
 */
import type { CoreError, ErrorCode } from '../../core/errors.js';

export type CkoErrorType =
  | 'request_invalid'
  | 'unauthorized'
  | 'action_not_allowed'
  | 'resource_not_found'
  | 'idempotency_key_conflict'
  | 'request_timeout'
  | 'bad_gateway'
  | 'internal_error';

export class CkoError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: CkoErrorType,
    readonly errorCodes: string[],
  ) {
    super(`${errorType}: ${errorCodes.join(', ')}`);
    this.name = 'CkoError';
  }
}

export function errorBody(e: CkoError, requestId: string) {
  return { request_id: requestId, error_type: e.errorType, error_codes: e.errorCodes };
}

/** 422 request_invalid with one or more codes: the usual answer to a bad field. */
export const invalid = (...codes: string[]) => new CkoError(422, 'request_invalid', codes);

/** Checkout.com's field names, from the core's (camelCase, dotted) ones. */
const FIELD_NAMES: Record<string, string> = {
  amount: 'amount',
  currency: 'currency',
  country: 'country',
  reference: 'reference',
  method: 'source_type',
  returnUrl: 'success_url',
  preapprovalId: 'source_id',
  'customer.id': 'customer_id',
  id: 'payment_id',
  paymentId: 'payment_id',
};

function fieldName(e: CoreError, fallback: string): string {
  return e.field !== undefined ? (FIELD_NAMES[e.field] ?? e.field.replaceAll('.', '_')) : fallback;
}

const CORE_ERRORS: Record<ErrorCode, (e: CoreError) => CkoError> = {
  request_invalid: (e) => invalid(`${fieldName(e, 'request')}_invalid`),
  auth_missing: () => new CkoError(401, 'unauthorized', ['api_key_required']),
  auth_invalid: () => new CkoError(401, 'unauthorized', ['api_key_invalid']),
  not_found: (e) =>
    e.field === 'customer.id'
      ? invalid('customer_not_found')
      : e.field === 'preapprovalId'
        ? invalid('source_id_invalid')
        : new CkoError(404, 'resource_not_found', [`${fieldName(e, 'resource').replace(/_id$/, '')}_not_found`]),
  duplicate_reference: () => invalid('reference_duplicate'),
  idempotency_conflict: () => new CkoError(409, 'idempotency_key_conflict', ['idempotency_key_used_with_different_request']),
  method_unknown: () => invalid('payment_source_type_invalid'),
  method_unavailable: () => invalid('payment_method_not_supported'),
  currency_unsupported: () => invalid('currency_not_supported'),
  currency_mismatch: () => invalid('currency_invalid'),
  method_mismatch: (e) => invalid(`${fieldName(e, 'request')}_invalid`),
  country_unsupported: () => invalid('country_not_supported'),
  amount_invalid: () => invalid('amount_invalid'),
  recurring_unsupported: () => invalid('payment_type_invalid'),
  preapproval_not_active: () => invalid('source_inactive'),
  preapproval_closed: () => invalid('source_inactive'),
  payment_not_refundable: () => new CkoError(403, 'action_not_allowed', ['refund_not_allowed']),
  refund_exceeds_available: () => invalid('refund_amount_exceeds_balance'),
  refund_articles_required: () => invalid('items_required'),
  refund_article_unknown: () => invalid('item_reference_invalid'),
  refund_article_exceeds: () => invalid('item_quantity_exceeds_balance'),
  refund_amount_mismatch: () => invalid('amount_does_not_match_items'),
  payment_state_conflict: () => new CkoError(403, 'action_not_allowed', ['action_not_allowed']),
  connector_declined: () => invalid('payment_declined'),
  connector_unavailable: () => new CkoError(502, 'bad_gateway', ['wallet_unavailable']),
  internal: () => new CkoError(500, 'internal_error', ['internal_error']),
};

export function fromCoreError(e: CoreError): CkoError {
  return CORE_ERRORS[e.code](e);
}
