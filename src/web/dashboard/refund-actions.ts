/**
 * The refund button of a payment's page (`<div id="refund-actions">` on /dashboard/payments/:id):
 * a link to the refund form when the user may refund and something is left, else a line saying why not.
 */
import { formatMoney } from '../../core/money.js';
import { escapeHtml } from '../page-layout.js';

export interface RefundActionsInput {
  paymentId: number;
  currency: string;
  /** Minor units left to refund (captured − refunded − in progress). */
  left: number;
  /** The signed-in user's role has the 'refund' right. */
  mayRefund: boolean;
}

export function refundActions(p: RefundActionsInput): string {
  if (!p.mayRefund) return '<p class="muted">Your role may not refund.</p>';
  if (p.left <= 0) return '<p class="muted">Nothing is left to refund.</p>';
  return `<p><a class="btn primary" style="display:inline-block;width:auto" href="/dashboard/payments/${p.paymentId}/refund">Refund…</a> <span class="muted">${escapeHtml(formatMoney(p.left, p.currency))} left to refund</span></p>`;
}
