/**
 * The analytic panels (ADR 0025) for [from, to) and the user's merchant (an operator: one merchant or
 * every one): payments created and paid, paid volume and refunded amounts by UTC day, by method and
 * by API, per currency (never added across currencies), summed by the database. Conversion = paid /
 * created; refund rate = refunded / paid amount. Paid means PAID_STATUSES.
 */
import type { SignedIn } from '../dashboard/resolve-session.js';
import type { PaymentAggregate } from '../ports/report-store.js';
import { PAID_STATUSES } from '../transitions.js';
import { reachesReport, type ReportDeps } from './report-deps.js';

export interface AnalyticsView {
  from: Date;
  to: Date;
  merchantId: string | null;
  totals: PaymentAggregate[];
  byDay: PaymentAggregate[];
  byMethod: PaymentAggregate[];
  byDialect: PaymentAggregate[];
}

/** Paid / created, 0 when nothing was created. */
export function conversionRate(a: Pick<PaymentAggregate, 'created' | 'paid'>): number {
  return a.created === 0 ? 0 : a.paid / a.created;
}

/** Refunded / paid amount, 0 when nothing was paid. */
export function refundRate(a: Pick<PaymentAggregate, 'paidAmount' | 'refundedAmount'>): number {
  return a.paidAmount === 0 ? 0 : a.refundedAmount / a.paidAmount;
}

export async function viewAnalytics(
  deps: Pick<ReportDeps, 'store'>,
  { user }: SignedIn,
  req: { from: Date; to: Date; merchantId: string | null },
): Promise<AnalyticsView | undefined> {
  if (!reachesReport(user, req.merchantId)) return undefined;
  const range = { merchantId: req.merchantId ?? undefined, from: req.from, to: req.to };
  const paid = [...PAID_STATUSES];
  const sums = deps.store.paymentAnalytics;
  const [totals, byDay, byMethod, byDialect] = await Promise.all([
    sums.aggregatePayments(range, 'none', paid),
    sums.aggregatePayments(range, 'day', paid),
    sums.aggregatePayments(range, 'method', paid),
    sums.aggregatePayments(range, 'dialect', paid),
  ]);
  return { ...req, totals, byDay, byMethod, byDialect };
}
