/**
 * The hosted checkout's last step: the outcome, shown on walletgate's page, then the customer is
 * sent on to the merchant's page for it (by the browser itself after a few seconds, or at once with
 * the button). An API whose hosted page shows the result first asks the
 * customer pages for it (Dialect.showsResultFirst); the others send the customer straight back.
 */
import { formatMoney } from '../../core/money.js';
import { escapeHtml, page } from '../page-layout.js';
import { CHECKOUT_STYLE } from './checkout-style.js';

export interface CheckoutResultView {
  /** The payment went through. */
  ok: boolean;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  description?: string | null;
  reference?: string | null;
  /** The merchant's page for this outcome (http or https). */
  continueUrl: string;
  /** How long the result stays before the browser moves on. */
  seconds: number;
}

/** Seconds the result stays on screen: long enough to read, short enough not to wait for. */
export const RESULT_SECONDS = 4;

export function renderCheckoutResult(v: CheckoutResultView): string {
  const title = v.ok ? 'Payment complete' : 'Payment not completed';
  const said = v.ok ? 'Thank you. Your payment went through.' : 'Nothing has been charged. You can go back to the shop and try again.';
  const reference = v.reference ? `<dl class="order"><dt>Order</dt><dd>${escapeHtml(v.reference)}</dd></dl>` : '';
  const body = `<div class="card narrow checkout" role="status" aria-live="polite">
<div class="icon ${v.ok ? 'ok' : ''}" aria-hidden="true">${v.ok ? '✓' : '!'}</div>
<h1>${title}</h1>
<div class="summary"><p class="amount">${escapeHtml(formatMoney(v.amount, v.currency))}</p>
${v.description ? `<p class="desc">${escapeHtml(v.description)}</p>` : ''}${reference}</div>
<p>${said}</p>
<p class="muted">Taking you back to the shop in ${v.seconds} seconds.</p>
<a class="btn primary" href="${escapeHtml(v.continueUrl)}">Back to the shop now</a></div>`;
  return page(title, body, { style: CHECKOUT_STYLE + RESULT_STYLE, moveOn: { url: v.continueUrl, seconds: v.seconds } });
}

const RESULT_STYLE = `
.checkout .icon.ok{background:#e7f6ee;color:var(--ok)}
.checkout .btn.primary{margin-top:18px}
.checkout .btn:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
`;
