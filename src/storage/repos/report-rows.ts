/**
 * The rows reports stream (ports/report-store.ts): keyset pages ordered by (time, id), so a report
 * of a million rows reads a page at a time and each page starts where an index says, on both databases.
 */
import { sql } from 'kysely';
import type { Customer } from '../../core/model.js';
import type { ReportRowRepo, RowCursor } from '../../core/ports/report-store.js';
import { fromJsonOrNull, fromMs, toMs } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

/** `(time, id) > (cursor.at, cursor.id)`, written out (row comparisons differ between the databases). */
function after(time: string, id: string, cursor: RowCursor | undefined) {
  if (!cursor) return sql<boolean>`1 = 1`;
  const at = toMs(cursor.at);
  return sql<boolean>`(${sql.ref(time)} > ${at} or (${sql.ref(time)} = ${at} and ${sql.ref(id)} > ${cursor.id}))`;
}

export function reportRowRepo({ db }: RepoScope): ReportRowRepo {
  return {
    async paymentRows(range, cursor, limit) {
      let q = db
        .selectFrom('payments')
        .select([
          'id',
          'merchant_id',
          'created_at',
          'updated_at',
          'dialect',
          'method',
          'reference',
          'amount',
          'currency',
          'status',
          'refunded_amount',
          'customer',
        ])
        .where('created_at', '>=', toMs(range.from))
        .where('created_at', '<', toMs(range.to))
        .where(after('payments.created_at', 'payments.id', cursor));
      if (range.merchantId !== undefined) q = q.where('merchant_id', '=', range.merchantId);
      const rows = await q.orderBy('created_at').orderBy('id').limit(limit).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        merchantId: r.merchant_id,
        createdAt: fromMs(r.created_at),
        updatedAt: fromMs(r.updated_at),
        dialect: r.dialect,
        method: r.method,
        reference: r.reference,
        amount: Number(r.amount),
        currency: r.currency,
        status: r.status,
        refundedAmount: Number(r.refunded_amount),
        customerEmail: fromJsonOrNull<Customer>(r.customer)?.email ?? null,
      }));
    },

    async refundRows(range, cursor, limit) {
      let q = db
        .selectFrom('refunds')
        .select([
          'id',
          'merchant_id',
          'payment_id',
          'created_at',
          'amount',
          'currency',
          'status',
          'reference',
          'description',
          'failure_message',
        ])
        .where('created_at', '>=', toMs(range.from))
        .where('created_at', '<', toMs(range.to))
        .where(after('refunds.created_at', 'refunds.id', cursor));
      if (range.merchantId !== undefined) q = q.where('merchant_id', '=', range.merchantId);
      const rows = await q.orderBy('created_at').orderBy('id').limit(limit).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        merchantId: r.merchant_id,
        paymentId: Number(r.payment_id),
        createdAt: fromMs(r.created_at),
        amount: Number(r.amount),
        currency: r.currency,
        status: r.status,
        reference: r.reference,
        description: r.description,
        failureMessage: r.failure_message,
      }));
    },

    async deliveryRows(range, cursor, limit) {
      let q = db
        .selectFrom('delivery_attempts as a')
        .innerJoin('outbox as o', 'o.id', 'a.notification_id')
        .select([
          'a.id as id',
          'o.merchant_id as merchant_id',
          'o.id as notification_id',
          'o.event as event',
          'o.resource_type as resource_type',
          'o.resource_id as resource_id',
          'o.url as url',
          'o.status as notification_status',
          'a.attempt as attempt',
          'a.at as at',
          'a.status_code as status_code',
          'a.error as error',
        ])
        .where('a.at', '>=', toMs(range.from))
        .where('a.at', '<', toMs(range.to))
        .where(after('a.at', 'a.id', cursor));
      if (range.merchantId !== undefined) q = q.where('o.merchant_id', '=', range.merchantId);
      const rows = await q.orderBy('a.at').orderBy('a.id').limit(limit).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        merchantId: r.merchant_id,
        notificationId: Number(r.notification_id),
        event: r.event,
        resourceType: r.resource_type,
        resourceId: Number(r.resource_id),
        url: r.url,
        attempt: Number(r.attempt),
        at: fromMs(r.at),
        statusCode: r.status_code === null ? null : Number(r.status_code),
        error: r.error,
        notificationStatus: r.notification_status,
      }));
    },
  };
}
