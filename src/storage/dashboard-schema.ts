/** The dashboard's tables as Kysely sees them (migration 0010, ADR 0022); schema.ts adds them to the Database. */
import type { Generated } from 'kysely';
import type { DashboardRole } from '../core/ports/dashboard-store.js';
import type { RefundBatchRowState, RefundBatchState } from '../core/ports/refund-batch-store.js';

export interface DashboardUsersTable {
  id: Generated<number>;
  /** lower case; unique */
  email: string;
  /** null only for role operator (a check constraint keeps it so) */
  merchant_id: string | null;
  role: DashboardRole;
  password_hash: string;
  must_change_password: number;
  created_at: number;
  disabled_at: number | null;
  /** migration 0014: the TOTP secret, sealed with the master key; null: never enrolled */
  totp_secret_sealed: string | null;
  /** null: the second factor is off (or enrolment is not confirmed yet) */
  totp_enabled_at: number | null;
  /** the last 30-second step a code was accepted at: a code is accepted once */
  totp_last_step: number | null;
}

export interface DashboardSessionsTable {
  /** SHA-256 (hex) of the cookie's session id */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailuresTable {
  /** account:<e-mail> or ip:<address> */
  key: string;
  failures: number;
  last_failure_at: number;
  locked_until: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  merchant_id: string | null;
  user_id: number | null;
  actor: string;
  action: string;
  subject: string;
  /** JSON */
  detail: string;
  ip: string | null;
  created_at: number;
}

/** A right password waiting for its TOTP code (migration 0014): not a session, it opens nothing. */
export interface DashboardPendingSignInsTable {
  /** SHA-256 (hex) of the id the sign-in cookie carries */
  id_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
  ip: string | null;
}

/** A merchant's notification URL for one API (migration 0014). */
export interface MerchantNotifyUrlsTable {
  merchant_id: string;
  dialect: string;
  url: string;
  updated_at: number;
}

export interface DashboardTables {
  dashboard_pending_sign_ins: DashboardPendingSignInsTable;
  merchant_notify_urls: MerchantNotifyUrlsTable;
  dashboard_users: DashboardUsersTable;
  dashboard_sessions: DashboardSessionsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  data_api_tokens: DataApiTokensTable;
  refund_batches: RefundBatchesTable;
  refund_batch_rows: RefundBatchRowsTable;
}

/** The Data API's read-only tokens (migration 0011, ADR 0023). */
export interface DataApiTokensTable {
  id: Generated<number>;
  merchant_id: string;
  name: string;
  /** SHA-256 (hex) of the secret; unique */
  secret_hash: string;
  created_by: number | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** Mass refunds (migration 0012, ADR 0024). */
export interface RefundBatchesTable {
  id: Generated<number>;
  merchant_id: string;
  file_name: string;
  /** SHA-256 hex of the file; unique per merchant */
  file_hash: string;
  state: RefundBatchState;
  rows_total: number;
  rows_valid: number;
  uploaded_by: string;
  created_at: number;
  submitted_at: number | null;
  finished_at: number | null;
}

export interface RefundBatchRowsTable {
  batch_id: number;
  row_number: number;
  payment_text: string;
  amount_text: string;
  currency: string;
  reason: string;
  payment_id: number | null;
  amount: number | null;
  state: RefundBatchRowState;
  message: string | null;
  refund_id: number | null;
  refunded_amount: number | null;
  claimed_at: number | null;
}
