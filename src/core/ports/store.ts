/**
 * The one storage interface. The core depends on this file only; `sqlite/` and `postgres/` (one
 * Kysely implementation, two dialects) implement it and one test suite runs against both.
 *
 * Rules every implementation keeps:
 * - `transaction(fn)` runs fn atomically; on SQLite with BEGIN IMMEDIATE (writers serialise), on
 *   PostgreSQL at READ COMMITTED with the `…ForUpdate` reads taking row locks.
 * - `…ForUpdate` methods lock the row until the transaction ends (no-op lock on SQLite, where the
 *   immediate transaction already excludes other writers).
 * - Unique-reference violations surface as DuplicateReferenceError (below), a taken secret or key id
 *   as DuplicateCredentialError, never as a driver error; an update of a row that does not exist
 *   throws MissingRowError (a caller's bug, not a user's mistake).
 * - `exclusively(name, fn)` runs fn while every other process on the same database waits at its own
 *   `exclusively` (start-up: migrations and the demo merchant).
 * - Text that no store may keep (core/storable-text.ts: a NUL character, a lone surrogate) is refused
 *   with UnstorableTextError before it reaches the database, on SQLite as on PostgreSQL.
 * - Timestamps go in and come out as Date; JSON columns go in and come out as plain objects.
 */
import type {
  Credential,
  CredentialKind,
  CustomerProfile,
  DeliveryAttempt,
  DialectId,
  IdempotencyRecord,
  Merchant,
  NotificationStatus,
  Operation,
  OutboxNotification,
  Payment,
  PaymentStatus,
  Preapproval,
  PreapprovalStatus,
  Refund,
} from '../model.js';
import type { IncomingTransfer } from './connector.js';
import type { AuditLogRepo, DashboardSessionRepo, DashboardUserRepo, LoginFailureRepo, PendingSignInRepo } from './dashboard-store.js';
import type { PaymentAnalyticsRepo, ReportRowRepo, ReportRunRepo } from './report-store.js';
import type { DataApiTokenRepo } from './data-api-store.js';
import type { RefundBatchRepo } from './refund-batch-store.js';

/**
 * An insert met a (merchant, reference) pair that is already taken — or, `payerReference`, a
 * payer reference another open payment of the merchant has. The core says it in its own words.
 */
export class DuplicateReferenceError extends Error {
  constructor(
    readonly reference: string,
    readonly field: 'reference' | 'payerReference' = 'reference',
  ) {
    super(`reference ${JSON.stringify(reference)} was already used`);
    this.name = 'DuplicateReferenceError';
  }
}

/**
 * An insert met a credential rule the database keeps (ADR 0010): one secret is one key, of one
 * merchant (`secret`); a key id (GlobalPay SiteID, Adyen merchant account, Checkout.com processing
 * channel) belongs to one merchant per dialect (`key_id`). `holder` says who has it, when known:
 * a concurrent insert that won the race is only known to exist. Never carries the secret.
 */
export class DuplicateCredentialError extends Error {
  constructor(
    readonly taken: 'secret' | 'key_id',
    readonly dialect: DialectId,
    readonly keyId: string,
    readonly holder: { merchantId: string; credentialId?: number; dialect?: DialectId } | undefined,
  ) {
    super(
      taken === 'secret'
        ? 'the secret is already stored for another key'
        : `${dialect} key id ${JSON.stringify(keyId)} is another merchant's`,
    );
    this.name = 'DuplicateCredentialError';
  }
}

/** An update named a row that does not exist: the caller's bug, never a user's mistake. */
export class MissingRowError extends Error {
  constructor(table: string, id: number | string) {
    super(`${table} ${id} not found`);
    this.name = 'MissingRowError';
  }
}

/**
 * A write or a lookup carried text no store keeps (`what`: "a NUL character (U+0000)"). The edges
 * refuse such text first; this is the stores' own second line, the same on both databases.
 */
export class UnstorableTextError extends Error {
  constructor(readonly what: string) {
    super(`the store refused text containing ${what}`);
    this.name = 'UnstorableTextError';
  }
}

