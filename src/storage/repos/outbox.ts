import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DeliveryAttempt, OutboxNotification } from '../../core/model.js';
import { MissingRowError, type NewNotification, type OutboxRepo } from '../../core/ports/store.js';
import type { DeliveryAttemptsTable, OutboxTable } from '../schema.js';
import { fromJson, fromMs, fromMsOrNull, toJson, toMs, toMsOrNull } from '../column-codecs.js';
import { insertedRow } from './inserted-row.js';
import type { RepoScope } from './repo-scope.js';
import { precompiled, precompiledPerShape } from '../precompiled-query.js';

function toNotification(r: Selectable<OutboxTable>): OutboxNotification {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    dialect: r.dialect,
    event: r.event,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    url: r.url,
    headers: fromJson<Record<string, string>>(r.headers),
    body: r.body,
    ack: r.ack,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: fromMs(r.next_attempt_at),
    leaseUntil: fromMsOrNull(r.lease_until),
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: fromMs(r.created_at),
    deliveredAt: fromMsOrNull(r.delivered_at),
    requestId: r.request_id,
  };
}

function toAttempt(r: Selectable<DeliveryAttemptsTable>): DeliveryAttempt {
  return {
    id: r.id,
    notificationId: r.notification_id,
    attempt: r.attempt,
    at: fromMs(r.at),
    statusCode: r.status_code,
    error: r.error,
    durationMs: r.duration_ms,
    responseExcerpt: r.response_excerpt,
  };
}

const byDueThenId = (a: OutboxNotification, b: OutboxNotification): number =>
  a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id;

// What every notification and every status lookup runs, compiled once per database kind (../precompiled-query.ts).
const insertNotification = precompiledPerShape((db, row: Insertable<OutboxTable>) => db.insertInto('outbox').values(row).returning('id'));
/** The same insert returning nothing, for `add` (sent with the transaction's next statement on PostgreSQL). */
const addNotification = precompiledPerShape((db, row: Insertable<OutboxTable>) => db.insertInto('outbox').values(row));
const notificationById = precompiled<[id: number], Selectable<OutboxTable>>((db, $) =>
  db.selectFrom('outbox').selectAll().where('id', '=', $(0)),
);
/**
 * The attempt's outcome, after `attempts = attempts + 1`, returning the count only: the rest of the row
 * is what the dispatcher claimed, and reading back a body and its headers for every delivery cost more
 * than the update itself (docs/benchmarks.md).
 */
