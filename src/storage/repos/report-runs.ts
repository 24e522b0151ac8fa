/** Report runs and schedules (ports/report-store.ts, migration 0013), one Kysely path for both databases. */
import type { Selectable } from 'kysely';
import { MissingRowError } from '../../core/ports/store.js';
import type { ReportRun, ReportRunRepo, ReportSchedule } from '../../core/ports/report-store.js';
import type { ReportRunsTable, ReportSchedulesTable } from '../report-schema.js';
import { fromMs, fromMsOrNull, toMs, toMsOrNull } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

const numberOrNull = (n: number | null): number | null => (n === null ? null : Number(n));

function toRun(r: Selectable<ReportRunsTable>): ReportRun {
  return {
    id: Number(r.id),
    merchantId: r.merchant_id,
    kind: r.kind,
    from: fromMs(r.from_at),
    to: fromMs(r.to_at),
    state: r.state,
    fileName: r.file_name,
    rows: numberOrNull(r.rows),
    bytes: numberOrNull(r.bytes),
    requestedBy: r.requested_by,
    scheduleId: numberOrNull(r.schedule_id),
    createdAt: fromMs(r.created_at),
    finishedAt: fromMsOrNull(r.finished_at),
    error: r.error,
  };
}

function toSchedule(r: Selectable<ReportSchedulesTable>): ReportSchedule {
  return {
    id: Number(r.id),
    merchantId: r.merchant_id,
    kind: r.kind,
    period: r.period,
    createdBy: r.created_by,
    createdAt: fromMs(r.created_at),
    nextRunAt: fromMs(r.next_run_at),
    disabledAt: fromMsOrNull(r.disabled_at),
  };
}

export function reportRunRepo({ db, now }: RepoScope): ReportRunRepo {
  return {
    async insertRun(r) {
      const row = await db
        .insertInto('report_runs')
        .values({
          merchant_id: r.merchantId,
          kind: r.kind,
          from_at: toMs(r.from),
          to_at: toMs(r.to),
          state: 'queued',
          requested_by: r.requestedBy,
          schedule_id: r.scheduleId,
          created_at: now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRun(row);
    },

    async getRun(id) {
      const row = await db.selectFrom('report_runs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRun(row);
    },

    async updateRun(id, patch) {
      const row = await db
        .updateTable('report_runs')
        .set({
          ...(patch.state !== undefined ? { state: patch.state } : {}),
          ...(patch.fileName !== undefined ? { file_name: patch.fileName } : {}),
          ...(patch.rows !== undefined ? { rows: patch.rows } : {}),
          ...(patch.bytes !== undefined ? { bytes: patch.bytes } : {}),
          ...(patch.finishedAt !== undefined ? { finished_at: toMsOrNull(patch.finishedAt) } : {}),
          ...(patch.error !== undefined ? { error: patch.error } : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new MissingRowError('report_runs', id);
      return toRun(row);
    },

    async beatRun(id, at) {
      const result = await db
        .updateTable('report_runs')
        .set({ heartbeat_at: toMs(at) })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async failAbandonedRuns(before, at, error) {
      const rows = await db
        .updateTable('report_runs')
        .set({ state: 'failed', finished_at: toMs(at), error })
        .where('state', 'in', ['queued', 'running'])
        .where((eb) => eb(eb.fn.coalesce('heartbeat_at', 'created_at'), '<', toMs(before)))
        .returningAll()
        .execute();
      return rows.map(toRun).sort((a, b) => a.id - b.id);
    },

    async listRuns(scope, limit) {
      let q = db.selectFrom('report_runs').selectAll();
      if (scope !== undefined) q = q.where('merchant_id', '=', scope);
      return (await q.orderBy('id', 'desc').limit(limit).execute()).map(toRun);
    },

    async insertSchedule(s) {
      const row = await db
        .insertInto('report_schedules')
        .values({
          merchant_id: s.merchantId,
          kind: s.kind,
          period: s.period,
          created_by: s.createdBy,
          created_at: now(),
          next_run_at: toMs(s.nextRunAt),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSchedule(row);
    },

    async getSchedule(id) {
      const row = await db.selectFrom('report_schedules').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toSchedule(row);
    },

    async listSchedules(scope) {
      let q = db.selectFrom('report_schedules').selectAll().where('disabled_at', 'is', null);
      if (scope !== undefined) q = q.where('merchant_id', '=', scope);
      return (await q.orderBy('id').execute()).map(toSchedule);
    },

    async disableSchedule(id, at) {
      const result = await db
        .updateTable('report_schedules')
        .set({ disabled_at: toMs(at) })
        .where('id', '=', id)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async listDueSchedules(at, limit) {
      const rows = await db
        .selectFrom('report_schedules')
        .selectAll()
        .where('disabled_at', 'is', null)
        .where('next_run_at', '<=', toMs(at))
        .orderBy('next_run_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toSchedule);
    },

    async claimSchedule(id, seen, next) {
      const result = await db
        .updateTable('report_schedules')
        .set({ next_run_at: toMs(next) })
        .where('id', '=', id)
        .where('next_run_at', '=', toMs(seen))
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
