/**
 * What the Alipay+ sandbox keeps (state/state-db.ts holds each as a JSON document): payments with
 * their refunds, the index from an acquirer's request ids to them, auth codes and access tokens.
 * Amounts are minor units, as numbers here and as strings on the wire.
 */

/** The wallets the sandbox plays, by their Alipay+ identifier (customerBelongsTo / paymentMethodType). */
export const WALLETS: Readonly<Record<string, { name: string; currencies: readonly string[] }>> = {
  ALIPAY_HK: { name: 'AlipayHK', currencies: ['HKD'] },
  DANA: { name: 'DANA', currencies: ['IDR'] },
  GCASH: { name: 'GCash', currencies: ['PHP'] },
  TRUEMONEY: { name: 'TrueMoney', currencies: ['THB'] },
  TNG: { name: "Touch 'n Go eWallet", currencies: ['MYR'] },
  ALIPAY_CN: { name: 'Alipay', currencies: ['CNY'] },
  KAKAOPAY: { name: 'KakaoPay', currencies: ['EUR', 'HKD', 'SGD'] },
};

export function findWallet(type: string): { name: string; currencies: readonly string[] } | undefined {
  return Object.hasOwn(WALLETS, type) ? WALLETS[type] : undefined;
}

export interface ApsResult {
  resultCode: string;
  resultStatus: 'S' | 'F' | 'U';
  resultMessage: string;
}

export interface ApsRefund {
  refundRequestId: string;
  refundId: string;
  value: number;
  /** ISO-8601 */
  time: string;
}

export interface ApsPayment {
  paymentId: string;
  paymentRequestId: string;
  clientId: string;
  walletType: string;
  currency: string;
  value: number;
  description: string;
  /** 'cashier': the customer approves on the wallet page; 'agreement': auto debit with an access token */
  kind: 'cashier' | 'agreement';
  /** PROCESSING until the customer (or auto debit) decides; CLOSED: cancelled or timed out */
  status: 'PROCESSING' | 'SUCCESS' | 'FAIL' | 'CLOSED';
  /** the result code of a FAIL or CLOSED payment */
  failCode: string | null;
  notifyUrl: string | null;
  redirectUrl: string | null;
  customerId: string;
  createdAt: string;
  expiresAt: string;
  paymentTime: string | null;
  refunds: ApsRefund[];
  /** what a replay of the same paymentRequestId must repeat (amount, currency, wallet, kind) */
  fingerprint: string;
}

/** An authorization in progress (prepare) or done (its auth code issued). */
export interface ApsAuthorization {
  authState: string;
  clientId: string;
  walletType: string;
  redirectUrl: string;
  authCode: string | null;
  codeUsed: boolean;
  createdAt: string;
}

export interface ApsToken {
  accessToken: string;
  clientId: string;
  walletType: string;
  customerId: string;
  active: boolean;
  expiresAt: string;
}

/** Codes and messages of the refusals the sandbox gives (upstream.md §2.9). */
export function fail(resultCode: string, resultMessage: string): ApsResult {
  return { resultCode, resultStatus: 'F', resultMessage };
}

export const SUCCESS: ApsResult = { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' };

export function refundedTotal(p: ApsPayment): number {
  return p.refunds.reduce((sum, r) => sum + r.value, 0);
}
