/**
 * The connector contract: a stateless translator between the core and one wallet's merchant API.
 * Connectors never touch storage; everything they need arrives in the call and everything they
 * learn goes back in the result. They throw ConnectorError and nothing else.
 */
import type { ConnectorId, MethodCapabilities, MethodCode } from '../methods.js';

export type ConnectorErrorKind =
  /** The wallet refused (bad amount, agreement inactive, customer declined…): nothing happened. */
  | 'declined'
  /** We sent something the wallet considers invalid (bad parameter, unknown tid…): nothing happened. */
  | 'invalid'
  /** Timeout, connection error, 5xx, unparseable answer: it may or may not have happened. */
  | 'unknown';

/**
 * What a refusal means for the core's decisions, in no wallet's vocabulary. Each connector maps its
 * own codes to these; the core never looks at a provider code to decide anything.
 */
export type ConnectorOutcome =
  /** Nothing more specific: the error's kind says all the core needs. */
  | ConnectorErrorKind
  /** The wallet already did what was asked (a duplicate approve lost the race to the first one). */
  | 'already_done'
  /** The agreement (billing token) the call names is unknown to the wallet or no longer usable. */
  | 'agreement_gone'
  /** The customer cancelled in the wallet (a checkout being completed): nothing was paid. */
  | 'customer_cancelled';

export class ConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  /** The neutral meaning the core decides on; defaults to the kind. */
  readonly outcome: ConnectorOutcome;
  /** The wallet's own code, for messages and operations only (never for decisions). */
  readonly providerCode: string | undefined;
  /** HTTP status the wallet answered with, if any. */
  readonly httpStatus: number | undefined;

  constructor(
    kind: ConnectorErrorKind,
    message: string,
    opts: { providerCode?: string; httpStatus?: number; outcome?: ConnectorOutcome } = {},
  ) {
    super(message);
    this.name = 'ConnectorError';
    this.kind = kind;
    this.outcome = opts.outcome ?? kind;
    this.providerCode = opts.providerCode;
    this.httpStatus = opts.httpStatus;
  }
}

export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}

/**
 * What a connector keeps about one payment or agreement for its later calls (ids it must repeat, the
 * contract it used…). The core stores it as JSON and hands it back untouched; only the connector
 * that wrote it reads it. Rows written before the seam (ADR 0011) have no `wallet`: the core hands
 * over their whole stored state instead, plus `onAgreement`, for the connector's decoder.
 */
export type WalletData = Readonly<Record<string, unknown>>;

export interface StartPaymentInput {
  /** The method the customer pays with, as the connector declared it (Connector.capabilities). */
  method: MethodCode;
  /** The merchant the payment is for (a method whose collection account differs per merchant). */
  merchantId?: string;
  /** The reference the merchant wants the payer to quote with the money, if any (a pay-by-reference method); else the connector makes one. */
  payerReference?: string | null;
  /** Our payment or preapproval id, used as the wallet's order id. */
  orderId: string;
  /** The merchant's customer, or a stable stand-in; the wallet knows the customer by it. */
  customerRef: string;
  itemName: string;
  /** minor units; 0 for an agreement-only (preapproval) registration */
  amount: number;
  currency: string;
  /** true: the checkout registers an agreement (a billing token for later charges) */
  recurring: boolean;
  /** Where the wallet sends the customer back to walletgate. */
  returnUrls: { approve: string; cancel: string; fail: string };
}

export interface StartPaymentResult {
  /** The wallet's id for the payment (KakaoPay tid, Alipay+ paymentId). */
  ref: string;
  desktopUrl: string;
  mobileUrl: string;
  appUrl: string | null;
  /** Stored with the payment and handed back on every later call. */
  wallet: WalletData;
  /** For a method the payer pays by themselves (no wallet page): what to pay, to whom, quoting what. */
  instructions?: PaymentInstructions;
}

/**
 * How a payer pays a pay-by-reference payment by themselves: the account to pay into, the reference
 * to quote and the amount in the account's currency (converted at a stated rate when it differs).
 */
export interface PaymentInstructions {
  bankName: string;
  accountHolder: string;
  iban: string;
  bic: string;
  accountNumber: string;
  accountCurrency: string;
  /** The reference as the payer must quote it (ReferenceDetails.ReferenceNumber). */
  reference: string;
  /** minor units of accountCurrency */
  amountToPay: number;
  /** The conversion used, when the payment's currency is not the account's. */
  rate: { value: string; date: string; source: string } | null;
}

