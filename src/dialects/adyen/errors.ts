/**
 * Adyen's error envelope `{status, errorCode, message, errorType, pspReference}` and the mapping of
 * every core error code to it (exhaustive: a new core code breaks the build until it is mapped).
 * The library turns any non-2xx JSON answer with `status` into an HttpClientException.
 */
import { randomBytes } from 'node:crypto';
import type { CoreError, ErrorCode } from '../../core/errors.js';
import { pspReference } from './psp-reference.js';

export type AdyenErrorType = 'validation' | 'security' | 'configuration' | 'internal';

export class AdyenError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly errorType: AdyenErrorType = 'validation',
  ) {
    super(message);
    this.name = 'AdyenError';
  }
}

/** A reference for an error answer, as Adyen gives one to quote to support. */
export function errorReference(): string {
  return 'WE' + randomBytes(7).toString('hex').toUpperCase();
}

export function errorBody(e: AdyenError) {
  return { status: e.status, errorCode: e.errorCode, message: e.message, errorType: e.errorType, pspReference: errorReference() };
}

const CORE_ERRORS: Record<ErrorCode, { status: number; errorCode: string; errorType: AdyenErrorType }> = {
  request_invalid: { status: 422, errorCode: '702', errorType: 'validation' },
  auth_missing: { status: 401, errorCode: '000', errorType: 'security' },
  auth_invalid: { status: 401, errorCode: '000', errorType: 'security' },
  not_found: { status: 422, errorCode: '167', errorType: 'validation' },
  duplicate_reference: { status: 422, errorCode: '130', errorType: 'validation' },
  idempotency_conflict: { status: 422, errorCode: '704', errorType: 'validation' },
  method_unknown: { status: 422, errorCode: '905_1', errorType: 'configuration' },
  method_unavailable: { status: 422, errorCode: '905_1', errorType: 'configuration' },
  currency_unsupported: { status: 422, errorCode: '905_1', errorType: 'configuration' },
  currency_mismatch: { status: 422, errorCode: '138', errorType: 'validation' },
  method_mismatch: { status: 422, errorCode: '702', errorType: 'validation' },
  country_unsupported: { status: 422, errorCode: '905_1', errorType: 'configuration' },
  amount_invalid: { status: 422, errorCode: '137', errorType: 'validation' },
  recurring_unsupported: { status: 422, errorCode: '905_1', errorType: 'configuration' },
  preapproval_not_active: { status: 422, errorCode: '803', errorType: 'validation' },
  preapproval_closed: { status: 422, errorCode: '803', errorType: 'validation' },
  payment_not_refundable: { status: 422, errorCode: '167', errorType: 'validation' },
  refund_exceeds_available: { status: 422, errorCode: '137', errorType: 'validation' },
  refund_articles_required: { status: 422, errorCode: '702', errorType: 'validation' },
  refund_article_unknown: { status: 422, errorCode: '702', errorType: 'validation' },
  refund_article_exceeds: { status: 422, errorCode: '702', errorType: 'validation' },
  refund_amount_mismatch: { status: 422, errorCode: '137', errorType: 'validation' },
  payment_state_conflict: { status: 422, errorCode: '167', errorType: 'validation' },
  connector_declined: { status: 422, errorCode: '010', errorType: 'validation' },
  connector_unavailable: { status: 500, errorCode: '905_3', errorType: 'internal' },
  internal: { status: 500, errorCode: '905', errorType: 'internal' },
};

/** Core messages name records by id; an Adyen merchant knows them by pspReference. */
function inAdyenTerms(message: string): string {
  return message
    .replace(/\b[Pp]ayment (\d+)\b/g, (_m, id: string) => `payment ${pspReference('payment', Number(id))}`)
    .replace(/\b[Rr]efund (\d+)\b/g, (_m, id: string) => `refund ${pspReference('refund', Number(id))}`)
    .replace(/\b[Pp]reapproval (\d+)\b/g, (_m, id: string) => `stored payment method ${pspReference('token', Number(id))}`);
}

export function fromCoreError(e: CoreError): AdyenError {
  // A missing agreement behind a token is, in Adyen's words, a stored payment detail not found.
  if (e.code === 'not_found' && e.field === 'preapprovalId') {
    return new AdyenError(422, '803', `PaymentDetail not found: ${inAdyenTerms(e.message)}`);
  }
  const m = CORE_ERRORS[e.code];
  const message = inAdyenTerms(e.message);
  return new AdyenError(
    m.status,
    m.errorCode,
    e.code === 'preapproval_not_active' || e.code === 'preapproval_closed' ? `PaymentDetail not found: ${message}` : message,
    m.errorType,
  );
}

/** Adyen's codes for the fields whose failures it names; 702 ("unexpected input") for the rest. */
const FIELD_CODES: Record<string, string> = {
  reference: '130',
  amount: '100',
  'amount.value': '137',
  'amount.currency': '138',
  merchantAccount: '901',
  shopperReference: '157',
};

export function fieldCode(field: string): string {
  return FIELD_CODES[field] ?? '702';
}

/** Adyen's wording for a field that is missing or malformed. */
export const invalid = {
  missing: (field: string) => new AdyenError(422, fieldCode(field), `Required field '${field}' is not provided.`),
  type: (field: string, expected: string) => new AdyenError(422, fieldCode(field), `Field '${field}' is not valid: expected ${expected}.`),
};
