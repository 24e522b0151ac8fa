/**
 * GlobalPay MethodIDs ↔ walletgate's core method codes. A method GlobalPay knows but the core's
 * catalogue does not offer yet has `core: null` and is refused with code 9 "Method is unavailable".
 */
import { findMethod, type MethodCode } from '../../core/methods.js';

export interface GlobalPayMethod {
  id: number;
  name: string;
  core: MethodCode | null;
}

export const GLOBALPAY_METHODS: readonly GlobalPayMethod[] = [
  { id: 1135, name: 'KakaoPay', core: 'kakaopay' },
  { id: 1134, name: 'GCash', core: null },
  { id: 1136, name: 'DANA', core: null },
  { id: 1143, name: 'TrueMoney', core: null },
  { id: 1144, name: "Touch 'n Go", core: null },
  { id: 1145, name: 'AlipayHK', core: null },
  { id: 24, name: 'Alipay', core: null },
];

export function globalPayMethodById(id: number): GlobalPayMethod | undefined {
  const m = GLOBALPAY_METHODS.find((x) => x.id === id);
  // a core code only counts once the core's catalogue actually has it
  if (m && m.core !== null && !findMethod(m.core)) return { ...m, core: null };
  return m;
}

/** The GlobalPay MethodID of a core method; every core method has one (0 if someone forgot). */
export function methodIdOf(core: MethodCode): number {
  return GLOBALPAY_METHODS.find((x) => x.core === core)?.id ?? 0;
}