export type NewPayment = Omit<Payment, 'id' | 'createdAt' | 'updatedAt' | 'customerProfileId'> & {
  createdAt?: Date;
  customerProfileId?: number | null;
  /** The reference the merchant chose for the payer to quote (upper case, no spaces): no other open payment of the merchant and connector may have it (DuplicateReferenceError 'payerReference'). */
  payerReference?: string | null;
};
export type NewCustomerProfile = Omit<CustomerProfile, 'id' | 'createdAt'>;
export type PaymentPatch = Partial<
  Pick<
    Payment,
    | 'status'
    | 'method'
    | 'connector'
    | 'capturedAmount'
    | 'refundedAmount'
    | 'refundReservedAmount'
    | 'connectorState'
    | 'failureCode'
    | 'failureMessage'
    | 'expiresAt'
    | 'extras'
  >
>;
export type NewPreapproval = Omit<Preapproval, 'id' | 'createdAt' | 'updatedAt' | 'customerRef' | 'originPaymentId'> & {
  createdAt?: Date;
  customerRef?: string | null;
  originPaymentId?: number | null;
};
export type PreapprovalPatch = Partial<
  Pick<Preapproval, 'status' | 'agreementToken' | 'connectorState' | 'failureCode' | 'failureMessage' | 'expiresAt' | 'extras'>
>;
export type NewRefund = Omit<Refund, 'id' | 'createdAt' | 'updatedAt'>;
export type RefundPatch = Partial<Pick<Refund, 'status' | 'connectorRef' | 'needsSync' | 'failureCode' | 'failureMessage' | 'extras'>>;
/** `at`: when it happened, when that is a time already written elsewhere (its record's updatedAt); else when it is written. */
export type NewOperation = Omit<Operation, 'id' | 'createdAt'> & { at?: Date };
export type NewCredential = Omit<Credential, 'id' | 'createdAt' | 'kind' | 'expiresAt'> & {
  kind?: CredentialKind;
  expiresAt?: Date | null;
};
export type NewNotification = Pick<
  OutboxNotification,
  'merchantId' | 'dialect' | 'event' | 'resourceType' | 'resourceId' | 'url' | 'headers' | 'body' | 'ack'
> & {
  requestId?: string | null;
  /**
   * Written already leased until then: the dispatcher of the process that writes it is handed the row
   * once it is committed, so no claim is needed (ADR 0040); no other dispatcher claims it before then.
   */
  leaseUntil?: Date | null;
};

export interface Page {
  /** 1-based, like GlobalPay's pageIndex */
  index: number;
  size: number;
}

export interface PaymentFilter {
  /** Only payments made through this API. */
  dialect?: DialectId;
  startDate?: Date;
  endDate?: Date;
  /** The method the payment is paid with: one awaiting the customer's choice (ADR 0016) has none yet, whatever stands in. */
  method?: string;
  country?: string;
  currency?: string;
  minimumAmount?: number;
  maximumAmount?: number;
  reference?: string;
  statuses?: PaymentStatus[];
  connectorRef?: string;
  /** true: only payments charged on a preapproval; false: only one-time payments */
  recurring?: boolean;
  preapprovalId?: number;
  sortBy?: 'reference' | 'createdAt' | 'amount';
  sortDirection?: 'asc' | 'desc';
}

/** A place in the payments' newest-first order: (createdAt, id), both descending; the keyset a page starts after. */
export interface PaymentPosition {
  createdAt: Date;
  id: number;
}

/**
 * The dashboard's payment search (ADR 0023): every filter optional, newest first, paged by keyset
 * (never an offset, never a count), so a page costs the same at any depth of a million payments.
 */
export interface PaymentSearch {
  /** One merchant's payments; undefined: every merchant's (an operator's view). */
  merchantId?: string;
  dialect?: DialectId;
  /** The method the payment is paid with (one awaiting the customer's choice has none yet). */
  method?: string;
  /** Any of these (an empty list matches nothing). */
  statuses?: PaymentStatus[];
  /** createdAt >= startDate */
  startDate?: Date;
  /** createdAt < endDate */
  endDate?: Date;
  minimumAmount?: number;
  maximumAmount?: number;
  currency?: string;
  reference?: string;
  /** The customer's e-mail, exactly, whatever its case. */
  customerEmail?: string;
  /** A part of the customer's name (first, last or full name), whatever its case. */
  customerName?: string;
  /** Only payments after this place in the order (older): the next page. */
  olderThan?: PaymentPosition;
  /** Only payments before this place (newer): the previous page, the `limit` nearest it. */
  newerThan?: PaymentPosition;
  limit: number;
}