const recordOutcome = precompiledPerShape<Updateable<OutboxTable>, [id: number], Pick<Selectable<OutboxTable>, 'attempts'>>((db, set, $) =>
  db
    .updateTable('outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), ...set }))
    .where('id', '=', $(0))
    .returning('attempts'),
);
/**
 * Leases up to `limit` due rows (arguments: now, the lease's end, limit), in one statement on both
 * databases. PostgreSQL: SKIP LOCKED lets concurrent claimers pass each other; a row committed by
 * another claimer meanwhile is re-checked against the lease condition and dropped. SQLite: a write
 * statement takes the write lock before it reads, so it is atomic.
 */
const leaseDue = precompiled<[nowMs: number, leaseUntil: number, limit: number], Selectable<OutboxTable>>((db, $, kind) => {
  const due = db
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', $(0))
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', $(0))]))
    .orderBy('next_attempt_at', 'asc')
    .orderBy('id', 'asc')
    .limit($(2));
  return db
    .updateTable('outbox')
    .set({ lease_until: $(1) })
    .where('id', 'in', kind === 'postgres' ? due.forUpdate().skipLocked() : due)
    .returningAll();
});
const insertAttempt = precompiledPerShape((db, row: Insertable<DeliveryAttemptsTable>) => db.insertInto('delivery_attempts').values(row));
/** lastDeliveredAt for one resource (a status lookup); several go through the builder. */
const lastDeliveredOne = precompiled<
  [merchantId: string, resourceType: OutboxNotification['resourceType'], resourceId: number],
  LastDelivered
>((db, $) =>
  db
    .selectFrom('outbox')
    .select(['resource_id', (eb) => eb.fn.max('delivered_at').as('delivered_at')])
    .where('merchant_id', '=', $(0))
    .where('resource_type', '=', $(1))
    .where('resource_id', 'in', [$(2)])
    .where('delivered_at', 'is not', null)
    .groupBy('resource_id'),
);

interface LastDelivered {
  resource_id: number;
  delivered_at: number | null;
}

export function outboxRepo(scope: RepoScope): OutboxRepo {
  const { db, atomic, now: clockMs } = scope;
  const rowOf = (n: NewNotification): Insertable<OutboxTable> => {
    const now = clockMs();
    return {
      merchant_id: n.merchantId,
      dialect: n.dialect,
      event: n.event,
      resource_type: n.resourceType,
      resource_id: n.resourceId,
      url: n.url,
      headers: toJson(n.headers),
      body: n.body,
      ack: n.ack,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      lease_until: toMsOrNull(n.leaseUntil ?? null),
      last_status_code: null,
      last_error: null,
      created_at: now,
      delivered_at: null,
      request_id: n.requestId ?? null,
    };
  };
  return {
    async enqueue(n) {
      const values = rowOf(n);
      const { id } = await insertNotification.firstOrThrow(scope, values);
      return toNotification(insertedRow<Insertable<OutboxTable>, Selectable<OutboxTable>>(values, id));
    },

    add: (n) => addNotification.send(scope, rowOf(n)),

    async claimDue(now, leaseMs, limit) {
      if (limit <= 0) return [];
      const nowMs = toMs(now);
      const { rows } = await leaseDue.execute(scope, nowMs, nowMs + leaseMs, limit);
      return rows.map(toNotification).sort(byDueThenId);
    },

    recordAttempt(notification, attempt, next) {
      const { id } = notification;
      return atomic(async (tx) => {
        const row = await recordOutcome.first(
          tx,
          {
            status: next.status,
            next_attempt_at: toMs(next.nextAttemptAt),
            delivered_at: toMsOrNull(next.deliveredAt),
            last_status_code: attempt.statusCode,
            last_error: attempt.error,
            lease_until: null,
          },
          id,
        );
        if (!row) throw new MissingRowError('notification', id);
        await insertAttempt.execute(tx, {
          notification_id: id,
          attempt: attempt.attempt,
          at: toMs(attempt.at),
          status_code: attempt.statusCode,
          error: attempt.error,
          duration_ms: attempt.durationMs,
          response_excerpt: attempt.responseExcerpt,
        });
        return Object.assign({}, notification, {
          status: next.status,
          attempts: row.attempts,
          nextAttemptAt: next.nextAttemptAt,
          deliveredAt: next.deliveredAt,
          lastStatusCode: attempt.statusCode,
          lastError: attempt.error,
          leaseUntil: null,
        });
      });
    },

    async get(id) {
      const row = await notificationById.first(scope, id);
      return row ? toNotification(row) : undefined;
    },

    async list(filter) {
      let q = db.selectFrom('outbox').selectAll();
      if (filter.merchantId !== undefined) q = q.where('merchant_id', '=', filter.merchantId);
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      const resources = filter.resources;
      if (resources !== undefined) {
        q = q.where((eb) =>
          resources.length === 0
            ? eb.lit(false)
            : eb.or(resources.map((r) => eb.and([eb('resource_type', '=', r.type), eb('resource_id', '=', r.id)]))),
        );
      }
      const rows = await q
        .orderBy('id', 'desc')
        .limit(filter.limit ?? 100)
        .execute();
      return rows.map(toNotification);
    },

    async listAttempts(notificationId) {
      const rows = await db
        .selectFrom('delivery_attempts')
        .selectAll()
        .where('notification_id', '=', notificationId)
        .orderBy('attempt', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(toAttempt);
    },

    async lastDeliveredAt(merchantId, resourceType, resourceIds) {
      const latest = new Map<number, Date>();
      if (resourceIds.length === 0) return latest;
      const rows =
        resourceIds.length === 1
          ? (await lastDeliveredOne.execute(scope, merchantId, resourceType, resourceIds[0]!)).rows
          : await db
              .selectFrom('outbox')
              .select(['resource_id', (eb) => eb.fn.max('delivered_at').as('delivered_at')])
              .where('merchant_id', '=', merchantId)
              .where('resource_type', '=', resourceType)
              .where('resource_id', 'in', [...resourceIds])
              .where('delivered_at', 'is not', null)
              .groupBy('resource_id')
              .execute();
      for (const r of rows) if (r.delivered_at !== null) latest.set(Number(r.resource_id), fromMs(r.delivered_at));
      return latest;
    },

    async backlog(now) {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => [
          eb.fn.countAll<number | string>().as('pending'),
          eb.fn
            .min<number | string | null>(eb.case().when('next_attempt_at', '<=', toMs(now)).then(eb.ref('next_attempt_at')).end())
            .as('oldest'),
        ])
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return { pending: Number(row.pending), oldestDueAt: row.oldest === null ? null : fromMs(Number(row.oldest)) };
    },

    async reschedule(id, at) {
      const row = await db
        .updateTable('outbox')
        .set({ status: 'pending', next_attempt_at: toMs(at), lease_until: null })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toNotification(row) : undefined;
    },
  };
}
