/**
 * GlobalPay's error vocabulary: return codes (Status.Reasons[].Code), the HTTP status that goes
 * with each, and the exhaustive translation of every core ErrorCode.
 *
 * Choices (GlobalPay documents only 200/201/204/400/401/402/404/5xx, so nothing else is used
 * except 413/415 for transport-level refusals that never reach a handler):
 * - missing / malformed Authorization → 401 code 127 "Site ID is missing";
 *   wrong SiteID or ApiKey → 401 code 3 "Merchant ID does not exist" (never says which part was wrong);
 * - not found → 404, code 17 (payment), 12 (preapproval) or 18 (refund);
 * - duplicate reference → 400, code 20 (MerchantTransactionID) or 109 (MerchantPreapprovalID);
 * - wallet refused → 402 code 121; wallet unreachable / outcome unknown → 502 code 16.
 */
import type { CoreError, ErrorCode } from '../../core/errors.js';
import { GLOBALPAY_METHODS, methodIdOf } from './methods.js';

/** The documented return codes walletgate uses, by name. */
export const RETURN_CODES = {
  undefined: '0',
  missingParameter: '1',
  validationFailed: '2',
  merchantUnknown: '3',
  methodInvalid: '5',
  methodUnavailable: '9',
  actionInvalid: '11',
  preapprovalInvalid: '12',
  genericError: '14',
  unableToProcess: '15',
  tryAgainLater: '16',
  paymentInvalid: '17',
  refundInvalid: '18',
  countryInvalid: '19',
  merchantTransactionIdDuplicated: '20',
  currencyInvalid: '100',
  customerEmailMissing: '101',
  customerEmailInvalid: '102',
  merchantPreapprovalIdMissing: '103',
  merchantPreapprovalIdInvalid: '104',
  preapprovalReturnUrlMissing: '105',
  preapprovalReturnUrlInvalid: '106',
  preapprovalDescriptionMissing: '107',
  preapprovalDescriptionInvalid: '108',
  merchantPreapprovalIdDuplicated: '109',
  methodInvalidForPreapproval: '111',
  preapprovalActionInvalid: '113',
  preapprovalIdMissing: '115',
  amountInvalid: '118',
  unableToAuthorize: '121',
  siteIdMissing: '127',
  articleMissing: '128',
  billingCountryInvalid: '147',
} as const;

export type ReturnCode = (typeof RETURN_CODES)[keyof typeof RETURN_CODES];

/** The resource a route is about: picks the envelope's root key and some codes. */
export type Subject = 'payment' | 'preapproval' | 'refund';

export interface GlobalPayErrorSpec {
  http: number;
  code: ReturnCode;
  info: string;
}

export const CORE_ERROR_MAP: Readonly<Record<ErrorCode, GlobalPayErrorSpec>> = {
  request_invalid: { http: 400, code: RETURN_CODES.validationFailed, info: 'Validation failed' },
  auth_missing: { http: 401, code: RETURN_CODES.siteIdMissing, info: 'Site ID is missing' },
  auth_invalid: { http: 401, code: RETURN_CODES.merchantUnknown, info: 'Merchant ID does not exist' },
  not_found: { http: 404, code: RETURN_CODES.paymentInvalid, info: 'Payment is invalid' },
  duplicate_reference: { http: 400, code: RETURN_CODES.merchantTransactionIdDuplicated, info: 'MerchantTransactionID is duplicated' },
  idempotency_conflict: { http: 400, code: RETURN_CODES.genericError, info: 'Generic error' },
  method_unknown: { http: 400, code: RETURN_CODES.methodInvalid, info: 'Method is invalid' },
  method_unavailable: { http: 400, code: RETURN_CODES.methodUnavailable, info: 'Method is unavailable' },
  currency_unsupported: { http: 400, code: RETURN_CODES.currencyInvalid, info: 'Currency is invalid' },
  currency_mismatch: { http: 400, code: RETURN_CODES.currencyInvalid, info: 'Currency is invalid' },
  method_mismatch: { http: 400, code: RETURN_CODES.methodInvalidForPreapproval, info: 'Method ID is invalid for preapproval' },
  country_unsupported: { http: 400, code: RETURN_CODES.countryInvalid, info: 'Country is invalid' },
  amount_invalid: { http: 400, code: RETURN_CODES.amountInvalid, info: 'Amount invalid' },
  recurring_unsupported: { http: 400, code: RETURN_CODES.methodInvalidForPreapproval, info: 'Method ID is invalid for preapproval' },
  preapproval_not_active: { http: 400, code: RETURN_CODES.preapprovalInvalid, info: 'Preapproval is invalid' },
  preapproval_closed: { http: 400, code: RETURN_CODES.preapprovalActionInvalid, info: 'Preapproval action is invalid' },
  payment_not_refundable: { http: 400, code: RETURN_CODES.refundInvalid, info: 'Refund is invalid' },
  refund_exceeds_available: { http: 400, code: RETURN_CODES.refundInvalid, info: 'Refund is invalid' },
  refund_articles_required: { http: 400, code: RETURN_CODES.articleMissing, info: 'Article is missing' },
  refund_article_unknown: { http: 400, code: RETURN_CODES.refundInvalid, info: 'Refund is invalid' },
  refund_article_exceeds: { http: 400, code: RETURN_CODES.refundInvalid, info: 'Refund is invalid' },
  refund_amount_mismatch: { http: 400, code: RETURN_CODES.amountInvalid, info: 'Amount invalid' },
  payment_state_conflict: { http: 400, code: RETURN_CODES.paymentInvalid, info: 'Payment is invalid' },
  connector_declined: { http: 402, code: RETURN_CODES.unableToAuthorize, info: 'Unable to authorize transaction' },
  connector_unavailable: { http: 502, code: RETURN_CODES.tryAgainLater, info: 'An error occurred, try again later' },
  internal: { http: 500, code: RETURN_CODES.tryAgainLater, info: 'An error occurred, try again later' },
};