export interface PreapprovalFilter {
  /** Only agreements made through this API. */
  dialect?: DialectId;
  statuses?: PreapprovalStatus[];
  reference?: string;
  customerRef?: string;
  originPaymentId?: number;
}

export interface MerchantRepo {
  /** Throws DuplicateReferenceError (the id as the reference) if the id exists. */
  insert(m: Omit<Merchant, 'createdAt'>): Promise<Merchant>;
  get(id: string): Promise<Merchant | undefined>;
  /**
   * The merchant, row-locked until the transaction ends (PostgreSQL; SQLite's writers queue anyway):
   * changes to a merchant's users that must see each other (its last owner) take it first.
   */
  getForUpdate(id: string): Promise<Merchant | undefined>;
  list(): Promise<Merchant[]>;
  update(id: string, patch: Partial<Pick<Merchant, 'name' | 'notifyUrl'>>): Promise<Merchant>;
}

export interface CredentialRepo {
  /**
   * Stores a key, atomically with its key id's owner: the first key of a (dialect, keyId) makes
   * the merchant its owner for good (removing the key does not free it). Throws
   * DuplicateCredentialError when the key id is another merchant's, or when any credential (of
   * any merchant, dialect or kind) already has this secret hash.
   */
  insert(c: NewCredential): Promise<Credential>;
  /** All credentials of a dialect with this public key id (a GlobalPay site may hold several keys), all of one merchant. */
  findByKeyId(dialect: DialectId, keyId: string): Promise<Credential[]>;
  /** The merchant a key id belongs to in a dialect, also once its last key was removed. */
  keyIdOwner(dialect: DialectId, keyId: string): Promise<string | undefined>;
  /** The one credential, of any merchant, dialect and kind, whose secret has this SHA-256 hash (a secret is one key). */
  findBySecretHash(secretHash: string): Promise<Credential | undefined>;
  listByMerchant(merchantId: string): Promise<Credential[]>;
  /** One of the merchant's credentials; another merchant's is undefined. */
  get(merchantId: string, id: number): Promise<Credential | undefined>;
  /** Sets when a key stops working (null: never); undefined when the merchant has no such key. */
  setExpiry(merchantId: string, id: number, expiresAt: Date | null): Promise<Credential | undefined>;
  delete(merchantId: string, id: number): Promise<boolean>;
}

/** A merchant's notification URL for one API, used instead of the merchant's own (migration 0014). */
export interface ApiNotifyUrl {
  merchantId: string;
  dialect: DialectId;
  url: string;
  updatedAt: Date;
}

export interface ApiNotifyUrlRepo {
  /** The merchant's URL for the API, if one is set. */
  get(merchantId: string, dialect: DialectId): Promise<ApiNotifyUrl | undefined>;
  listByMerchant(merchantId: string): Promise<ApiNotifyUrl[]>;
  /** Sets it (insert or replace). */
  put(merchantId: string, dialect: DialectId, url: string): Promise<ApiNotifyUrl>;
  /** false when none was set. */
  delete(merchantId: string, dialect: DialectId): Promise<boolean>;
}

/**
 * Where a merchant's notifications of one API go and what signs them: what every notification a
 * state change raises needs (src/notifications/render-notification.ts), read in one statement.
 */
export interface NotificationTarget {
  /** The merchant's own notification URL (Merchant.notifyUrl). */
  merchantNotifyUrl: string | null;
  /** The URL the merchant set for this API (ApiNotifyUrlRepo), if any. */
  apiNotifyUrl: string | null;
  /** The merchant's credentials of this API, expired ones too, by id. */
  credentials: Credential[];
}

export interface NotificationTargetRepo {
  /** undefined: there is no such merchant. */
  get(merchantId: string, dialect: DialectId): Promise<NotificationTarget | undefined>;
}

