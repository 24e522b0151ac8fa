/**
 * KakaoPay's error answer: `{error_code, error_message, extras?}` with a negative code.
 * The HTTP status follows upstream: 400 for most codes, 401 for -401, 500 for -1, 503 for -9798.
 */
export type ErrorExtras = Record<string, string>;

export class KakaoPayApiError extends Error {
  readonly code: number;
  readonly httpStatus: number;
  readonly extras: ErrorExtras | undefined;

  constructor(code: number, message: string, opts: { httpStatus?: number; extras?: ErrorExtras } = {}) {
    super(message);
    this.name = 'KakaoPayApiError';
    this.code = code;
    this.httpStatus = opts.httpStatus ?? defaultHttpStatus(code);
    this.extras = opts.extras;
  }

  toBody(): { error_code: number; error_message: string; extras?: ErrorExtras } {
    return this.extras
      ? { error_code: this.code, error_message: this.message, extras: this.extras }
      : { error_code: this.code, error_message: this.message };
  }
}

function defaultHttpStatus(code: number): number {
  if (code === -401) return 401;
  if (code === -1) return 500;
  if (code === -9798) return 503;
  return 400;
}

/** The codes the emulator answers with (upstream.md §1.11). */
export const ERR = {
  internal: -1,
  badParam: -2,
  badKey: -401,
  notAuthenticated: -701,
  alreadyApproved: -702,
  partnerOrderMismatch: -706,
  partnerUserMismatch: -707,
  badPgToken: -708,
  overCancellable: -710,
  unknownTid: -721,
  expired: -723,
  badTotal: -725,
  badCid: -731,
  sidNotFound: -750,
  sidInactive: -751,
  sidUserMismatch: -753,
  approvalFailed: -780,
  cancelFailed: -781,
  recurringFailed: -782,
  cannotApprove: -783,
  cannotCancel: -784,
} as const;
