/**
 * The analytic panels' sums (ports/report-store.ts), computed by the database with GROUP BY: the UTC
 * day is created_at (epoch ms, bigint) integer-divided by a day's milliseconds, which both databases
 * do the same way for the non-negative times stored; never a pass in JS over every payment.
 */
import { sql } from 'kysely';
import type { AnalyticsGrouping, PaymentAnalyticsRepo } from '../../core/ports/report-store.js';
import { toMs } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

const DAY_MS = 86_400_000;

function groupKey(by: AnalyticsGrouping) {
  switch (by) {
    case 'day':
      return sql<string | number>`created_at / ${sql.lit(DAY_MS)}`;
    case 'method':
      return sql<string | number>`method`;
    case 'dialect':
      return sql<string | number>`dialect`;
    case 'none':
      return undefined;
  }
}

export function paymentAnalyticsRepo({ db }: RepoScope): PaymentAnalyticsRepo {
  return {
    async aggregatePayments(range, by, paidStatuses) {
      const key = groupKey(by);
      // totals: one row per currency (PostgreSQL refuses a constant to group or order by)
      // an empty IN list is not SQL: a status no payment has stands in
      const paid = paidStatuses.length > 0 ? [...paidStatuses] : [''];
      const isPaid = sql`status in (${sql.join(paid)})`;
      let q = db
        .selectFrom('payments')
        .select([
          (key ?? sql<string>`''`).as('key'),
          'currency',
          sql<string | number>`count(*)`.as('created'),
          sql<string | number>`sum(case when ${isPaid} then 1 else 0 end)`.as('paid'),
          sql<string | number>`sum(case when ${isPaid} then amount else 0 end)`.as('paid_amount'),
          sql<string | number>`sum(case when ${isPaid} then refunded_amount else 0 end)`.as('refunded_amount'),
        ])
        .where('created_at', '>=', toMs(range.from))
        .where('created_at', '<', toMs(range.to));
      if (range.merchantId !== undefined) q = q.where('merchant_id', '=', range.merchantId);
      const rows = await (key ? q.groupBy([key, 'currency']).orderBy(key) : q.groupBy('currency')).orderBy('currency').execute();
      return rows.map((r) => ({
        key: by === 'day' ? new Date(Number(r.key) * DAY_MS).toISOString().slice(0, 10) : String(r.key),
        currency: r.currency,
        created: Number(r.created),
        paid: Number(r.paid),
        paidAmount: Number(r.paid_amount),
        refundedAmount: Number(r.refunded_amount),
      }));
    },
  };
}