/** Where a sweeper's listing of records with an unknown outcome got to: the last one's (updatedAt, id). */
export interface SweepPosition {
  updatedAt: Date;
  id: number;
}

/**
 * Internal, the sweeper's: the records waiting for a customer (payments created or pending the
 * customer, agreements pending), each looked at when due (ADR 0051).
 */
export interface WaitingSweep<T> {
  /** Waiting records the sweeper has never looked at, created at `createdBy` or before, oldest first. */
  listUnswept(createdBy: Date, limit: number): Promise<T[]>;
  /** Waiting records whose next look (deferSweep) is due at `now` or before, the most overdue first. */
  listSweepDue(now: Date, limit: number): Promise<T[]>;
  /** The sweeper looks at this record next at `at`, if it still waits. Nothing else about it changes, updatedAt included. */
  deferSweep(id: number, at: Date): Promise<void>;
}

export interface PaymentRepo extends WaitingSweep<Payment> {
  /** Assigns the id. Throws DuplicateReferenceError if (merchantId, uniqueReference) exists. */
  insert(p: NewPayment): Promise<Payment>;
  /** Scoped to a merchant: another merchant's payment is `undefined`. */
  get(merchantId: string, id: number): Promise<Payment | undefined>;
  /** Internal (sweeper, customer pages): not merchant-scoped. */
  getById(id: number): Promise<Payment | undefined>;
  /** Locks the row for the rest of the transaction. */
  getByIdForUpdate(id: number): Promise<Payment | undefined>;
  getByCustomerToken(token: string): Promise<Payment | undefined>;
  /** getByIdForUpdate by the customer's token: in a transaction, locks the row for the rest of it. */
  getByCustomerTokenForUpdate(token: string): Promise<Payment | undefined>;
  getByUniqueReference(merchantId: string, uniqueReference: string): Promise<Payment | undefined>;
  /** Applies the patch, bumps updatedAt, returns the new row. */
  update(id: number, patch: PaymentPatch): Promise<Payment>;
  /**
   * Applies the patch, as update does, and locks the row, only while it is as `written` (a payment
   * this process wrote earlier, in another transaction) left it: the same updatedAt, status and
   * connectorState. Undefined, with nothing changed, when it has changed since: read it for update then.
   */
  updateIfUnchanged(written: Payment, patch: PaymentPatch): Promise<Payment | undefined>;
  list(merchantId: string, filter: PaymentFilter, page: Page): Promise<{ items: Payment[]; total: number }>;
  /** The dashboard's search: up to `limit` payments, newest first (also for `newerThan`). */
  search(s: PaymentSearch): Promise<Payment[]>;
  /** Internal: payments with connectorState.needsSync = true, oldest updatedAt first; after `after`, when given. */
  listNeedingSync(limit: number, after?: SweepPosition): Promise<Payment[]>;
  /** Every payment through `connector` whose connector reference is `ref` (a pay-by-reference payment's reference), oldest first. */
  findByConnectorRef(connector: string, ref: string): Promise<Payment[]>;
}

export interface PreapprovalRepo extends WaitingSweep<Preapproval> {
  insert(p: NewPreapproval): Promise<Preapproval>;
  get(merchantId: string, id: number): Promise<Preapproval | undefined>;
  getById(id: number): Promise<Preapproval | undefined>;
  getByIdForUpdate(id: number): Promise<Preapproval | undefined>;
  getByCustomerToken(token: string): Promise<Preapproval | undefined>;
  update(id: number, patch: PreapprovalPatch): Promise<Preapproval>;
  list(merchantId: string, filter: PreapprovalFilter, page: Page): Promise<{ items: Preapproval[]; total: number }>;
}

export interface RefundRepo {
  insert(r: NewRefund): Promise<Refund>;
  get(merchantId: string, paymentId: number, refundId: number): Promise<Refund | undefined>;
  getById(id: number): Promise<Refund | undefined>;
  listByPayment(merchantId: string, paymentId: number): Promise<Refund[]>;
  /** The payment's first refund with this merchant reference, if any. */
  findByReference(paymentId: number, reference: string): Promise<Refund | undefined>;
  update(id: number, patch: RefundPatch): Promise<Refund>;
  /** Internal: refunds still pending with needsSync = true, for the sweeper, oldest updatedAt first; after `after`, when given. */
  listNeedingSync(limit: number, after?: SweepPosition): Promise<Refund[]>;
}

