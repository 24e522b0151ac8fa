/**
 * The payments list (ADR 0023): the filter form with labelled fields, the one id search box, and a
 * page of payments, newest first, with "Newer" / "Older" links (keyset cursors: no totals).
 */
import { PAYMENT_STATUSES, type Payment } from '../../core/model.js';
import { formatMoney } from '../../core/money.js';
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import { DIALECT_IDS } from '../../dialects/index.js';
import { escapeHtml } from '../page-layout.js';
import { dashboardPage } from './dashboard-layout.js';
import { apiTitle } from './payment-id-candidates.js';
import { listQuery, type PaymentQueryText } from './payment-query.js';

export const when = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

export function customerOf(p: Payment): string {
  const c = p.customer;
  if (!c) return '';
  const name = c.name ?? [c.firstName, c.lastName].filter((x) => x).join(' ');
  return [name, c.email].filter((x) => x).join(' · ');
}

const PAGE_STYLE = `
form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;align-items:end;margin:0}
form.filters input,form.filters select,form.find input{font:inherit;padding:8px 10px;border:1px solid #c9ced6;border-radius:8px;background:#fff;width:100%}
form.filters select[multiple]{height:auto}
form.filters button,form.find button{font:inherit;font-weight:600;padding:9px 14px;border-radius:8px;border:0;background:var(--ink);color:#fff;cursor:pointer}
form.find{display:flex;gap:8px;align-items:end;margin:0 0 16px}form.find label{flex:1}
nav.pages{display:flex;gap:16px;justify-content:space-between;margin-top:14px}
`;

function option(value: string, label: string, selected: boolean): string {
  return `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
}

function filterForm(text: PaymentQueryText, methods: readonly string[], operator: boolean): string {
  const input = (name: keyof PaymentQueryText, label: string, type = 'text', extra = '') =>
    `<label for="f-${name}">${label}<input id="f-${name}" name="${name}" type="${type}" value="${escapeHtml(String(text[name]))}"${extra}></label>`;
  const select = (name: 'api' | 'method', label: string, options: string) =>
    `<label for="f-${name}">${label}<select id="f-${name}" name="${name}">${option('', 'Any', false)}${options}</select></label>`;
  return `<form class="filters" method="get" action="/dashboard/payments" aria-label="Filters">
${select('api', 'API', DIALECT_IDS.map((d) => option(d, apiTitle(d), text.api === d)).join(''))}
${select('method', 'Method', methods.map((m) => option(m, m, text.method === m)).join(''))}
<label for="f-status">Status<select id="f-status" name="status" multiple size="3">${PAYMENT_STATUSES.map((s) => option(s, s, text.status.includes(s))).join('')}</select></label>
${input('from', 'From (day, UTC)', 'date')}
${input('to', 'To (day, UTC)', 'date')}
${input('min', 'Minimum amount <span class="hint">(minor units)</span>', 'text', ' inputmode="numeric"')}
${input('max', 'Maximum amount <span class="hint">(minor units)</span>', 'text', ' inputmode="numeric"')}
${input('currency', 'Currency', 'text', ' maxlength="3" autocapitalize="characters"')}
${input('reference', 'Reference')}
${input('customer', 'Customer <span class="hint">(e-mail or name)</span>')}
${operator ? input('merchant', 'Merchant id') : ''}
<button type="submit">Filter</button></form>`;
}

export function paymentRows(items: readonly Payment[], operator: boolean): string {
  if (items.length === 0) return '<p class="muted">No payments match.</p>';
  const head = ['Date', ...(operator ? ['Merchant'] : []), 'API', 'Method', 'Reference', 'Amount', 'Status', 'Customer'];
  const rows = items
    .map((p) => {
      const cells: [string, string][] = [
        ['Date', `<a href="/dashboard/payments/${p.id}">${escapeHtml(when(p.createdAt))}</a>`],
        ...(operator ? [['Merchant', escapeHtml(p.merchantId)] as [string, string]] : []),
        ['API', escapeHtml(apiTitle(p.dialect))],
        ['Method', escapeHtml(p.method)],
        ['Reference', `<a href="/dashboard/payments/${p.id}">${escapeHtml(p.reference)}</a>`],
        ['Amount', escapeHtml(formatMoney(p.amount, p.currency))],
        ['Status', `<span class="status">${escapeHtml(p.status)}</span>`],
        ['Customer', escapeHtml(customerOf(p))],
      ];
      return `<tr>${cells.map(([label, html]) => `<td data-label="${label}">${html}</td>`).join('')}</tr>`;
    })
    .join('');
  return `<table class="log"><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

export interface PaymentsPageView {
  signedIn: SignedIn;
  text: PaymentQueryText;
  methods: readonly string[];
  items: readonly Payment[];
  next: string | null;
  previous: string | null;
  /** What to fix in the filters (a 400 page), or what an id search found nothing for. */
  problems?: readonly string[];
  /** The result of an id search (several matches), instead of a filtered list. */
  searched?: string;
}

export function paymentsPage(v: PaymentsPageView): string {
  const operator = v.signedIn.user.merchantId === null;
  const problems =
    v.problems && v.problems.length > 0
      ? `<div class="alert" role="alert"><ul>${v.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul></div>`
      : '';
  const pages =
    v.searched === undefined && (v.previous || v.next)
      ? `<nav class="pages" aria-label="Pages">${v.previous ? `<a href="/dashboard/payments${escapeHtml(listQuery(v.text, v.previous))}" rel="prev">← Newer</a>` : '<span></span>'}${v.next ? `<a href="/dashboard/payments${escapeHtml(listQuery(v.text, v.next))}" rel="next">Older →</a>` : ''}</nav>`
      : '';
  const heading =
    v.searched !== undefined
      ? `<h2 id="results" style="margin-top:0">Payments known by “${escapeHtml(v.searched)}”</h2>`
      : `<h2 id="results" style="margin-top:0">Newest first</h2>`;
  return dashboardPage({
    title: 'Payments',
    signedIn: v.signedIn,
    section: 'payments',
    style: PAGE_STYLE,
    body: `<div class="bar"><div><h1>Payments</h1><p class="muted">Every API and every method${operator ? ', every merchant' : ''}.</p></div></div>
<section class="card" aria-label="Find a payment"><form class="find" method="get" action="/dashboard/payments" role="search">
<label for="f-q">Find by any id <span class="hint">walletgate’s or GlobalPay’s ID, Adyen pspReference, Checkout.com pay_…, ecommpay payment_id, your reference</span><input id="f-q" name="q" type="search" value="${escapeHtml(v.text.q)}"></label>
<button type="submit">Find</button></form>
${filterForm(v.text, v.methods, operator)}${problems}</section>
<section class="card" aria-labelledby="results" style="margin-top:16px">${heading}${paymentRows(v.items, operator)}${pages}</section>`,
  });
}
