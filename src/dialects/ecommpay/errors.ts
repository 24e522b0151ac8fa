/**
 * ecommpay's error envelope, `{status: "error", request_id, project_id?, payment_id?, code, message,
 * field?}` (Gate's synchronous answer when a request is not accepted), walletgate's codes for it,
 * and the mapping of every core error code (exhaustive: a new core code breaks the build until it is
 * mapped here). ecommpay does not publish its Gate error codes; these are walletgate's, each naming
 * one thing the merchant can fix, and listed in docs/dialects/ecommpay.md.
 */
import type { CoreError, ErrorCode } from '../../core/errors.js';

/** walletgate's ecommpay error codes: HTTP status, code, what it means. */
export const ECP_ERRORS = {
  malformed: { status: 400, code: '1001', message: 'The request body is not a JSON object' },
  missing: { status: 400, code: '1002', message: 'A required parameter is missing' },
  invalid: { status: 400, code: '1003', message: 'A parameter has an invalid value' },
  signature: { status: 403, code: '1004', message: 'The signature is not valid for this project' },
  project: { status: 403, code: '1005', message: 'The project is not known' },
  method: { status: 400, code: '1006', message: 'The payment method is not available' },
  currency: { status: 400, code: '1007', message: 'The currency is not supported by this payment method' },
  amount: { status: 400, code: '1008', message: 'The amount is not valid for this payment method' },
  duplicate: { status: 409, code: '1009', message: 'The payment_id is already used in this project' },
  notFound: { status: 404, code: '1010', message: 'The payment was not found in this project' },
  notRefundable: { status: 400, code: '1011', message: 'The payment cannot be refunded' },
  inProgress: { status: 409, code: '1012', message: 'The same request is still in progress; retry it shortly' },
  tooLarge: { status: 413, code: '1013', message: 'The request body is too large' },
  mediaType: { status: 415, code: '1014', message: 'The request body must be application/json' },
  endpoint: { status: 404, code: '1015', message: 'There is no such endpoint' },
  wallet: { status: 502, code: '1016', message: 'The wallet could not be reached; retry later' },
  internal: { status: 500, code: '1099', message: 'Internal error; it has been logged' },
} as const satisfies Record<string, { status: number; code: string; message: string }>;

export type EcpErrorKind = keyof typeof ECP_ERRORS;

export class EcpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(
    readonly kind: EcpErrorKind,
    readonly field?: string,
    message?: string,
  ) {
    super(message ?? ECP_ERRORS[kind].message);
    this.name = 'EcpError';
    this.status = ECP_ERRORS[kind].status;
    this.code = ECP_ERRORS[kind].code;
  }
}

/** What a refused request said about itself, echoed when it could be read. */
export interface EchoedIds {
  projectId?: number;
  paymentId?: string;
}

export function errorBody(e: EcpError, requestId: string, ids: EchoedIds = {}) {
  return {
    status: 'error' as const,
    request_id: requestId,
    ...(ids.projectId !== undefined ? { project_id: ids.projectId } : {}),
    ...(ids.paymentId !== undefined ? { payment_id: ids.paymentId } : {}),
    code: e.code,
    message: e.message,
    ...(e.field !== undefined ? { field: e.field } : {}),
  };
}

/** ecommpay's parameter names, from the core's (camelCase, dotted) ones. */
const FIELD_NAMES: Record<string, string> = {
  amount: 'payment.amount',
  currency: 'payment.currency',
  method: 'payment_method',
  reference: 'general.payment_id',
  description: 'payment.description',
  'customer.id': 'customer.id',
  paymentId: 'general.payment_id',
  id: 'general.payment_id',
};

const fieldOf = (e: CoreError): string | undefined => (e.field === undefined ? undefined : (FIELD_NAMES[e.field] ?? e.field));

const CORE_ERRORS: Record<ErrorCode, (e: CoreError) => EcpError> = {
  request_invalid: (e) => new EcpError('invalid', fieldOf(e), e.message),
  auth_missing: () => new EcpError('signature', 'general.signature'),
  auth_invalid: () => new EcpError('signature', 'general.signature'),
  not_found: () => new EcpError('notFound', 'general.payment_id'),
  duplicate_reference: () => new EcpError('duplicate', 'general.payment_id'),
  idempotency_conflict: (e) =>
    /in progress/.test(e.message) ? new EcpError('inProgress', 'general.payment_id') : new EcpError('duplicate', 'general.payment_id'),
  method_unknown: () => new EcpError('method', 'payment_method'),
  method_unavailable: () => new EcpError('method', 'payment_method'),
  currency_unsupported: (e) => new EcpError('currency', 'payment.currency', e.message),
  currency_mismatch: (e) => new EcpError('currency', 'payment.currency', e.message),
  method_mismatch: (e) => new EcpError('invalid', fieldOf(e), e.message),
  country_unsupported: (e) => new EcpError('method', 'payment_method', e.message),
  amount_invalid: (e) => new EcpError('amount', 'payment.amount', e.message),
  recurring_unsupported: (e) => new EcpError('method', 'payment_method', e.message),
  preapproval_not_active: (e) => new EcpError('invalid', undefined, e.message),
  preapproval_closed: (e) => new EcpError('invalid', undefined, e.message),
  payment_not_refundable: (e) => new EcpError('notRefundable', 'general.payment_id', e.message),
  refund_exceeds_available: (e) => new EcpError('amount', 'payment.amount', e.message),
  refund_articles_required: (e) => new EcpError('invalid', fieldOf(e), e.message),
  refund_article_unknown: (e) => new EcpError('invalid', fieldOf(e), e.message),
  refund_article_exceeds: (e) => new EcpError('invalid', fieldOf(e), e.message),
  refund_amount_mismatch: (e) => new EcpError('amount', 'payment.amount', e.message),
  payment_state_conflict: (e) => new EcpError('notRefundable', 'general.payment_id', e.message),
  connector_declined: (e) => new EcpError('method', 'payment_method', e.message),
  connector_unavailable: () => new EcpError('wallet'),
  internal: () => new EcpError('internal'),
};

export function fromCoreError(e: CoreError): EcpError {
  return CORE_ERRORS[e.code](e);
}