export interface OperationRepo {
  append(op: NewOperation): Promise<Operation>;
  /**
   * As `append`, for a caller that reads nothing back. Inside a transaction a store may send it with
   * the transaction's next statement or its COMMIT (PostgreSQL: one round trip fewer); a failure then
   * fails that statement, and so the transaction, as append's own would.
   */
  add(op: NewOperation): Promise<void>;
  listByPayment(merchantId: string, paymentId: number): Promise<Operation[]>;
  listByPreapproval(merchantId: string, preapprovalId: number): Promise<Operation[]>;
}

export interface OutboxFilter {
  merchantId?: string;
  status?: NotificationStatus;
  /** Only notifications about these records (an empty list matches nothing). */
  resources?: { type: OutboxNotification['resourceType']; id: number }[];
  limit?: number;
}

export interface OutboxRepo {
  enqueue(n: NewNotification): Promise<OutboxNotification>;
  /** As `enqueue`, for a caller that reads nothing back: sent as OperationRepo.add is. */
  add(n: NewNotification): Promise<void>;
  /**
   * Claims up to `limit` rows that are pending, due (nextAttemptAt <= now) and not leased (or whose
   * lease ran out), setting leaseUntil = now + leaseMs. On PostgreSQL with FOR UPDATE SKIP LOCKED,
   * so concurrent dispatchers never claim the same row.
   */
  claimDue(now: Date, leaseMs: number, limit: number): Promise<OutboxNotification[]>;
  /**
   * Records one attempt at `notification` (the row as claimed) and the row's new state; clears the
   * lease. Answers the notification as it now stands, from what it was given: the stored row is not
   * read back (its body and headers are what the caller already holds).
   */
  recordAttempt(
    notification: OutboxNotification,
    attempt: Omit<DeliveryAttempt, 'id' | 'notificationId'>,
    next: { status: NotificationStatus; nextAttemptAt: Date; deliveredAt: Date | null },
  ): Promise<OutboxNotification>;
  get(id: number): Promise<OutboxNotification | undefined>;
  list(filter: OutboxFilter): Promise<OutboxNotification[]>;
  listAttempts(notificationId: number): Promise<DeliveryAttempt[]>;
  /**
   * For each of these records of a merchant, when the latest notification about it was delivered
   * (the merchant acknowledged it); records never notified are absent from the map.
   */
  lastDeliveredAt(
    merchantId: string,
    resourceType: OutboxNotification['resourceType'],
    resourceIds: readonly number[],
  ): Promise<Map<number, Date>>;
  /** Makes a row due now again (manual resend), whatever its status. */
  reschedule(id: number, at: Date): Promise<OutboxNotification | undefined>;
  /** For /metrics: how many notifications are still to deliver, and since when the oldest due one has waited (null: none due). */
  backlog(now: Date): Promise<{ pending: number; oldestDueAt: Date | null }>;
}

export interface IdempotencyRepo {
  get(merchantId: string, dialect: DialectId, key: string): Promise<IdempotencyRecord | undefined>;
  /** The new record's createdAt (what claims compare), or undefined when the key has a record already (first writer wins). */
  put(rec: Omit<IdempotencyRecord, 'createdAt'>): Promise<Date | undefined>;
  /**
   * Writes the response into a key's in-progress record (responseStatus 0), if it is still the one
   * claimed at `claimedAt` (when given).
   */
  complete(
    merchantId: string,
    dialect: DialectId,
    key: string,
    response: { status: number; body: string },
    claimedAt?: Date,
  ): Promise<void>;
  /**
   * Deletes a key's in-progress record, if it is still the one created at `createdAt` (when given)
   * and its request made nothing (its body is empty; see recordMade).
   */
  release(merchantId: string, dialect: DialectId, key: string, createdAt?: Date): Promise<void>;
  /**
   * Writes into a key's in-progress record claimed at `claimedAt` what its request made (as the
   * body), inside the transaction that made it; false when the record is no longer that claim.
   */
  recordMade(merchantId: string, dialect: DialectId, key: string, claimedAt: Date, made: string): Promise<boolean>;
  /**
   * Claims anew a key's in-progress record claimed at `claimedAt` (a retry taking over from a request
   * whose process died): the new claim time, later than the old one; undefined when another retry
   * took it over first.
   */
  takeOver(merchantId: string, dialect: DialectId, key: string, claimedAt: Date): Promise<Date | undefined>;
}

