/**
 * Alipay+'s result codes (upstream.md §2.9) in neutral terms: S is done, U is unknown (retry with
 * the same request id, or inquire), F is a refusal whose code says whether we sent something the
 * network considers invalid, whether the agreement (access token) is gone, or whether the wallet
 * declined. Also what an inquiryPayment answer says about a payment.
 */
import { ConnectorError } from '../../core/ports/connector.js';
import type { ConnectorErrorKind, ConnectorOutcome, WalletPaymentState } from '../../core/ports/connector.js';

export interface ApsResult {
  resultCode: string;
  resultStatus: 'S' | 'F' | 'U';
  resultMessage: string;
}

/** Refusals that mean our request was wrong (auth, transport, parameters, unknown order or code). */
const INVALID = new Set([
  'ACCESS_DENIED',
  'INVALID_CLIENT',
  'INVALID_SIGNATURE',
  'KEY_NOT_FOUND',
  'MEDIA_TYPE_NOT_ACCEPTABLE',
  'METHOD_NOT_SUPPORTED',
  'NO_INTERFACE_DEF',
  'PARAM_ILLEGAL',
  'REPEAT_REQ_INCONSISTENT',
  'ORDER_NOT_EXIST',
  'INVALID_CODE',
  'EXPIRED_CODE',
  'BUSINESS_NOT_SUPPORT',
  'CURRENCY_NOT_SUPPORT',
  'INVALID_CONTRACT',
  'MERCHANT_NOT_REGISTERED',
]);

/** Refusals that mean the access token is no longer usable. */
const AGREEMENT_GONE = new Set(['INVALID_TOKEN', 'INVALID_ACCESS_TOKEN', 'EXPIRED_ACCESS_TOKEN']);

function refusalKind(code: string): { kind: ConnectorErrorKind; outcome: ConnectorOutcome } {
  if (AGREEMENT_GONE.has(code)) return { kind: 'declined', outcome: 'agreement_gone' };
  if (INVALID.has(code)) return { kind: 'invalid', outcome: 'invalid' };
  return { kind: 'declined', outcome: 'declined' };
}

/**
 * Why a cashier payment the customer came back from was not paid. Alipay+ sends the customer back to
 * one URL whatever happened; a payment closed before its expiry was closed by the customer
 * (ORDER_IS_CLOSED means "closed or cancelled", upstream.md §2.5), every other F is the wallet's refusal.
 */
export function unpaidOnReturn(r: ApsResult): ConnectorError {
  if (r.resultStatus === 'F' && r.resultCode === 'ORDER_IS_CLOSED')
    return new ConnectorError('declined', `Alipay+ payment: the customer cancelled (${r.resultCode})`, {
      outcome: 'customer_cancelled',
      providerCode: r.resultCode,
    });
  return resultError('payment', r);
}

/** The ConnectorError for a result that is not S (F: a refusal; U or anything else: unknown). */
export function resultError(call: string, r: ApsResult): ConnectorError {
  const message = `Alipay+ ${call}: ${r.resultCode} (${r.resultStatus}) ${r.resultMessage}`;
  if (r.resultStatus !== 'F') return new ConnectorError('unknown', message, { providerCode: r.resultCode });
  const { kind, outcome } = refusalKind(r.resultCode);
  return new ConnectorError(kind, message, { outcome, providerCode: r.resultCode });
}

export function readResult(v: unknown): ApsResult | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.resultCode !== 'string' || (o.resultStatus !== 'S' && o.resultStatus !== 'F' && o.resultStatus !== 'U')) return undefined;
  return {
    resultCode: o.resultCode,
    resultStatus: o.resultStatus,
    resultMessage: typeof o.resultMessage === 'string' ? o.resultMessage : '',
  };
}

/** What inquiryPayment's paymentResult and refunds say about the payment. */
export function paymentState(paymentResult: ApsResult, paid: number, refunded: number): WalletPaymentState {
  if (paymentResult.resultStatus === 'U') return 'pending';
  if (paymentResult.resultStatus === 'F') return paymentResult.resultCode === 'ORDER_IS_CLOSED' ? 'abandoned' : 'failed';
  if (refunded === 0) return 'succeeded';
  return refunded >= paid ? 'refunded' : 'partially_refunded';
}
