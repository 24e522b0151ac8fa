/**
 * The one error registry. Every failure the core reports has a code here; each dialect maps the
 * codes to its own vocabulary with an exhaustive Record<ErrorCode, …> table, so adding a code
 * here breaks the build until every dialect has decided how to say it.
 */
export const ERRORS = {
  request_invalid: { status: 400, retryable: false, meaning: 'The request failed validation.' },
  auth_missing: { status: 401, retryable: false, meaning: 'No credentials were sent.' },
  auth_invalid: { status: 401, retryable: false, meaning: 'The credentials are not valid.' },
  not_found: { status: 404, retryable: false, meaning: 'No such object for this merchant.' },
  duplicate_reference: { status: 409, retryable: false, meaning: 'The merchant reference was already used.' },
  idempotency_conflict: { status: 409, retryable: false, meaning: 'The idempotency key was used with a different request.' },
  method_unknown: { status: 400, retryable: false, meaning: 'The payment method is not known.' },
  method_unavailable: { status: 400, retryable: false, meaning: 'The payment method is not enabled for this merchant.' },
  currency_unsupported: { status: 400, retryable: false, meaning: 'The method does not take this currency.' },
  currency_mismatch: { status: 400, retryable: false, meaning: 'The currency differs from the one of the payment or agreement acted on.' },
  method_mismatch: { status: 400, retryable: false, meaning: 'The method differs from the one of the agreement acted on.' },
  country_unsupported: { status: 400, retryable: false, meaning: 'The method is not offered in this country.' },
  amount_invalid: { status: 400, retryable: false, meaning: 'The amount is not a positive whole number of minor units within limits.' },
  recurring_unsupported: { status: 400, retryable: false, meaning: 'The method does not support recurring payments.' },
  preapproval_not_active: { status: 400, retryable: false, meaning: 'The preapproval is not open for charges.' },
  preapproval_closed: { status: 400, retryable: false, meaning: 'The preapproval is already closed.' },
  payment_not_refundable: { status: 400, retryable: false, meaning: 'The payment is not in a state that can be refunded.' },
  refund_exceeds_available: { status: 400, retryable: false, meaning: 'The refund is larger than what is left to refund.' },
  refund_articles_required: {
    status: 400,
    retryable: false,
    meaning: 'A partial refund of this payment must name the articles it returns (the method keeps a receipt per article).',
  },
  refund_article_unknown: { status: 400, retryable: false, meaning: 'The refund names an article the payment does not have.' },
  refund_article_exceeds: {
    status: 400,
    retryable: false,
    meaning: 'The refund asks for more units of an article than are left to refund.',
  },
  refund_amount_mismatch: { status: 400, retryable: false, meaning: 'The refund amount does not match the articles it names.' },
  payment_state_conflict: { status: 409, retryable: false, meaning: 'The payment is not in a state that allows this action.' },
  connector_declined: { status: 402, retryable: false, meaning: 'The wallet declined the request.' },
  connector_unavailable: { status: 502, retryable: true, meaning: 'The wallet could not be reached or answered with an error.' },
  internal: { status: 500, retryable: true, meaning: 'An unexpected error; it has been logged.' },
} as const satisfies Record<string, { status: number; retryable: boolean; meaning: string }>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

export class CoreError extends Error {
  readonly code: ErrorCode;
  /** The request field the error is about, in core (camelCase, dotted) terms, e.g. "currency". */
  readonly field: string | undefined;
  /** Provider's own code when the error came from a wallet. */
  readonly providerCode: string | undefined;
  /**
   * The facts behind the message, for a dialect that words them in its own terms (a method code it
   * names by its own id, say): a mismatch's `expected` and `given`, and the record acted on (`id`).
   */
  readonly facts: Readonly<Record<string, string | number>> | undefined;

  constructor(
    code: ErrorCode,
    message?: string,
    opts: { field?: string; providerCode?: string; facts?: Readonly<Record<string, string | number>> } = {},
  ) {
    super(message ?? ERRORS[code].meaning);
    this.name = 'CoreError';
    this.code = code;
    this.field = opts.field;
    this.providerCode = opts.providerCode;
    this.facts = opts.facts;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

export function isCoreError(e: unknown): e is CoreError {
  return e instanceof CoreError;
}
