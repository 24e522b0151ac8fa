/** The reports' tables as Kysely sees them (migration 0013, ADR 0025); schema.ts adds them to the Database. */
import type { Generated } from 'kysely';
import type { ReportKind, ReportPeriod, ReportState } from '../core/ports/report-store.js';

export interface ReportRunsTable {
  id: Generated<number>;
  /** null: every merchant */
  merchant_id: string | null;
  kind: ReportKind;
  from_at: number;
  to_at: number;
  state: ReportState;
  file_name: string | null;
  rows: number | null;
  bytes: number | null;
  requested_by: string;
  schedule_id: number | null;
  created_at: number;
  finished_at: number | null;
  error: string | null;
  /** When its writer last showed it was alive (migration 0015); null: not started. */
  heartbeat_at: Generated<number | null>;
}

export interface ReportSchedulesTable {
  id: Generated<number>;
  merchant_id: string | null;
  kind: ReportKind;
  period: ReportPeriod;
  created_by: string;
  created_at: number;
  next_run_at: number;
  disabled_at: number | null;
}

export interface ReportTables {
  report_runs: ReportRunsTable;
  report_schedules: ReportSchedulesTable;
}
