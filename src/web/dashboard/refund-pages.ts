/**
 * The refund of one payment from the dashboard (ADR 0024): the form (what was paid, refunded, is in
 * progress and is left; amount and reason; the articles for a method refunding by them), the
 * confirmation step ("Refund X of Y; Z will be left") and the outcome.
 */
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import type { PaymentRefundView } from '../../core/dashboard/view-payment-refund.js';
import { decimalOf } from '../../core/dashboard/decimal-amount.js';
import type { Payment, Refund } from '../../core/model.js';
import { formatMoney } from '../../core/money.js';
import { escapeHtml } from '../page-layout.js';
import { dashboardPage } from './dashboard-layout.js';
import { refundActions } from './refund-actions.js';
import { REFUND_STYLE } from './refund-style.js';

const money = (amount: number, currency: string) => escapeHtml(formatMoney(amount, currency));
const csrfField = (s: SignedIn) => `<input type="hidden" name="csrf" value="${escapeHtml(s.session.csrfToken)}">`;

function sums(view: PaymentRefundView): string {
  const c = view.payment.currency;
  const item = (label: string, value: number) => `<div><dt>${label}</dt><dd>${money(value, c)}</dd></div>`;
  return `<dl class="sums">${item('Paid', view.paid)}${item('Refunded', view.refunded)}${item('In progress', view.inProgress)}${item('Left to refund', view.left)}</dl>`;
}

function heading(p: Payment): string {
  return `<div class="bar"><div><h1>Refund payment ${p.id}</h1><p class="muted">Reference <b>${escapeHtml(p.reference)}</b> · ${escapeHtml(p.merchantId)} · ${escapeHtml(p.status.replaceAll('_', ' '))}</p></div>
<a href="/dashboard/payments/${p.id}">Back to the payment</a></div>`;
}

export interface RefundFormValues {
  amount?: string;
  reason?: string;
  quantities?: Map<string, number>;
}

export function refundFormPage(view: PaymentRefundView, signedIn: SignedIn, values: RefundFormValues = {}, error?: string): string {
  const p = view.payment;
  const alert = error ? `<p class="alert" role="alert">${escapeHtml(error)}</p>` : '';
  const articles = view.byArticles
    ? `<fieldset><legend>Articles returned <span class="hint">(a partial refund names them; leave all at 0 and the amount empty to refund everything left)</span></legend>
<table class="log"><thead><tr><th scope="col">Article</th><th scope="col">Bought</th><th scope="col">Left</th><th scope="col">Quantity to refund</th></tr></thead><tbody>${view.articles
        .map(
          (a, i) =>
            `<tr><td data-label="Article">${escapeHtml(a.name ?? a.id)} <code>${escapeHtml(a.id)}</code></td><td data-label="Bought">${a.bought}</td><td data-label="Left">${a.left}</td>
<td data-label="Quantity"><label for="q${i}" style="font-weight:400">Quantity of ${escapeHtml(a.id)}</label><input type="number" id="q${i}" name="qty:${escapeHtml(a.id)}" min="0" max="${a.left}" step="1" value="${values.quantities?.get(a.id) ?? 0}"></td></tr>`,
        )
        .join('')}</tbody></table></fieldset>`
    : '';
  const form = view.refundable
    ? `<form class="stack" method="post" action="/dashboard/payments/${p.id}/refund">${csrfField(signedIn)}
<label for="amount">Amount (${escapeHtml(p.currency)}) <span class="hint">Empty: all that is left${view.byArticles ? ', or the articles’ value' : ''}.${view.partial ? '' : ' This method refunds only everything left.'}</span>
<input type="text" id="amount" name="amount" inputmode="decimal" autocomplete="off" value="${escapeHtml(values.amount ?? (view.byArticles ? '' : decimalOf(view.left, p.currency)))}"></label>
${articles}
<label for="reason">Reason <span class="hint">Optional; kept with the refund and in the audit log.</span><input type="text" id="reason" name="reason" maxlength="255" value="${escapeHtml(values.reason ?? '')}"></label>
<div class="actions"><button class="btn primary" type="submit">Continue</button></div></form>`
    : `<p class="note">Nothing can be refunded on this payment now.</p>`;
  return dashboardPage({
    title: `Refund payment ${p.id}`,
    signedIn,
    section: 'payments',
    style: REFUND_STYLE,
    body: `${heading(p)}<section class="card" aria-labelledby="refund">${sums(view)}<h2 id="refund">Refund</h2>${alert}${form}</section>${refundList(view.refunds)}`,
  });
}