/** Money that arrived in a collection account, read by the connector from a bank's notice or statement. */
export interface IncomingTransfer {
  /** The bank's id for the transaction: the same id again is the same money (a retry, a statement imported twice). */
  transactionId: string;
  /** The reference the payer quoted, normalised the way the connector normalises payment refs (matched against Payment.connectorState.ref). */
  reference: string;
  /** minor units */
  amount: number;
  currency: string;
  /** The day the money was credited (YYYY-MM-DD). */
  valueDate: string;
  payer: string | null;
  /** The account credited (IBAN), when the notice names it. */
  account: string | null;
}

export interface CompletePaymentInput {
  ref: string;
  wallet: WalletData;
  /** The query string the wallet added to the approve return URL. */
  returnParams: Record<string, string>;
  amount: number;
}

export interface CompletePaymentResult {
  /** The wallet's id for the approval (KakaoPay aid). */
  approvalRef: string;
  /** The agreement's billing token (KakaoPay SID, Alipay+ access token), present for registrations. */
  agreementToken: string | null;
  amount: number;
  instrument: string | null;
  approvedAt: Date;
}

/**
 * A card the customer typed into walletgate's hosted page (a `card_entry` method). It lives only for
 * the one payWithCard call: the core never stores, logs or echoes the number or the CVC.
 */
export interface CardDetails {
  /** digits only */
  number: string;
  expMonth: number;
  /** four digits */
  expYear: number;
  cvc: string;
  holderName: string;
}

export interface CardPaymentInput {
  /** The ref and wallet data startPayment returned for this payment. */
  ref: string;
  wallet: WalletData;
  orderId: string;
  itemName: string;
  amount: number;
  currency: string;
  card: CardDetails;
}

/** An approved card payment: the approval, and what the connector keeps (never the number or CVC). */
export interface CardPaymentResult extends CompletePaymentResult {
  /** Replaces the payment's wallet data (the processor's id, brand, last four, expiry). */
  wallet: WalletData;
  /** "Visa •••• 1111, 12/30": brand, last four and expiry only. */
  instrument: string;
}

/** What the wallet says about a payment when asked (lookupPayment). */
export type WalletPaymentState =
  /** Waiting for the customer */
  | 'pending'
  /** The customer finished; the merchant's approve call is outstanding */
  | 'awaiting_approval'
  /** Agreement issued without a charge */
  | 'agreement_issued'
  | 'succeeded'
  | 'partially_refunded'
  | 'refunded'
  | 'failed'
  /** The customer gave up or the wallet timed the payment out */
  | 'abandoned';

export interface WalletAction {
  kind: 'payment' | 'refund' | 'agreement';
  ref: string;
  amount: number;
  /** our own reference we sent with the call (refundId) */
  payload: string | null;
  at: Date | null;
}

export interface PaymentLookupResult {
  state: WalletPaymentState;
  /** The agreement's billing token, when the payment registered one and the wallet issued it. */
  agreementToken: string | null;
  /** the wallet's raw status, for logs and operations */
  rawStatus: string;
  amount: number;
  refundedAmount: number;
  refundableAmount: number;
  actions: WalletAction[];
  /** How the customer paid, when the wallet says (a card: brand, last four and expiry, never the number). */
  instrument?: string;
}

export interface RefundInput {
  ref: string;
  amount: number;
  currency: string;
  /**
   * What the merchant believes is still refundable, including this refund (race detection, for
   * wallets that offer it). Optional: the core omits it because its own row-lock
   * reservation already prevents over-refunds and concurrent partial refunds must not trip it.
   */
  refundableAmount?: number;
  /** Our refund id, sent with the refund so the sweeper can find it again. */
  refundId: string;
}

export interface RefundResult {
  /** The wallet's id for the refund. */
  refundRef: string;
  refundedTotal: number;
  refundableAmount: number;
}

export interface ChargeAgreementInput {
  /** The agreement's method, as the connector declared it. */
  method: MethodCode;
  agreementToken: string;
  /** What the connector stored when the agreement was made. */
  agreementWallet: WalletData;
  orderId: string;
  customerRef: string;
  itemName: string;
  amount: number;
  currency: string;
}

export interface ChargeAgreementResult {
  ref: string;
  /** Stored with the charge's payment and handed back on its later calls. */
  wallet: WalletData;
  approvalRef: string;
  amount: number;
  instrument: string | null;
  approvedAt: Date;
}

/** A charge found by walletgate's own order id (Connector.findCharge): the wallet's view and its ids for later calls. */
export interface FoundCharge extends PaymentLookupResult {
  ref: string;
  wallet: WalletData;
}

export interface AgreementStatus {
  active: boolean;
  rawStatus: string;
}