const NOT_FOUND_BY_SUBJECT: Readonly<Record<Subject, GlobalPayErrorSpec>> = {
  payment: CORE_ERROR_MAP.not_found,
  preapproval: { http: 404, code: RETURN_CODES.preapprovalInvalid, info: 'Preapproval is invalid' },
  refund: { http: 404, code: RETURN_CODES.refundInvalid, info: 'Refund is invalid' },
};

/** An error already in GlobalPay terms: thrown by schemas and routes, rendered by the plugin. */
export class GlobalPayError extends Error {
  readonly http: number;
  readonly code: ReturnCode;
  /** Status.ID / Info of the error answer; null both unless GlobalPay answers the case as a failed payment (147). */
  readonly answerStatus: { ID: number; Info: string } | null;

  constructor(http: number, code: ReturnCode, info: string, answerStatus: { ID: number; Info: string } | null = null) {
    super(info);
    this.name = 'GlobalPayError';
    this.http = http;
    this.code = code;
    this.answerStatus = answerStatus;
  }
}

/** A 400 for a request field, worded like GlobalPay: "Validation failed - Currency (RegEx: ^[A-Z]{3}$)". */
export function fieldError(code: ReturnCode, field: string, detail?: string): GlobalPayError {
  const label = code === RETURN_CODES.missingParameter ? 'Missing parameter' : (LABELS[code] ?? 'Validation failed');
  return new GlobalPayError(400, code, `${label} - ${field}${detail ? ` (${detail})` : ''}`);
}

const LABELS: Partial<Record<ReturnCode, string>> = {
  [RETURN_CODES.methodInvalid]: 'Method is invalid',
  [RETURN_CODES.methodUnavailable]: 'Method is unavailable',
  [RETURN_CODES.amountInvalid]: 'Amount invalid',
  [RETURN_CODES.customerEmailMissing]: 'Customer email is missing',
  [RETURN_CODES.customerEmailInvalid]: 'Customer email is invalid',
  [RETURN_CODES.merchantPreapprovalIdMissing]: 'Merchant preapproval ID is missing',
  [RETURN_CODES.merchantPreapprovalIdInvalid]: 'Merchant preapproval ID is invalid',
  [RETURN_CODES.preapprovalReturnUrlMissing]: 'Preapproval return URL is missing',
  [RETURN_CODES.preapprovalReturnUrlInvalid]: 'Preapproval return URL is invalid',
  [RETURN_CODES.preapprovalDescriptionMissing]: 'Preapproval description is missing',
  [RETURN_CODES.preapprovalDescriptionInvalid]: 'Preapproval description is invalid',
  [RETURN_CODES.preapprovalIdMissing]: 'Preapproval ID is missing',
  [RETURN_CODES.preapprovalInvalid]: 'Preapproval is invalid',
  [RETURN_CODES.billingCountryInvalid]: 'Validation failed',
  [RETURN_CODES.articleMissing]: 'Article is missing',
};

/** Translates a CoreError for a route about `subject`. */
export function fromCoreError(err: CoreError, subject: Subject): GlobalPayError {
  let spec = CORE_ERROR_MAP[err.code];
  if (err.code === 'not_found') {
    // the field names the missing object; a plain "id" is the path's first id, which on the
    // refund routes (/v1/payments/{id}/refunds…) is the payment's
    const byField: Partial<Record<string, Subject>> = { preapprovalId: 'preapproval', refundId: 'refund', paymentId: 'payment' };
    const about = (err.field === undefined ? undefined : byField[err.field]) ?? (subject === 'refund' ? 'payment' : subject);
    spec = NOT_FOUND_BY_SUBJECT[about];
  }
  if (err.code === 'duplicate_reference' && err.field === 'payerReference') {
    spec = { http: 400, code: RETURN_CODES.validationFailed, info: 'Validation failed - Details.ReferenceNumber' };
  } else if (err.code === 'duplicate_reference' && subject === 'preapproval') {
    spec = { http: 400, code: RETURN_CODES.merchantPreapprovalIdDuplicated, info: 'Merchant preapproval ID is duplicated' };
  }
  const detail = err.code === 'internal' ? '' : ` - ${inGlobalPayTerms(err) ?? err.message}`;
  return new GlobalPayError(spec.http, spec.code, `${spec.info}${detail}`);
}

/** A MethodID as a merchant reads it: "1135 (KakaoPay)". */
function namedMethod(core: string | number): string {
  const m = GLOBALPAY_METHODS.find((x) => x.core === core);
  return m ? `${m.id} (${m.name})` : String(core);
}

/** A recurrent payment that does not fit its preapproval, told with MethodIDs rather than walletgate's method codes. */
function inGlobalPayTerms(err: CoreError): string | null {
  const f = err.facts;
  if (f === undefined || f.id === undefined || f.expected === undefined || f.given === undefined) return null;
  if (err.code === 'method_mismatch')
    return (
      `MethodID ${namedMethod(f.given)} is not the method of preapproval ${f.id}, which was made with ${namedMethod(f.expected)}: ` +
      `send MethodID ${methodIdOf(String(f.expected))} or leave it out`
    );
  if (err.code === 'currency_mismatch')
    return `Currency ${f.given} is not the currency of preapproval ${f.id}: its payments are in ${f.expected}`;
  return null;
}