export interface CustomerProfileRepo {
  /** Inserts a profile; undefined when the merchant already has one with this e-mail (first writer wins). */
  insert(p: NewCustomerProfile): Promise<CustomerProfile | undefined>;
  /** Scoped to a merchant. */
  get(merchantId: string, id: number): Promise<CustomerProfile | undefined>;
  /** By e-mail, case-insensitively. */
  findByEmail(merchantId: string, email: string): Promise<CustomerProfile | undefined>;
}

/** What happened to a wallet's notification walletgate received (inbox). */
export type InboxStatus = 'received' | 'applied' | 'rejected';

/**
 * A wallet's own notification (Alipay+ notifyPayment), kept as it arrived before anything acts on
 * it, so a crash after receiving loses nothing: the sweeper applies what is left `received`.
 */
export interface InboxEntry {
  id: number;
  connector: string;
  /** The wallet's id for this notification; (connector, notificationId) is unique. */
  notificationId: string;
  receivedAt: Date;
  /**
   * The request's headers as received, JSON: the signature headers are needed to verify the body
   * again later. They carry no secret of walletgate's (a wallet signs with its private key).
   */
  headers: string;
  /** The body, byte for byte as received (a signature covers these exact bytes). */
  body: string;
  status: InboxStatus;
  error: string | null;
  appliedAt: Date | null;
}

export interface InboxRepo {
  /** Keeps a received notification; a second one with the same (connector, notificationId) is not kept. */
  record(entry: {
    connector: string;
    notificationId: string;
    headers: string;
    body: string;
  }): Promise<{ entry: InboxEntry; isNew: boolean }>;
  markApplied(id: number): Promise<InboxEntry>;
  markRejected(id: number, error: string): Promise<InboxEntry>;
  /** Oldest first: notifications received but neither applied nor rejected. */
  listUnapplied(limit: number): Promise<InboxEntry[]>;
}

/**
 * What walletgate made of money that arrived (core/transfers/record-incoming-transfer.ts). `paid`
 * and `partial` were applied to their payment; every other outcome waits for a person.
 */
export const TRANSFER_OUTCOMES = [
  'paid',
  'partial',
  'overpaid',
  'unmatched',
  'ambiguous',
  'wrong_currency',
  'late',
  'already_paid',
] as const;
export type TransferOutcome = (typeof TRANSFER_OUTCOMES)[number];
export const NEEDS_A_PERSON: readonly TransferOutcome[] = ['overpaid', 'unmatched', 'ambiguous', 'wrong_currency', 'late', 'already_paid'];

export interface IncomingTransferRecord extends IncomingTransfer {
  id: number;
  connector: string;
  /** Where it came from: "notice" (the bank's credit notice) or "statement <file name>". */
  source: string;
  receivedAt: Date;
  outcome: TransferOutcome;
  paymentId: number | null;
  merchantId: string | null;
  /** Why it waits for a person, in words. */
  note: string | null;
  /** What a person decided about it (one with an outcome in NEEDS_A_PERSON); null while it waits. */
  resolution: TransferResolution | null;
  resolvedAt: Date | null;
  /** The payment a person applied it to. */
  resolvedPaymentId: number | null;
  /** The person's note, or what applying it did. */
  resolutionNote: string | null;
}

/** `applied`: to an open payment, by a person; `returned`: to be paid back to the payer, by a person. */
export type TransferResolution = 'applied' | 'returned';

export interface TransferResolutionPatch {
  resolution: TransferResolution;
  paymentId: number | null;
  note: string | null;
}

