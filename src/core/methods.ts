/**
 * Payment methods as the core sees them. The core keeps no catalogue of its own: each connector
 * declares the methods it carries and what it can do with each (Connector.capabilities), and
 * ./method-capabilities.ts joins those declarations over the registry. A method may be carried by
 * more than one connector (KakaoPay in won through KakaoPay's own API, in other currencies through
 * Alipay+): the payment's currency and country choose, in registry order. Dialects keep their own
 * identifiers for a method (GlobalPay MethodID, Adyen type…) in their own tables and translate to
 * the `code` here. Codes and connector ids are opaque to the core (docs/adr/0012-methods-declared-by-connectors.md).
 */
export type MethodCode = string;
export type ConnectorId = string;
/**
 * How the customer pays: `redirect` to the wallet's page, `qr` a code scanned with the wallet's app,
 * `card_entry` a card typed into walletgate's own hosted page, which hands it to the connector's
 * payWithCard (ports/connector.ts, docs/adr/0018-card-entry-on-the-hosted-page.md).
 */
export type MethodFlow = 'redirect' | 'qr' | 'card_entry';

/** What a connector declares it can do with one method. */
export interface MethodCapabilities {
  /** The method's name as customers know it. */
  name: string;
  countries: readonly string[];
  currencies: readonly string[];
  flows: readonly MethodFlow[];
  /** Agreements: a registration (preapproval, stored method) and charges on it. */
  recurring: boolean;
  partialRefunds: boolean;
  /**
   * A partial refund of a payment that has articles must name the articles it returns (and how many
   * of each): methods whose wallet keeps a fiscal receipt per article. A full refund (everything
   * left) needs only the amount. Absent: articles are optional on a refund. (ADR 0019)
   */
  refundsByArticles?: boolean;
  /** Minimum and maximum single payment, in minor units of the method's currency. */
  minAmount: number;
  maxAmount: number;
  /** How long a customer has to finish, when the merchant says nothing (minutes). */
  defaultLifetimeMinutes: number;
}

/** A method as the core validates it: a connector's declaration, with the method's code and that connector. */
export type PaymentMethod = MethodCapabilities & { code: MethodCode; connector: ConnectorId };