function refundList(refunds: Refund[]): string {
  if (refunds.length === 0) return '';
  return `<section class="card" aria-labelledby="earlier" style="margin-top:16px"><h2 id="earlier" style="margin-top:0">Refunds so far</h2>
<table class="log"><thead><tr><th scope="col">Refund</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col">Reason</th></tr></thead><tbody>${refunds
    .map(
      (r) =>
        `<tr><td data-label="Refund">${r.id}</td><td data-label="Amount" class="num">${money(r.amount, r.currency)}</td><td data-label="Status">${escapeHtml(r.status)}</td><td data-label="Reason">${escapeHtml(r.description ?? '')}</td></tr>`,
    )
    .join('')}</tbody></table></section>`;
}

export interface ConfirmView {
  view: PaymentRefundView;
  amount: number;
  articles: [string, number][];
  reason: string;
  token: string;
}

export function refundConfirmPage(c: ConfirmView, signedIn: SignedIn): string {
  const p = c.view.payment;
  const cur = p.currency;
  const articles =
    c.articles.length > 0 ? `<p>Articles: ${c.articles.map(([id, q]) => `${q} × <code>${escapeHtml(id)}</code>`).join(', ')}</p>` : '';
  return dashboardPage({
    title: `Confirm the refund of payment ${p.id}`,
    signedIn,
    section: 'payments',
    style: REFUND_STYLE,
    body: `${heading(p)}<section class="card" aria-labelledby="confirm"><h2 id="confirm" style="margin-top:0">Confirm the refund</h2>
<p class="summary" style="font-size:18px">Refund <b>${money(c.amount, cur)}</b> of <b>${money(c.view.paid, cur)}</b>; <b>${money(c.view.left - c.amount, cur)}</b> will be left to refund.</p>
${articles}${c.reason ? `<p>Reason: ${escapeHtml(c.reason)}</p>` : ''}
<form method="post" action="/dashboard/payments/${p.id}/refund/confirm" class="actions">${csrfField(signedIn)}<input type="hidden" name="confirmation" value="${escapeHtml(c.token)}">
<button class="btn primary" type="submit">Refund ${money(c.amount, cur)}</button><a href="/dashboard/payments/${p.id}/refund">Change</a></form>
<p class="hint">This step is valid for 15 minutes; confirming it twice refunds once.</p></section>`,
  });
}

export function refundDonePage(refund: Refund, payment: Payment, signedIn: SignedIn, mayRefund: boolean): string {
  const left = payment.capturedAmount - payment.refundedAmount - payment.refundReservedAmount;
  const outcome =
    refund.status === 'failed'
      ? `<p class="alert" role="alert">The wallet refused refund ${refund.id}: ${escapeHtml(refund.failureMessage ?? refund.failureCode ?? '')}</p>`
      : `<p class="note" role="status">Refund ${refund.id} of ${money(refund.amount, refund.currency)}: ${refund.status === 'succeeded' ? 'done' : 'asked; the wallet has not answered yet'}.</p>`;
  return dashboardPage({
    title: `Refund ${refund.id}`,
    signedIn,
    section: 'payments',
    style: REFUND_STYLE,
    body: `${heading(payment)}<section class="card" aria-labelledby="done"><h2 id="done" style="margin-top:0">Refund ${refund.id}</h2>${outcome}
<p>${money(left, payment.currency)} left to refund.</p>${refundActions({ paymentId: payment.id, currency: payment.currency, left, mayRefund })}</section>`,
  });
}