export interface IncomingTransferRepo {
  /** Keeps a transfer with its outcome; a second one with the same (connector, transactionId) is not kept: the first is returned. */
  record(
    t: Omit<IncomingTransferRecord, 'id' | 'receivedAt' | 'resolution' | 'resolvedAt' | 'resolvedPaymentId' | 'resolutionNote'>,
  ): Promise<{ transfer: IncomingTransferRecord; isNew: boolean }>;
  /** Newest first, those with one of the outcomes; unless `resolved` is true, only those nobody resolved yet. */
  list(outcomes: readonly TransferOutcome[], limit: number, opts?: { resolved?: boolean }): Promise<IncomingTransferRecord[]>;
  /** One transfer, row-locked until the transaction ends (PostgreSQL; SQLite's writers queue anyway). */
  getByIdForUpdate(id: number): Promise<IncomingTransferRecord | undefined>;
  /** Records a person's decision, only if nobody decided before: undefined when someone did (the loser of a race). */
  resolve(id: number, patch: TransferResolutionPatch): Promise<IncomingTransferRecord | undefined>;
}

export interface Repos {
  merchants: MerchantRepo;
  credentials: CredentialRepo;
  /** Per-API notification URLs (ADR 0026). */
  apiNotifyUrls: ApiNotifyUrlRepo;
  /** A notification's URLs and keys together (read as a state change raises one). */
  notificationTargets: NotificationTargetRepo;
  payments: PaymentRepo;
  preapprovals: PreapprovalRepo;
  refunds: RefundRepo;
  operations: OperationRepo;
  outbox: OutboxRepo;
  idempotency: IdempotencyRepo;
  customerProfiles: CustomerProfileRepo;
  inbox: InboxRepo;
  incomingTransfers: IncomingTransferRepo;
  /** The dashboard's (ports/dashboard-store.ts, ADR 0022). */
  dashboardUsers: DashboardUserRepo;
  dashboardSessions: DashboardSessionRepo;
  pendingSignIns: PendingSignInRepo;
  loginFailures: LoginFailureRepo;
  auditLog: AuditLogRepo;
  /** Reports and analytics (ports/report-store.ts, ADR 0025). */
  reportRuns: ReportRunRepo;
  reportRows: ReportRowRepo;
  paymentAnalytics: PaymentAnalyticsRepo;
  /** The Data API's tokens (ports/data-api-store.ts, ADR 0023). */
  dataApiTokens: DataApiTokenRepo;
  /** Mass refunds (ports/refund-batch-store.ts, ADR 0024). */
  refundBatches: RefundBatchRepo;
  /**
   * Runs fn once what this transaction wrote is committed, as its caller would see it (durably,
   * or per its TransactionOptions), and never when it rolls back; outside a transaction, at once (in
   * a microtask). For telling other work, such as the notification dispatcher, that rows exist now:
   * told inside the transaction, it could look before they do. fn must not throw. Inside
   * `exclusively`, whose transactions are savepoints of one held open, "committed" means released:
   * a hint given then may come early, and the dispatcher's poll finds the rows later.
   */
  afterCommit(fn: () => void): void;
  /**
   * Runs fn once what this transaction wrote is durable (kept through a power cut), and never when it
   * rolls back; outside a transaction, at once (in a microtask). For telling others, such as a
   * merchant through the dispatcher, of a change a power cut must not take back. Usually afterCommit's
   * moment. On SQLite, a transaction durable with the next commit (ADR 0032) tells it after the next
   * log sync, which it does not start itself unless none starts soon (ADR 0041); inside `exclusively`,
   * once the held-open transaction has committed. fn must not throw.
   */
  afterDurable(fn: () => void): void;
}

/** A credential a migration removed because it broke the rules of DuplicateCredentialError (its secret is not kept). */
export interface RemovedCredential {
  id: number;
  merchantId: string;
  dialect: DialectId;
  kind: CredentialKind;
  keyId: string;
  /**
   * copy: the same key of the same merchant stored twice (nothing changes for anyone);
   * secret: another, older credential has the same secret; key_id: the key id is an older key's,
   * of another merchant.
   */
  why: 'copy' | 'secret' | 'key_id';
  /** The older credential that stays. */
  kept: { id: number; merchantId: string };
}

