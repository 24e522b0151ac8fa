/**
 * Reports and analytics' part of the Store (ADR 0025, migration 0013): report runs and schedules,
 * the rows a report streams (keyset pages, never a whole table in memory) and the analytic panels'
 * sums (GROUP BY in the database). Implemented by storage/repos/report-*.ts on both databases and
 * reached through `Repos` (store.ts).
 */

export const REPORT_KINDS = ['payments', 'refunds', 'deliveries'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_PERIODS = ['daily', 'weekly', 'monthly'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export type ReportState = 'queued' | 'running' | 'done' | 'failed';

export interface ReportRun {
  id: number;
  /** null: every merchant (an operator's report). */
  merchantId: string | null;
  kind: ReportKind;
  /** The range [from, to), UTC. */
  from: Date;
  to: Date;
  state: ReportState;
  /** The CSV's name in the merchant's report folder, once written. */
  fileName: string | null;
  rows: number | null;
  bytes: number | null;
  /** Who asked: a user's e-mail, or `schedule`. */
  requestedBy: string;
  scheduleId: number | null;
  createdAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

export type NewReportRun = Pick<ReportRun, 'merchantId' | 'kind' | 'from' | 'to' | 'requestedBy' | 'scheduleId'>;
export type ReportRunPatch = Partial<Pick<ReportRun, 'state' | 'fileName' | 'rows' | 'bytes' | 'finishedAt' | 'error'>>;

export interface ReportSchedule {
  id: number;
  /** null: every merchant. */
  merchantId: string | null;
  kind: ReportKind;
  period: ReportPeriod;
  createdBy: string;
  createdAt: Date;
  /** When the next period's report is due (the end of that period). */
  nextRunAt: Date;
  disabledAt: Date | null;
}

export type NewReportSchedule = Pick<ReportSchedule, 'merchantId' | 'kind' | 'period' | 'createdBy' | 'nextRunAt'>;

/** Whose records: one merchant's (an id) or every merchant's (undefined). */
export type ReportScope = string | undefined;

export interface ReportRunRepo {
  insertRun(r: NewReportRun): Promise<ReportRun>;
  getRun(id: number): Promise<ReportRun | undefined>;
  /** Throws MissingRowError for an unknown id. */
  updateRun(id: number, patch: ReportRunPatch): Promise<ReportRun>;
  /** The run's writer is alive at `at` (every page it writes); false when the run is no longer running. */
  beatRun(id: number, at: Date): Promise<boolean>;
  /**
   * Marks failed, with `error`, every run queued or running whose last heartbeat (never started: its
   * creation) is before `before`: no live process is writing it. One statement, so several processes
   * doing it at once fail each run once. The runs it failed.
   */
  failAbandonedRuns(before: Date, at: Date, error: string): Promise<ReportRun[]>;
  /** Newest first: one merchant's runs, or everyone's (undefined; runs over every merchant included). */
  listRuns(scope: ReportScope, limit: number): Promise<ReportRun[]>;
  insertSchedule(s: NewReportSchedule): Promise<ReportSchedule>;
  getSchedule(id: number): Promise<ReportSchedule | undefined>;
  /** Enabled schedules, oldest first: one merchant's, or everyone's (undefined). */
  listSchedules(scope: ReportScope): Promise<ReportSchedule[]>;
  /** false when it was already disabled or does not exist. */
  disableSchedule(id: number, at: Date): Promise<boolean>;
  /** Enabled schedules due at `now` (nextRunAt <= now), oldest due first. */
  listDueSchedules(now: Date, limit: number): Promise<ReportSchedule[]>;
  /**
   * Moves an enabled schedule's nextRunAt from `seen` to `next`, only if it still is `seen`: true for
   * exactly one of several processes claiming the same due period at once.
   */
  claimSchedule(id: number, seen: Date, next: Date): Promise<boolean>;
}

/** Where a keyset page starts: after this (time, id); undefined: from the beginning. */
export interface RowCursor {
  at: Date;
  id: number;
}

export interface RowRange {
  merchantId: ReportScope;
  from: Date;
  to: Date;
}

export interface PaymentReportRow {
  id: number;
  merchantId: string;
  createdAt: Date;
  updatedAt: Date;
  dialect: string;
  method: string;
  reference: string;
  amount: number;
  currency: string;
  status: string;
  refundedAmount: number;
  customerEmail: string | null;
}

export interface RefundReportRow {
  id: number;
  merchantId: string;
  paymentId: number;
  createdAt: Date;
  amount: number;
  currency: string;
  status: string;
  reference: string | null;
  description: string | null;
  failureMessage: string | null;
}

/** One delivery attempt of one notification. */
export interface DeliveryReportRow {
  /** The attempt's id (the page's key). */
  id: number;
  merchantId: string;
  notificationId: number;
  event: string;
  resourceType: string;
  resourceId: number;
  url: string;
  attempt: number;
  at: Date;
  statusCode: number | null;
  error: string | null;
  /** The notification's state now. */
  notificationStatus: string;
}

export interface ReportRowRepo {
  /** Up to `limit` rows created in [from, to), ordered by (created, id), after `after`. */
  paymentRows(range: RowRange, after: RowCursor | undefined, limit: number): Promise<PaymentReportRow[]>;
  refundRows(range: RowRange, after: RowCursor | undefined, limit: number): Promise<RefundReportRow[]>;
  /** Attempts made in [from, to), ordered by (time, id). */
  deliveryRows(range: RowRange, after: RowCursor | undefined, limit: number): Promise<DeliveryReportRow[]>;
}

/** What the payments are grouped by: the UTC day they were created, their method, their API; or nothing (totals). */
export type AnalyticsGrouping = 'day' | 'method' | 'dialect' | 'none';

/** One group's sums, for one currency (amounts of different currencies are never added). */
export interface PaymentAggregate {
  /** The UTC day (YYYY-MM-DD), the method, the API id; '' for totals. */
  key: string;
  currency: string;
  /** Payments created. */
  created: number;
  /** Of those, paid (the statuses handed in). */
  paid: number;
  /** Sum of the paid payments' amounts, minor units. */
  paidAmount: number;
  /** Sum of their refunded amounts, minor units. */
  refundedAmount: number;
}

export interface PaymentAnalyticsRepo {
  /** Payments created in [from, to), grouped, in SQL; ordered by key then currency. */
  aggregatePayments(range: RowRange, by: AnalyticsGrouping, paidStatuses: readonly string[]): Promise<PaymentAggregate[]>;
}
