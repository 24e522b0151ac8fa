/**
 * The Alipay+ wallets walletgate knows (seeds 002 and 004): their Alipay+ identifier
 * (paymentMethodType / customerBelongsTo) and what each can do. No payment method routes to them
 * yet (the method catalogue has none): until then the connector picks the wallet from the
 * currency, which is unambiguous for the six wallets of seed 004.
 */
import type { MethodCapabilities } from '../../core/methods.js';

export interface AlipayPlusWallet {
  type: string;
  name: string;
  /** the GlobalPay MethodID that will route here */
  methodId: number;
  capabilities: MethodCapabilities;
}

function wallet(type: string, name: string, methodId: number, country: string, currency: string, maxAmount: number): AlipayPlusWallet {
  return {
    type,
    name,
    methodId,
    capabilities: {
      countries: [country],
      currencies: [currency],
      flows: ['redirect'],
      recurring: true,
      partialRefunds: true,
      minAmount: 1,
      maxAmount,
    },
  };
}

export const ALIPAYPLUS_WALLETS: readonly AlipayPlusWallet[] = [
  wallet('ALIPAY_HK', 'AlipayHK', 1145, 'HK', 'HKD', 10_000_000),
  wallet('DANA', 'DANA', 1136, 'ID', 'IDR', 2_000_000_000),
  wallet('GCASH', 'GCash', 1134, 'PH', 'PHP', 10_000_000),
  wallet('TRUEMONEY', 'TrueMoney', 1143, 'TH', 'THB', 10_000_000),
  wallet('TNG', "Touch 'n Go eWallet", 1144, 'MY', 'MYR', 1_000_000),
  wallet('ALIPAY_CN', 'Alipay', 24, 'CN', 'CNY', 10_000_000),
];

/** The wallet for a currency (interim, until payment methods name their wallet). */
export function walletForCurrency(currency: string): AlipayPlusWallet | undefined {
  return ALIPAYPLUS_WALLETS.find((w) => w.capabilities.currencies.includes(currency));
}
