/**
 * ecommpay's names for the methods walletgate carries ↔ walletgate's method codes: the one table the
 * Gate routes (`/v2/payment/wallet/{gate}/sale`), the Payment Page (`force_payment_method={page}`)
 * and the callbacks (`payment.method`) read. KakaoPay's names are ecommpay's own (pm_kakaopay); the
 * Alipay+ wallets, which ecommpay does not document, follow the same pattern. Whether a method can be
 * paid with right now is the core's answer (the connectors that carry it), not this table's.
 */
import type { MethodCode } from '../../core/methods.js';

export interface EcommpayMethod {
  /** The Gate path segment and the callbacks' `payment.method`. */
  gate: string;
  /** The Payment Page's `force_payment_method` value. */
  page: string;
  /** walletgate's method code. */
  core: MethodCode;
  /** The method's name for people. */
  title: string;
  /** ecommpay takes only these currencies for the method (KakaoPay: KRW), when it documents a limit. */
  currencies?: readonly string[];
  /** ecommpay's `provider.id` in callbacks: a fixed number per method. */
  providerId: number;
}

export const ECOMMPAY_METHODS: readonly EcommpayMethod[] = [
  { gate: 'kakaopay', page: 'kakaopay-wallet', core: 'kakaopay', title: 'KakaoPay', currencies: ['KRW'], providerId: 1135 },
  { gate: 'gcash', page: 'gcash-wallet', core: 'gcash', title: 'GCash', providerId: 1134 },
  { gate: 'dana', page: 'dana-wallet', core: 'dana', title: 'DANA', providerId: 1136 },
  { gate: 'truemoney', page: 'truemoney-wallet', core: 'truemoney', title: 'TrueMoney', providerId: 1143 },
  { gate: 'touchngo', page: 'touchngo-wallet', core: 'tng', title: "Touch 'n Go eWallet", providerId: 1144 },
  { gate: 'alipayhk', page: 'alipayhk-wallet', core: 'alipay_hk', title: 'AlipayHK', providerId: 1145 },
  { gate: 'alipay', page: 'alipay-wallet', core: 'alipay_cn', title: 'Alipay', providerId: 24 },
];

export function methodByGateName(name: string): EcommpayMethod | undefined {
  return ECOMMPAY_METHODS.find((m) => m.gate === name);
}

export function methodByPageName(name: string): EcommpayMethod | undefined {
  return ECOMMPAY_METHODS.find((m) => m.page === name);
}

export function methodOfCore(core: MethodCode): EcommpayMethod | undefined {
  return ECOMMPAY_METHODS.find((m) => m.core === core);
}
