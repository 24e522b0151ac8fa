/**
 * The refund form's first step (ADR 0024): checks what the user asked — an amount (empty: all that
 * is left), or articles with quantities for a method that refunds by them — against the payment as
 * it is now, with the same rules createRefund applies, and seals it into a one-time confirmation.
 * Nothing moves yet.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Article } from '../model.js';
import { refundAmountByArticles } from '../refunds/refund-articles.js';
import { minorUnitsOf } from './decimal-amount.js';
import { CONFIRMATION_LIFETIME_MS, sealConfirmation } from './refund-confirmation.js';
import type { SignedIn } from './resolve-session.js';
import { viewPaymentRefund, type PaymentRefundView } from './view-payment-refund.js';

export const REASON_MAX_LENGTH = 255;

export interface DashboardRefundRequest {
  paymentId: number;
  /** As typed; '' refunds everything left. */
  amountText: string;
  reason: string;
  /** Units asked per article id (0 or absent: none). */
  quantities: Map<string, number>;
}

export type PreparedRefund =
  | { ok: true; view: PaymentRefundView; amount: number; articles: [string, number][]; reason: string; token: string }
  | { ok: false; problem: 'not_found' }
  | { ok: false; problem: 'invalid'; view: PaymentRefundView; message: string };

export async function prepareDashboardRefund(
  deps: Pick<CoreDeps, 'store' | 'connectors' | 'clock' | 'masterKey'>,
  signedIn: SignedIn,
  req: DashboardRefundRequest,
): Promise<PreparedRefund> {
  const view = await viewPaymentRefund(deps, signedIn, req.paymentId);
  if (!view) return { ok: false, problem: 'not_found' };
  const invalid = (message: string): PreparedRefund => ({ ok: false, problem: 'invalid', view, message });
  if (!view.refundable)
    return invalid(`Nothing can be refunded on this payment now (it is ${view.payment.status.replaceAll('_', ' ')}, ${view.left} left).`);
  const reason = req.reason.trim();
  if (reason.length > REASON_MAX_LENGTH) return invalid(`The reason is too long: at most ${REASON_MAX_LENGTH} characters.`);
  let asked: number | null = null;
  if (req.amountText.trim() !== '') {
    const parsed = minorUnitsOf(req.amountText, view.payment.currency);
    if ('problem' in parsed) return invalid(parsed.problem);
    asked = parsed.amount;
  }
  const articles: [string, number][] = [...req.quantities].filter(([, q]) => q !== 0);
  for (const [id, q] of articles) {
    const known = view.articles.find((a) => a.id === id);
    if (!known) return invalid(`Article ${id} is not an article of this payment.`);
    if (!Number.isSafeInteger(q)) return invalid(`Article ${id}: the quantity must be a whole number.`);
  }
  let amount: number;
  try {
    const named: Article[] = articles.map(([merchantArticleId, quantity]) => ({ merchantArticleId, quantity }));
    amount = refundAmountByArticles(view.payment, view.refunds, { articles: named, amount: asked }, view.left, view.byArticles);
  } catch (e) {
    if (e instanceof CoreError) return invalid(e.message);
    throw e;
  }
  if (amount > view.left) return invalid(`The refund exceeds what is left to refund on this payment (${view.left}).`);
  if (amount < view.left && !view.partial) return invalid('This payment’s method refunds only everything that is left.');
  const token = sealConfirmation(deps.masterKey, signedIn, {
    paymentId: view.payment.id,
    amount,
    articles,
    reason,
    expiresAt: deps.clock().getTime() + CONFIRMATION_LIFETIME_MS,
  });
  return { ok: true, view, amount, articles, reason, token };
}
