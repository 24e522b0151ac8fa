/**
 * The core's records. Every amount is integer minor units; every timestamp is a Date.
 * Dialect-specific fields that have no core meaning travel in `extras` untouched.
 */
import type { MethodCode, ConnectorId } from './methods.js';
import type { PaymentInstructions } from './ports/connector.js';

/**
 * The merchant API a record was made through and is reached through (ADR 0008). Opaque to the core:
 * the dialect registry (src/dialects/index.ts) is the only list of them, so a new API is a folder
 * and one registry entry, with no name to add here.
 */
export type DialectId = string;

export const PAYMENT_STATUSES = [
  'created',
  'pending_customer',
  'processing',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
  'partially_refunded',
  'refunded',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PREAPPROVAL_STATUSES = ['pending', 'active', 'closed', 'closed_by_customer', 'failed', 'expired'] as const;
export type PreapprovalStatus = (typeof PREAPPROVAL_STATUSES)[number];

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export interface Customer {
  merchantCustomerId?: string | null;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  company?: string | null;
  gender?: string | null;
  dateOfBirth?: string | null;
  socialSecurityNumber?: string | null;
  /** The full name, for APIs that send it as one string (Checkout.com customer.name). */
  name?: string | null;
}

export interface Address {
  city?: string | null;
  zipCode?: string | null;
  state?: string | null;
  street?: string | null;
  streetNumber?: string | null;
  houseNumber?: string | null;
  houseExtension?: string | null;
  /** ISO 3166-1 alpha-2 */
  country?: string | null;
}

export interface Article {
  merchantArticleId?: string | null;
  name?: string | null;
  quantity?: number | null;
  /** minor units */
  price?: number | null;
  vat?: number | null;
  discount?: number | null;
  type?: number | null;
}

/** The wallet's side of a payment, filled in by the connector. */
export interface ConnectorState {
  /** KakaoPay tid */
  ref?: string;
  /** KakaoPay aid of the approval */
  approvalRef?: string;
  /** The connector's own data for its later calls (ports/connector.ts WalletData); opaque here. */
  wallet?: Record<string, unknown>;
  /** The customer reference walletgate gave the wallet (the merchant's customer, or a stand-in). */
  customerRef?: string;
  /** Wallet URLs for the customer */
  desktopUrl?: string;
  mobileUrl?: string;
  appUrl?: string;
  /** The wallet's own method used by the customer (MONEY / CARD …) */
  instrument?: string;
  /** true once a provider call's outcome is unknown and the sweeper must ask the wallet */
  needsSync?: boolean;
  /** The checkout also registers an agreement (a payment that stores one for later charges). */
  recurringContract?: boolean;
  /** When the sweeper first saw the wallet report this checkout abandoned (ISO time). */
  abandonedSeenAt?: string;
  /** The outcome cannot be learned from the wallet: a person must look (shown in operations). */
  needsReview?: boolean;
  /** What the wallet added to the customer's return URL, kept so the sweeper can retry the approval. */
  returnParams?: Record<string, string>;
  /**
   * The payment awaits the customer's choice of method on the hosted checkout (ADR 0016): the
   * merchant's rules for it. Until the choice, `method` / `connector` name the first method on
   * offer and no wallet has been asked anything; choosing removes this and opens the checkout.
   */
  methodChoice?: { include: string[] | null; exclude: string[]; prioritize: string[] };
  /**
   * The hosted checkout asks the customer which currency to see the price in before paying (ADR
   * 0021): `shown` is null until the customer has chosen, then the currency chosen. The payment's
   * amount and currency, and what the wallet charges, never change.
   */
  currencyChoice?: { shown: string | null };
  /** A pay-by-reference payment: what the payer was told to pay (ports/connector.ts PaymentInstructions). */
  instructions?: PaymentInstructions;
  /** A pay-by-reference payment: the money matched to it so far, in the instructions' account currency (minor units). */
  received?: { amount: number; currency: string; transfers: number };
}

export interface Payment {
  id: number;
  merchantId: string;
  dialect: DialectId;
  /** The merchant's own reference (GlobalPay MerchantTransactionID). */
  reference: string;
  /** Set when the dialect demands uniqueness of `reference` per merchant. */
  uniqueReference: string | null;
  method: MethodCode;
  connector: ConnectorId;
  amount: number;
  currency: string;
  status: PaymentStatus;
  capturedAmount: number;
  refundedAmount: number;
  /** Sum of refunds still pending: reserved so that concurrent refunds never over-refund. */
  refundReservedAmount: number;
  description: string | null;
  customer: Customer | null;
  billingAddress: Address | null;
  shippingAddress: Address | null;
  articles: Article[] | null;
  returnUrl: string | null;
  /** Opaque token in the customer's landing URL /pay/{token}. */
  customerToken: string;
  expiresAt: Date | null;
  preapprovalId: number | null;
  /** The gateway's customer profile the payment belongs to (Checkout.com cus_…), if any. */
  customerProfileId: number | null;
  connectorState: ConnectorState;
  failureCode: string | null;
  failureMessage: string | null;
  /** Dialect data with no core meaning, echoed back by that dialect. */
  extras: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface Preapproval {
  id: number;
  merchantId: string;
  dialect: DialectId;
  reference: string;
  uniqueReference: string | null;
  method: MethodCode;
  connector: ConnectorId;
  currency: string | null;
  description: string | null;
  returnUrl: string | null;
  customer: Customer | null;
  /** The merchant's own id for the customer the agreement belongs to (Adyen shopperReference). */
  customerRef: string | null;
  /** The one-time payment whose approval stored this agreement (Adyen storePaymentMethod), if any. */
  originPaymentId: number | null;
  billingAddress: Address | null;
  recurringPeriod: number | null;
  maxAmount: number | null;
  status: PreapprovalStatus;
  customerToken: string;
  expiresAt: Date | null;
  /** Wallet agreement token (KakaoPay SID) once active. */
  agreementToken: string | null;
  connectorState: ConnectorState;
  failureCode: string | null;
  failureMessage: string | null;
  extras: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface Refund {
  id: number;
  merchantId: string;
  paymentId: number;
  dialect: DialectId;
  reference: string | null;
  amount: number;
  currency: string;
  status: RefundStatus;
  description: string | null;
  articles: Article[] | null;
  /** KakaoPay aid of the cancel */
  connectorRef: string | null;
  needsSync: boolean;
  failureCode: string | null;
  failureMessage: string | null;
  extras: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export type OperationKind =
  | 'create'
  | 'redirect'
  | 'approve'
  | 'decline'
  | 'cancel'
  | 'expire'
  | 'sync'
  | 'charge'
  | 'refund_request'
  | 'refund_succeeded'
  | 'refund_failed'
  | 'notification';

/** Append-only history of everything that happened to a payment (or a preapproval). */
export interface Operation {
  id: number;
  merchantId: string;
  paymentId: number | null;
  preapprovalId: number | null;
  refundId: number | null;
  kind: OperationKind;
  status: 'ok' | 'failed' | 'pending';
  amount: number | null;
  currency: string | null;
  code: string | null;
  message: string | null;
  createdAt: Date;
}

/**
 * A customer profile kept by the gateway for a merchant (Checkout.com customers `cus_…`): created
 * when a payment names none, found again by e-mail.
 */
export interface CustomerProfile {
  id: number;
  merchantId: string;
  /** Lower-cased; unique per merchant when present. */
  email: string | null;
  name: string | null;
  phone: string | null;
  createdAt: Date;
}

export interface Merchant {
  id: string;
  name: string;
  /** Where this merchant's notifications go, for every dialect. */
  notifyUrl: string | null;
  createdAt: Date;
}

export const CREDENTIAL_KINDS = ['api_key', 'signing_key'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/**
 * An API credential. `keyId` is the public part (GlobalPay SiteID, Adyen merchant account…);
 * the secret is stored as a SHA-256 hash for authentication and, sealed with the gateway's
 * master key, for signing notifications and for `walletgate merchant show`.
 */
export interface Credential {
  id: number;
  merchantId: string;
  dialect: DialectId;
  /** api_key authenticates requests; signing_key only signs notifications (Adyen HMAC, Cko-Signature). */
  kind: CredentialKind;
  keyId: string;
  secretHash: string;
  secretSealed: string;
  label: string | null;
  createdAt: Date;
  /** A rotated key works until then (the overlap), and not from then on; null: no end. */
  expiresAt: Date | null;
}

/** Whether a credential still works at `now`: it has no end, or its end is later. */
export function credentialLive(c: { expiresAt: Date | null }, now: Date): boolean {
  return c.expiresAt === null || c.expiresAt.getTime() > now.getTime();
}

export type NotificationStatus = 'pending' | 'delivered' | 'failed';
/** How the merchant's answer is judged: GlobalPay needs exactly 204, ecommpay exactly 200; others any 2xx. */
export type AckRule = 'status_204' | 'status_200' | 'status_2xx';

export interface OutboxNotification {
  id: number;
  merchantId: string;
  dialect: DialectId;
  event: string;
  resourceType: 'payment' | 'preapproval' | 'refund';
  resourceId: number;
  url: string;
  headers: Record<string, string>;
  body: string;
  ack: AckRule;
  status: NotificationStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  /** The request (or sweeper pass) whose state change raised it (core/request-context.ts); null: none known. */
  requestId: string | null;
}

export interface DeliveryAttempt {
  id: number;
  notificationId: number;
  attempt: number;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseExcerpt: string | null;
}

export interface IdempotencyRecord {
  merchantId: string;
  dialect: DialectId;
  key: string;
  requestHash: string;
  responseStatus: number;
  responseBody: string;
  createdAt: Date;
}
