/**
 * What the refund form of one payment shows (docs/dashboard.md, ADR 0024): what was paid, refunded,
 * is being refunded and is left; for a payment whose method refunds by articles, each article with
 * the units still refundable. Another merchant's payment is not found, like one that does not exist.
 */
import type { CoreDeps } from '../deps.js';
import { declaredMethod } from '../method-capabilities.js';
import type { Payment, Refund } from '../model.js';
import { PAID_STATUSES } from '../transitions.js';
import { refundedQuantities } from '../refunds/refund-articles.js';
import { reachesMerchant } from './dashboard-policy.js';
import type { SignedIn } from './resolve-session.js';

export interface RefundableArticle {
  id: string;
  name: string | null;
  bought: number;
  /** Units not refunded nor in a refund in progress. */
  left: number;
  /** Minor units per unit, VAT included, when the payment says. */
  price: number | null;
}

export interface PaymentRefundView {
  payment: Payment;
  refunds: Refund[];
  paid: number;
  refunded: number;
  inProgress: number;
  left: number;
  /** Whether the payment can be refunded now (paid, something left). */
  refundable: boolean;
  /** The method refunds less than everything only by articles (ADR 0019). */
  byArticles: boolean;
  /** A partial refund is possible at all with this method. */
  partial: boolean;
  articles: RefundableArticle[];
}

/** The payment's refund view, or undefined when the user does not reach it (or it does not exist). */
export async function viewPaymentRefund(
  deps: Pick<CoreDeps, 'store' | 'connectors'>,
  { user }: SignedIn,
  paymentId: number,
): Promise<PaymentRefundView | undefined> {
  const payment = await deps.store.payments.getById(paymentId);
  if (!payment || !reachesMerchant(user, payment.merchantId)) return undefined;
  const refunds = await deps.store.refunds.listByPayment(payment.merchantId, payment.id);
  const method = declaredMethod(deps.connectors, payment.connector, payment.method);
  const left = Math.max(0, payment.capturedAmount - payment.refundedAmount - payment.refundReservedAmount);
  const taken = refundedQuantities(refunds);
  const articles: RefundableArticle[] = [];
  for (const a of payment.articles ?? []) {
    if (a.merchantArticleId == null) continue;
    const bought = a.quantity ?? 1;
    const seen = articles.find((x) => x.id === a.merchantArticleId);
    if (seen) {
      seen.bought += bought;
      seen.left += bought;
      continue;
    }
    articles.push({ id: a.merchantArticleId, name: a.name ?? null, bought, left: bought, price: a.price ?? null });
  }
  for (const a of articles) a.left = Math.max(0, a.left - (taken.get(a.id) ?? 0));
  return {
    payment,
    refunds,
    paid: payment.capturedAmount,
    refunded: payment.refundedAmount,
    inProgress: payment.refundReservedAmount,
    left,
    refundable: PAID_STATUSES.has(payment.status) && payment.status !== 'refunded' && left > 0,
    byArticles: method?.refundsByArticles === true && articles.length > 0,
    partial: method?.partialRefunds === true,
    articles,
  };
}
