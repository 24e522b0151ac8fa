/**
 * The method catalogue: every wallet walletgate can take, with where and how. Dialects keep their
 * own identifiers for a method (GlobalPay MethodID 1135, Adyen type "kakaopay"…) in their own
 * tables and translate to the core `code` here.
 */
export type MethodCode = 'kakaopay';
export type ConnectorId = 'kakaopay';
export type MethodFlow = 'redirect' | 'qr';

export interface PaymentMethod {
  code: MethodCode;
  name: string;
  connector: ConnectorId;
  countries: readonly string[];
  currencies: readonly string[];
  flows: readonly MethodFlow[];
  recurring: boolean;
  partialRefunds: boolean;
  /** Minimum and maximum single payment, in minor units of the method's currency. */
  minAmount: number;
  maxAmount: number;
  /** How long a customer has to finish, when the merchant says nothing (minutes). */
  defaultLifetimeMinutes: number;
}

export const METHODS: Readonly<Record<MethodCode, PaymentMethod>> = {
  kakaopay: {
    code: 'kakaopay',
    name: 'KakaoPay',
    connector: 'kakaopay',
    countries: ['KR'],
    currencies: ['KRW'],
    flows: ['redirect', 'qr'],
    recurring: true,
    partialRefunds: true,
    minAmount: 1,
    maxAmount: 100_000_000,
    defaultLifetimeMinutes: 15,
  },
};

export function findMethod(code: string): PaymentMethod | undefined {
  return Object.hasOwn(METHODS, code) ? METHODS[code as MethodCode] : undefined;
}
