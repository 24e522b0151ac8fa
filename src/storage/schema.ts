/**
 * The database's tables as Kysely sees them: snake_case columns, timestamps as epoch milliseconds,
 * JSON columns as TEXT, booleans as 0/1 integers (the same on SQLite and PostgreSQL).
 */
import type { Generated } from 'kysely';
import type {
  AckRule,
  CredentialKind,
  DialectId,
  NotificationStatus,
  OperationKind,
  PaymentStatus,
  PreapprovalStatus,
  RefundStatus,
} from '../core/model.js';
import type { ConnectorId, MethodCode } from '../core/methods.js';
import type { InboxStatus, TransferOutcome, TransferResolution } from '../core/ports/store.js';
import type { DashboardTables } from './dashboard-schema.js';
import type { ReportTables } from './report-schema.js';

export interface MerchantsTable {
  id: string;
  name: string;
  notify_url: string | null;
  created_at: number;
}

export interface CredentialsTable {
  id: Generated<number>;
  merchant_id: string;
  dialect: DialectId;
  kind: Generated<CredentialKind>;
  key_id: string;
  secret_hash: string;
  secret_sealed: string;
  label: string | null;
  created_at: number;
  /** migration 0014: a rotated key works until then; null: no end */
  expires_at: Generated<number | null>;
}

/** Who owns a key id in a dialect: one merchant, for good (migration 0005, ADR 0010). credentials(dialect, key_id, merchant_id) references it. */
export interface DialectIdentitiesTable {
  dialect: DialectId;
  key_id: string;
  merchant_id: string;
  created_at: number;
}

export interface PaymentsTable {
  id: Generated<number>;
  merchant_id: string;
  dialect: DialectId;
  reference: string;
  unique_reference: string | null;
  /** migration 0009: the reference the merchant chose for the payer to quote (upper case, no spaces); unique among open payments */
  payer_reference: string | null;
  method: MethodCode;
  connector: ConnectorId;
  amount: number;
  currency: string;
  status: PaymentStatus;
  captured_amount: number;
  refunded_amount: number;
  refund_reserved_amount: number;
  description: string | null;
  customer: string | null;
  billing_address: string | null;
  shipping_address: string | null;
  articles: string | null;
  return_url: string | null;
  customer_token: string;
  expires_at: number | null;
  preapproval_id: number | null;
  customer_profile_id: number | null;
  connector_state: string;
  failure_code: string | null;
  failure_message: string | null;
  extras: string;
  created_at: number;
  updated_at: number;
  /** Denormalised from billing_address.country (upper case), for list filters. */
  country: string | null;
  /** Denormalised from connector_state.ref, for list filters. */
  connector_ref: string | null;
  /** Denormalised from connector_state.needsSync (0/1), for the sweeper. */
  needs_sync: number;
  /** migration 0021: when the sweeper looks at this waiting payment next; null before its first look */
  sweep_at: number | null;
}

export interface PreapprovalsTable {
  id: Generated<number>;
  merchant_id: string;
  dialect: DialectId;
  reference: string;
  unique_reference: string | null;
  method: MethodCode;
  connector: ConnectorId;
  currency: string | null;
  description: string | null;
  return_url: string | null;
  customer: string | null;
  customer_ref: string | null;
  origin_payment_id: number | null;
  billing_address: string | null;
  recurring_period: number | null;
  max_amount: number | null;
  status: PreapprovalStatus;
  customer_token: string;
  expires_at: number | null;
  agreement_token: string | null;
  connector_state: string;
  failure_code: string | null;
  failure_message: string | null;
  extras: string;
  created_at: number;
  updated_at: number;
  /** migration 0021: when the sweeper looks at this pending agreement next; null before its first look */
  sweep_at: number | null;
}

export interface RefundsTable {
  id: Generated<number>;
  merchant_id: string;
  payment_id: number;
  dialect: DialectId;
  reference: string | null;
  amount: number;
  currency: string;
  status: RefundStatus;
  description: string | null;
  articles: string | null;
  connector_ref: string | null;
  needs_sync: number;
  failure_code: string | null;
  failure_message: string | null;
  extras: string;
  created_at: number;
  updated_at: number;
}

export interface OperationsTable {
  id: Generated<number>;
  merchant_id: string;
  payment_id: number | null;
  preapproval_id: number | null;
  refund_id: number | null;
  kind: OperationKind;
  status: 'ok' | 'failed' | 'pending';
  amount: number | null;
  currency: string | null;
  code: string | null;
  message: string | null;
  created_at: number;
}

export interface OutboxTable {
  id: Generated<number>;
  merchant_id: string;
  dialect: DialectId;
  event: string;
  resource_type: 'payment' | 'preapproval' | 'refund';
  resource_id: number;
  url: string;
  headers: string;
  body: string;
  ack: AckRule;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
  /** migration 0016: the request (or sweeper pass) whose state change raised it; null before */
  request_id: string | null;
}

export interface DeliveryAttemptsTable {
  id: Generated<number>;
  notification_id: number;
  attempt: number;
  at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  response_excerpt: string | null;
}

export interface IdempotencyTable {
  merchant_id: string;
  dialect: DialectId;
  key: string;
  request_hash: string;
  response_status: number;
  response_body: string;
  created_at: number;
}

export interface CustomerProfilesTable {
  id: Generated<number>;
  merchant_id: string;
  email: string | null;
  name: string | null;
  phone: string | null;
  created_at: number;
}

export interface InboxTable {
  id: Generated<number>;
  connector: string;
  notification_id: string;
  received_at: number;
  headers: string;
  body: string;
  status: InboxStatus;
  error: string | null;
  applied_at: number | null;
}

/** Money that arrived in a collection account, and what walletgate made of it (migration 0008). */
export interface IncomingTransfersTable {
  id: Generated<number>;
  connector: string;
  transaction_id: string;
  reference: string;
  amount: number;
  currency: string;
  value_date: string;
  payer: string | null;
  account: string | null;
  source: string;
  received_at: number;
  outcome: TransferOutcome;
  payment_id: number | null;
  merchant_id: string | null;
  note: string | null;
  /** migration 0009: what a person decided, null while it waits */
  resolution: TransferResolution | null;
  resolved_at: number | null;
  resolved_payment_id: number | null;
  resolution_note: string | null;
}

/** A version per cached thing, bumped by triggers with every change to what it covers (migration 0007): `auth` covers merchants and credentials. */
export interface CacheVersionsTable {
  name: string;
  version: number;
}

/** Every table; the dashboard's are in dashboard-schema.ts, the reports' in report-schema.ts. */
export interface Database extends DashboardTables, ReportTables {
  merchants: MerchantsTable;
  credentials: CredentialsTable;
  dialect_identities: DialectIdentitiesTable;
  payments: PaymentsTable;
  preapprovals: PreapprovalsTable;
  refunds: RefundsTable;
  operations: OperationsTable;
  outbox: OutboxTable;
  delivery_attempts: DeliveryAttemptsTable;
  idempotency: IdempotencyTable;
  customer_profiles: CustomerProfilesTable;
  inbox: InboxTable;
  incoming_transfers: IncomingTransfersTable;
  cache_versions: CacheVersionsTable;
}

export type StoreKind = 'sqlite' | 'postgres';
