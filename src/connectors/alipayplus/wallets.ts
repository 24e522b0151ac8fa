/**
 * The Alipay+ wallets walletgate carries (seeds 002 and 004): the method code each is offered under,
 * its Alipay+ identifier (paymentMethodType / customerBelongsTo) and what it can do. KakaoPay is
 * here too: in won it goes through KakaoPay's own API (that connector comes first in the registry),
 * in euros, Hong Kong and Singapore dollars through Alipay+ (seed 002).
 */
import type { MethodCapabilities, MethodCode } from '../../core/methods.js';

export interface AlipayPlusWallet {
  /** the method code walletgate offers it under */
  method: MethodCode;
  /** paymentMethodType / customerBelongsTo */
  type: string;
  capabilities: MethodCapabilities;
}

function wallet(
  method: MethodCode,
  type: string,
  name: string,
  countries: readonly string[],
  currencies: readonly string[],
  maxAmount: number,
): AlipayPlusWallet {
  return {
    method,
    type,
    capabilities: {
      name,
      countries,
      currencies,
      flows: ['redirect', 'qr'],
      recurring: true,
      partialRefunds: true,
      minAmount: 1,
      maxAmount,
      // Alipay+ closes an unpaid cashier payment after 14 minutes (the sandbox does too).
      defaultLifetimeMinutes: 14,
    },
  };
}

export const ALIPAYPLUS_WALLETS: readonly AlipayPlusWallet[] = [
  wallet('alipay_hk', 'ALIPAY_HK', 'AlipayHK', ['HK'], ['HKD'], 10_000_000),
  wallet('dana', 'DANA', 'DANA', ['ID'], ['IDR'], 2_000_000_000),
  wallet('gcash', 'GCASH', 'GCash', ['PH'], ['PHP'], 10_000_000),
  wallet('truemoney', 'TRUEMONEY', 'TrueMoney', ['TH'], ['THB'], 10_000_000),
  wallet('tng', 'TNG', "Touch 'n Go eWallet", ['MY'], ['MYR'], 1_000_000),
  wallet('alipay_cn', 'ALIPAY_CN', 'Alipay', ['CN'], ['CNY'], 10_000_000),
  // Korean customers paying merchants abroad (seed 002: "Consumer country Korea"; processing in EUR, HKD, SGD)
  wallet('kakaopay', 'KAKAOPAY', 'KakaoPay', ['KR'], ['EUR', 'HKD', 'SGD'], 10_000_000),
];

/** What the connector declares (Connector.capabilities). */
export const ALIPAYPLUS_CAPABILITIES: Readonly<Record<MethodCode, MethodCapabilities>> = Object.fromEntries(
  ALIPAYPLUS_WALLETS.map((w) => [w.method, w.capabilities]),
);

export function walletForMethod(method: MethodCode): AlipayPlusWallet | undefined {
  return ALIPAYPLUS_WALLETS.find((w) => w.method === method);
}
