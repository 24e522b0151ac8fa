/**
 * The method catalogue: every wallet walletgate can take and the connector that carries it. Dialects
 * keep their own identifiers for a method (GlobalPay MethodID 1135, Adyen type "kakaopay"…) in their
 * own tables and translate to the core `code` here. What a method can do (currencies, countries,
 * amounts, agreements, partial refunds) is not written here: its connector declares it
 * (Connector.capabilities) and ./method-capabilities.ts joins the two.
 */
export type MethodCode = 'kakaopay';
export type ConnectorId = 'kakaopay' | 'alipayplus';
export type MethodFlow = 'redirect' | 'qr';

export interface MethodEntry {
  code: MethodCode;
  name: string;
  connector: ConnectorId;
  /** How long a customer has to finish, when the merchant says nothing (minutes). */
  defaultLifetimeMinutes: number;
}

/** What a connector declares it can do with one method. */
export interface MethodCapabilities {
  countries: readonly string[];
  currencies: readonly string[];
  flows: readonly MethodFlow[];
  /** Agreements: a registration (preapproval, stored method) and charges on it. */
  recurring: boolean;
  partialRefunds: boolean;
  /** Minimum and maximum single payment, in minor units of the method's currency. */
  minAmount: number;
  maxAmount: number;
}

/** A method as the core validates it: the catalogue's entry with its connector's capabilities. */
export type PaymentMethod = MethodEntry & MethodCapabilities;

export const METHODS: Readonly<Record<MethodCode, MethodEntry>> = {
  kakaopay: {
    code: 'kakaopay',
    name: 'KakaoPay',
    connector: 'kakaopay',
    defaultLifetimeMinutes: 15,
  },
};

export function findMethod(code: string): MethodEntry | undefined {
  return Object.hasOwn(METHODS, code) ? METHODS[code as MethodCode] : undefined;
}