/** A wallet's word on a payment in no wallet's vocabulary, whoever brought it (return, lookup, notification). */
export type WalletVerdict =
  | { outcome: 'succeeded'; amount: number; approvalRef: string | null; agreementToken: string | null; instrument?: string }
  | { outcome: 'failed'; code: string; message: string }
  | { outcome: 'cancelled'; code: string; message: string }
  | { outcome: 'expired'; message: string };

/** A wallet's own notification, verified and read by its connector. */
export interface WalletNotification {
  /** The wallet's id for this notification: the same id again is the same notification (a retry). */
  notificationId: string;
  /** The order id walletgate gave the wallet for the payment (StartPaymentInput.orderId). */
  orderId: string;
  verdict: WalletVerdict;
}

/**
 * What a wallet call is told about the work it is part of (core/request-context.ts `walletCallOf`):
 * the request's id, sent as X-Request-Id (harmless to a wallet; the sandbox logs it) and written on
 * the call's log lines. Every method that reaches the wallet takes it last; absent: no request.
 */
export interface WalletCall {
  readonly requestId?: string;
}

export interface Connector {
  readonly id: ConnectorId;
  /** What it can do with each method it carries; validation and method listings read only this. */
  readonly capabilities: Readonly<Record<MethodCode, MethodCapabilities>>;
  /** Opens a checkout the customer finishes in the wallet (KakaoPay ready, Alipay+ pay). */
  startPayment(input: StartPaymentInput, call?: WalletCall): Promise<StartPaymentResult>;
  /** Settles a checkout the customer finished and returned from (KakaoPay approve). */
  completePayment(input: CompletePaymentInput, call?: WalletCall): Promise<CompletePaymentResult>;
  /** Asks the wallet about a payment (KakaoPay order, Alipay+ inquiryPayment). */
  lookupPayment(ref: string, wallet: WalletData, call?: WalletCall): Promise<PaymentLookupResult>;
  /** Gives money back, fully or partly (KakaoPay cancel, Alipay+ refund). */
  refund(input: RefundInput, wallet: WalletData, call?: WalletCall): Promise<RefundResult>;
  /** Charges an agreement without the customer (KakaoPay subscription, Alipay+ auto debit pay). */
  chargeAgreement(input: ChargeAgreementInput, call?: WalletCall): Promise<ChargeAgreementResult>;
  /** Ends an agreement at the wallet (Alipay+ cancelToken). */
  revokeAgreement(agreementToken: string, call?: WalletCall): Promise<void>;
  /** Whether the wallet still honours an agreement. */
  agreementStatus(agreementToken: string, call?: WalletCall): Promise<AgreementStatus>;
  /**
   * Only for wallets that can look a payment up by the order id walletgate sent (Alipay+
   * inquiryPayment by paymentRequestId): a charge whose answer was lost before its id was written.
   * null when the wallet has no payment with that order id.
   */
  findCharge?(orderId: string, agreementWallet: WalletData, call?: WalletCall): Promise<FoundCharge | null>;
  /**
   * Only for connectors with a `card_entry` method: charges the card the customer typed into
   * walletgate's hosted page, for a payment startPayment opened (no customer redirect). Throws
   * ConnectorError: 'declined' with the processor's reason when the card is refused (nothing was
   * charged), 'unknown' when the answer was lost (lookupPayment then tells).
   */
  payWithCard?(input: CardPaymentInput, call?: WalletCall): Promise<CardPaymentResult>;
  /**
   * Only for wallets that notify (Alipay+ notifyPayment): verifies a notification's signature over
   * the exact body received and reads it. Throws ConnectorError 'invalid' when it is not the
   * wallet's (bad or missing signature) or not a notification it understands.
   */
  parseNotification?(headers: Readonly<Record<string, string>>, rawBody: string): Promise<WalletNotification>;
  /**
   * Only for pay-by-reference methods: verifies a credit notice the account's bank sent walletgate
   * (its signature over the exact body) and reads the transfers in it. Throws ConnectorError 'invalid' when it is not the bank's.
   */
  parseTransferNotice?(headers: Readonly<Record<string, string>>, rawBody: string): IncomingTransfer[];
  /** Only for pay-by-reference methods: reads an account statement file (its format told by its content). Throws ConnectorError 'invalid' with the line at fault. */
  parseStatement?(content: string): IncomingTransfer[];
  /** The answer the wallet expects for a notification walletgate kept (Alipay+: result S, signed). */
  acknowledgeNotification?(): { status: number; headers: Record<string, string>; body: string };
}

/** Every configured connector under its id, in order of preference for a method several carry. */
export type ConnectorRegistry = Readonly<Record<ConnectorId, Connector>>;