/** What applying migrations did that a person must hear about. */
export interface MigrationReport {
  /** Removed by a migration applied now (never again later: a migration runs once). */
  removedCredentials: RemovedCredential[];
}

/**
 * How a transaction's commit is waited for (docs/adr/0032-durable-with-the-next-commit.md).
 *
 * - `'now'` (the default): the promise resolves once the commit is durable (it survives a power cut).
 * - `'with-next-commit'`: for a record whose loss in a power cut is harmless *until something else is
 *   committed after it* — a payment written before the wallet is asked to open a checkout, which moves
 *   no money and whose answer only the next transaction sends. The promise resolves once the commit is
 *   made (visible to every later transaction, kept if the process dies), without waiting for the disk;
 *   the next durable commit makes it durable with itself, because a log is made durable in order.
 *   Everything read from it is still answered only once it is durable. A store that cannot give that
 *   (PostgreSQL lets other sessions read an asynchronously committed row before it is flushed) commits
 *   durably, as with `'now'`. Never for a record written before a call that can move money.
 */
export interface TransactionOptions {
  durability?: 'now' | 'with-next-commit';
}

/** The store inside `exclusively`: all of it, except closing it or taking the lock again. */
export type ExclusiveStore = Omit<Store, 'exclusively' | 'close'>;

/** Counts since a SQLite store opened (ADR 0013): its group commit, log syncs and checkpoints. */
export interface WriteAheadLogUse {
  /** physical COMMITs, and the transactions (lone writes included) they carried */
  commits: number;
  transactions: number;
  /** fsyncs of the log, each making every commit before it durable */
  syncs: number;
  /**
   * How long they took: a count of syncs per upper bound in seconds (not cumulative; a sync longer
   * than the last bound is in none), and the sum of every sync's seconds
   */
  syncDurations: { bounds: readonly number[]; counts: readonly number[]; sumSeconds: number };
  /** checkpoints by the worker thread that copied the log into the database file, and those that failed */
  checkpoints: number;
  checkpointFailures: number;
  /** times every writer was held so that a long log could start over, and how long in all (ms) */
  restarts: number;
  restartWaitMs: number;
}

export interface Store extends Repos {
  readonly kind: 'sqlite' | 'postgres';
  /** Runs fn in one transaction; the repos passed in are bound to it. Rolls back if fn throws. */
  transaction<T>(fn: (tx: Repos) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Applies pending migrations (idempotent). */
  migrate(): Promise<MigrationReport>;
  /**
   * The version of what authentication reads (merchants and credentials, core/merchants/auth-cache.ts):
   * it changes, in the same transaction, with every insert, update or delete of either, by any
   * process on this database (database triggers, so no write path can forget it). It is read outside
   * any transaction, with committed data only, by one statement prepared once (the store's own; the
   * start-up lock's store reads it as any query): a cheap read every request may make. null when the
   * database keeps no version: then nothing may be cached.
   */
  authVersion(): Promise<number | null>;
  /**
   * Runs fn while holding the lock called `name`, which every process on this database shares: a
   * second process's `exclusively` waits until fn has ended here. PostgreSQL: a transaction-scoped
   * advisory lock for (name, current schema), held on a connection of its own while fn works on
   * the others. SQLite: one BEGIN IMMEDIATE transaction around fn (the whole file is the lock, so
   * all names are one lock), committed when fn resolves, rolled back whole when it throws.
   * fn must use the store it is handed, never this one: on SQLite this one waits for fn to end.
   */
  exclusively<T>(name: string, fn: (store: ExclusiveStore) => Promise<T>): Promise<T>;
  /** Liveness check used by /health. */
  ping(): Promise<void>;
  /** A connection pool's use now, for /metrics; absent where there is no pool (SQLite's one connection). */
  poolUse?(): { open: number; idle: number; waiting: number };
  /** SQLite's write-ahead log since the store opened, for /metrics; absent on PostgreSQL. */
  writeAheadLog?(): WriteAheadLogUse;
  /** The migrations this code has that the database has not applied, by name (empty: the schema is current). */
  pendingMigrations(): Promise<string[]>;
  close(): Promise<void>;
}
