/**
 * GlobalPay MethodIDs ↔ walletgate's method codes (seed 004, dialects.md §a). Whether a method can
 * be paid with right now is the core's answer (the wallet connectors that carry it): a MethodID
 * here whose wallet is not configured is refused with code 9 "Method is unavailable".
 */
import type { MethodCode } from '../../core/methods.js';

export interface GlobalPayMethod {
  id: number;
  name: string;
  core: MethodCode;
}

export const GLOBALPAY_METHODS: readonly GlobalPayMethod[] = [
  { id: 1135, name: 'KakaoPay', core: 'kakaopay' },
  { id: 1134, name: 'GCash', core: 'gcash' },
  { id: 1136, name: 'DANA', core: 'dana' },
  { id: 1143, name: 'TrueMoney', core: 'truemoney' },
  { id: 1144, name: "Touch 'n Go eWallet", core: 'tng' },
  { id: 1145, name: 'AlipayHK', core: 'alipay_hk' },
  { id: 24, name: 'Alipay', core: 'alipay_cn' },
  { id: 1, name: 'Bank Transfer', core: 'bank_transfer' },
  { id: 69, name: 'Credit Card', core: 'card' },
  { id: 1045, name: 'Cards Russia', core: 'card_ru' },
];

export function globalPayMethodById(id: number): GlobalPayMethod | undefined {
  return GLOBALPAY_METHODS.find((x) => x.id === id);
}

/** The GlobalPay MethodID of a core method; every core method has one (0 if someone forgot). */
export function methodIdOf(core: MethodCode): number {
  return GLOBALPAY_METHODS.find((x) => x.core === core)?.id ?? 0;
}
