/**
 * A payment's page (ADR 0023): its fields, the ids it is known by, then its story in order —
 * operations, the wallet's references, notifications with every delivery attempt and the
 * merchant's answer, refunds, and the agreement it opened or was charged on.
 */
import type { ConnectorState, Preapproval } from '../../core/model.js';
import { formatMoney } from '../../core/money.js';
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import type { NotificationStory, PaymentStory } from '../../core/dashboard/view-payment-story.js';
import { escapeHtml } from '../page-layout.js';
import { may } from '../../core/dashboard/dashboard-policy.js';
import { dashboardPage } from './dashboard-layout.js';
import { refundActions } from './refund-actions.js';
import { apiTitle, paymentIdInItsApi } from './payment-id-candidates.js';
import { customerOf, when } from './payments-page.js';

type Cell = [label: string, html: string];

function table(head: readonly string[], rows: readonly Cell[][], empty: string): string {
  if (rows.length === 0) return `<p class="muted">${escapeHtml(empty)}</p>`;
  return `<table class="log"><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map(([label, html]) => `<td data-label="${label}">${html}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** A two-column list of facts (label, value), the values already HTML. */
function facts(rows: readonly Cell[]): string {
  return `<table><tbody>${rows.map(([k, v]) => `<tr><th scope="row" style="text-align:left;font-weight:400;color:var(--muted);width:34%">${escapeHtml(k)}</th><td>${v}</td></tr>`).join('')}</tbody></table>`;
}

const text = (s: string | null | undefined): string =>
  s === null || s === undefined || s === '' ? '<span class="muted">—</span>' : escapeHtml(s);
const code = (s: string): string => `<code>${escapeHtml(s)}</code>`;

/** The wallet's references a person may see: never the connector's private data, tokens or URLs. */
function walletReferences(s: ConnectorState): Cell[] {
  const rows: Cell[] = [];
  if (s.ref) rows.push(['Wallet payment reference', code(s.ref)]);
  if (s.approvalRef) rows.push(['Wallet approval reference', code(s.approvalRef)]);
  if (s.customerRef) rows.push(['Customer reference given to the wallet', code(s.customerRef)]);
  if (s.instrument) rows.push(['Paid with (wallet’s own method)', escapeHtml(s.instrument)]);
  if (s.needsSync) rows.push(['Outcome', 'unknown yet: walletgate is asking the wallet']);
  if (s.needsReview) rows.push(['Review', '<strong>the outcome cannot be learned from the wallet: a person must look</strong>']);
  return rows;
}

function notificationBlock({ notification: n, attempts }: NotificationStory): string {
  const about = `${n.resourceType} ${n.resourceId}`;
  const tries = table(
    ['#', 'When', 'Answer', 'Error', 'Took', 'The merchant’s answer'],
    attempts.map((a) => [
      ['#', String(a.attempt)],
      ['When', escapeHtml(when(a.at))],
      ['Answer', a.statusCode === null ? '<span class="muted">none</span>' : `HTTP ${a.statusCode}`],
      ['Error', text(a.error)],
      ['Took', `${a.durationMs} ms`],
      ['The merchant’s answer', a.responseExcerpt ? code(a.responseExcerpt) : '<span class="muted">—</span>'],
    ]),
    'Not tried yet.',
  );
  return `<article class="notification" style="margin-top:12px"><h3 style="font-size:15px;margin:0 0 4px">${escapeHtml(n.event)} <span class="muted">about ${escapeHtml(about)}</span></h3>
<p class="muted">Queued ${escapeHtml(when(n.createdAt))} · <span class="status">${escapeHtml(n.status)}</span> · ${n.attempts} attempt${n.attempts === 1 ? '' : 's'}${n.deliveredAt ? ` · delivered ${escapeHtml(when(n.deliveredAt))}` : ''} · to ${escapeHtml(n.url)}</p>${tries}</article>`;
}

function agreement(p: Preapproval, how: string): string {
  return `<div id="agreement-${p.id}" style="margin-top:8px"><h3 style="font-size:15px;margin:0 0 4px">${escapeHtml(how)}: agreement ${p.id}</h3>${facts(
    [
      ['Reference', escapeHtml(p.reference)],
      ['Status', `<span class="status">${escapeHtml(p.status)}</span>`],
      ['Method', escapeHtml(p.method)],
      ['Customer reference', text(p.customerRef)],
      ['Created', escapeHtml(when(p.createdAt))],
    ],
  )}</div>`;
}

export function paymentStoryPage(story: PaymentStory, signedIn: SignedIn): string {
  const { payment: p, operations, refunds, notifications, chargedOn, opened } = story;
  const money = (n: number) => escapeHtml(formatMoney(n, p.currency));
  const apiId = paymentIdInItsApi(p.dialect, p.id);
  const ids: Cell[] = [
    ['walletgate id', code(String(p.id))],
    ...(apiId ? [[`${apiTitle(p.dialect)} id`, code(apiId)] as Cell] : []),
    ['Merchant reference', code(p.reference)],
  ];
  const fields: Cell[] = [
    ['Merchant', escapeHtml(p.merchantId)],
    ['API', escapeHtml(apiTitle(p.dialect))],
    ['Method', escapeHtml(p.method)],
    ['Amount', money(p.amount)],
    ['Captured', money(p.capturedAmount)],
    ['Refunded', money(p.refundedAmount)],
    ['Status', `<span class="status">${escapeHtml(p.status)}</span>`],
    ['Customer', text(customerOf(p))],
    ['Description', text(p.description)],
    ['Created', escapeHtml(when(p.createdAt))],
    ['Last change', escapeHtml(when(p.updatedAt))],
    ...(p.expiresAt ? [['Expires', escapeHtml(when(p.expiresAt))] as Cell] : []),
    ...(p.failureCode || p.failureMessage ? [['Failure', `${text(p.failureCode)} ${text(p.failureMessage)}`] as Cell] : []),
  ];
  const ops = table(
    ['When', 'What', 'Outcome', 'Amount', 'Code', 'Message'],
    operations.map((o) => [
      ['When', escapeHtml(when(o.createdAt))],
      ['What', escapeHtml(o.kind) + (o.refundId !== null ? ` <span class="muted">(refund ${o.refundId})</span>` : '')],
      ['Outcome', escapeHtml(o.status)],
      ['Amount', o.amount === null ? '' : escapeHtml(formatMoney(o.amount, o.currency ?? p.currency))],
      ['Code', text(o.code)],
      ['Message', text(o.message)],
    ]),
    'Nothing recorded.',
  );
  const refundRows = table(
    ['When', 'Refund', 'Reference', 'Amount', 'Status', 'Wallet reference', 'Failure'],
    refunds.map((r) => [
      ['When', escapeHtml(when(r.createdAt))],
      ['Refund', code(String(r.id))],
      ['Reference', text(r.reference)],
      ['Amount', escapeHtml(formatMoney(r.amount, r.currency))],
      ['Status', `<span class="status">${escapeHtml(r.status)}</span>`],
      ['Wallet reference', r.connectorRef ? code(r.connectorRef) : text(null)],
      ['Failure', r.failureCode || r.failureMessage ? `${text(r.failureCode)} ${text(r.failureMessage)}` : ''],
    ]),
    'No refunds.',
  );
  const wallet = walletReferences(p.connectorState);
  const agreements = [...(chargedOn ? [agreement(chargedOn, 'Charged on')] : []), ...opened.map((a) => agreement(a, 'Opened'))];
  const section = (id: string, title: string, html: string) =>
    `<section class="card" aria-labelledby="${id}" style="margin-top:16px"><h2 id="${id}" style="margin-top:0">${title}</h2>${html}</section>`;
  return dashboardPage({
    title: `Payment ${p.id}`,
    signedIn,
    section: 'payments',
    body: `<div class="bar"><div><h1>Payment ${p.id} <span class="status">${escapeHtml(p.status)}</span></h1><p class="muted">${money(p.amount)} · ${escapeHtml(apiTitle(p.dialect))} · ${escapeHtml(p.reference)}</p></div><a href="/dashboard/payments">← All payments</a></div>
<div id="refund-actions">${refundActions({ paymentId: p.id, currency: p.currency, left: p.capturedAmount - p.refundedAmount - p.refundReservedAmount, mayRefund: may(signedIn.user.role, 'refund') })}</div>
<div class="grid">${section('ids', 'Known as', facts(ids))}${section('fields', 'The payment', facts(fields))}</div>
${section('operations', 'What happened', ops)}
${section('wallet', 'The wallet’s references', wallet.length > 0 ? facts(wallet) : '<p class="muted">The wallet has not been asked yet.</p>')}
${section('notifications', 'Notifications to the merchant', notifications.length > 0 ? notifications.map(notificationBlock).join('') : '<p class="muted">None sent.</p>')}
${section('refunds', 'Refunds', refundRows)}
${section('agreement', 'Agreement', agreements.length > 0 ? agreements.join('') : '<p class="muted">This payment neither opened an agreement nor was charged on one.</p>')}`,
  });
}
