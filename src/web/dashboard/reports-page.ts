/**
 * The reports page (ADR 0025): run a report now (kind, UTC date range; an operator also picks a
 * merchant or every one), the schedules (and, with the settings right, a form to add one and buttons
 * to remove them), and the newest runs with their state and a download link once written.
 */
import { escapeHtml } from '../page-layout.js';
import { may } from '../../core/dashboard/dashboard-policy.js';
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import { REPORT_KINDS, REPORT_PERIODS, type ReportKind, type ReportRun } from '../../core/ports/report-store.js';
import type { ReportsView } from '../../core/reports/view-reports.js';
import { dashboardPage } from './dashboard-layout.js';
import { dayText, FORM_STYLE, merchantSelect } from './report-form-fields.js';

export const KIND_TITLES: Record<ReportKind, string> = {
  payments: 'Payments',
  refunds: 'Refunds',
  deliveries: 'Notification deliveries',
};

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

function size(bytes: number | null): string {
  if (bytes === null) return '';
  return bytes < 10_000 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} KB`;
}

const cell = (label: string, html: string) => `<td data-label="${label}">${html}</td>`;
const head = (titles: readonly string[]) => `<thead><tr>${titles.map((t) => `<th scope="col">${t}</th>`).join('')}</tr></thead>`;
const whose = (merchantId: string | null) => escapeHtml(merchantId ?? 'every merchant');

function runRows(runs: readonly ReportRun[], operator: boolean): string {
  if (runs.length === 0) return '<p class="muted">No report has been run yet.</p>';
  const titles = ['Report', ...(operator ? ['Merchant'] : []), 'Range (UTC)', 'Asked by', 'State', 'Rows', 'Size', 'File'];
  const rows = runs
    .map((r) => {
      const state = r.state === 'failed' ? `failed: ${escapeHtml(r.error ?? '')}` : r.state === 'done' ? 'done' : `${r.state}…`;
      const file =
        r.state === 'done' && r.fileName
          ? `<a href="/dashboard/reports/${r.id}/download" download>${escapeHtml(r.fileName)}</a>`
          : '<span class="muted">—</span>';
      return `<tr id="run-${r.id}" data-state="${r.state}">${[
        cell('Report', `${escapeHtml(KIND_TITLES[r.kind])} <span class="muted">#${r.id}</span>`),
        ...(operator ? [cell('Merchant', whose(r.merchantId))] : []),
        cell('Range (UTC)', `${dayText(r.from)} to ${dayText(r.to)} <span class="muted">(excl.)</span>`),
        cell('Asked by', `${escapeHtml(r.requestedBy)}<br><span class="muted">${when(r.createdAt)}</span>`),
        cell('State', `<span class="state-${r.state}">${state}</span>`),
        cell('Rows', r.rows === null ? '' : String(r.rows)),
        cell('Size', size(r.bytes)),
        cell('File', file),
      ].join('')}</tr>`;
    })
    .join('');
  return `<table class="log">${head(titles)}<tbody>${rows}</tbody></table>`;
}

export interface ReportsPageView {
  view: ReportsView;
  signedIn: SignedIn;
  /** The run-now form's values. */
  form: { kind: ReportKind; from: Date; to: Date; merchantId: string | null };
  error?: string;
  note?: string;
}

export function reportsPage({ view, signedIn, form, error, note }: ReportsPageView): string {
  const { user, session } = signedIn;
  const operator = user.merchantId === null;
  const csrf = `<input type="hidden" name="csrf" value="${escapeHtml(session.csrfToken)}">`;
  const kindOptions = (chosen: ReportKind) =>
    REPORT_KINDS.map((k) => `<option value="${k}"${k === chosen ? ' selected' : ''}>${KIND_TITLES[k]}</option>`).join('');
  const settings = may(user.role, 'settings');
  const schedules =
    view.schedules.length === 0
      ? '<p class="muted">No scheduled report.</p>'
      : `<table class="log">${head(['Report', ...(operator ? ['Merchant'] : []), 'Every', 'Next run', 'Made by', ...(settings ? ['Remove'] : [])])}<tbody>${view.schedules
          .map(
            (s) =>
              `<tr>${[
                cell('Report', `${escapeHtml(KIND_TITLES[s.kind])} <span class="muted">#${s.id}</span>`),
                ...(operator ? [cell('Merchant', whose(s.merchantId))] : []),
                cell('Every', s.period === 'daily' ? 'day' : s.period === 'weekly' ? 'week (Mon–Sun)' : 'calendar month'),
                cell('Next run', when(s.nextRunAt)),
                cell('Made by', escapeHtml(s.createdBy)),
                ...(settings
                  ? [
                      cell(
                        'Remove',
                        `<form class="inline" method="post" action="/dashboard/reports/schedules/${s.id}/delete">${csrf}<button type="submit" aria-label="Remove schedule #${s.id}">Remove</button></form>`,
                      ),
                    ]
                  : []),
              ].join('')}</tr>`,
          )
          .join('')}</tbody></table>`;
  const scheduleForm = settings
    ? `<form class="row" method="post" action="/dashboard/reports/schedules">${csrf}
<label for="schedule-kind">Report<select id="schedule-kind" name="kind">${kindOptions('payments')}</select></label>
<label for="schedule-period">Every<select id="schedule-period" name="period">${REPORT_PERIODS.map((p) => `<option value="${p}">${p === 'daily' ? 'Day (yesterday’s)' : p === 'weekly' ? 'Week (last Mon–Sun)' : 'Month (last calendar month)'}</option>`).join('')}</select></label>
${merchantSelect('schedule-merchant', view.merchants, null, operator)}
<button class="btn primary" type="submit">Add schedule</button></form>`
    : '<p class="muted">Only an owner of the merchant adds or removes schedules.</p>';
  return dashboardPage({
    title: 'Reports',
    signedIn,
    section: 'reports',
    style: FORM_STYLE,
    body: `<div class="bar"><div><h1>Reports</h1><p class="muted">CSV files of payments, refunds and notification deliveries, for a range of UTC days; kept by walletgate and listed here.</p></div><a href="/dashboard/reports">Refresh</a></div>
${error ? `<p class="alert" role="alert">${escapeHtml(error)}</p>` : ''}${note ? `<p class="note" role="status">${escapeHtml(note)}</p>` : ''}
<section class="card" aria-labelledby="run-now"><h2 id="run-now" style="margin-top:0">Run a report now</h2>
<form class="row" method="post" action="/dashboard/reports">${csrf}
<label for="kind">Report<select id="kind" name="kind">${kindOptions(form.kind)}</select></label>
<label for="from">From (UTC, included)<input id="from" name="from" type="date" required value="${dayText(form.from)}"></label>
<label for="to">To (UTC, not included)<input id="to" name="to" type="date" required value="${dayText(form.to)}"></label>
${merchantSelect('merchant', view.merchants, form.merchantId, operator)}
<button class="btn primary" type="submit">Run report</button></form></section>
<section class="card" aria-labelledby="runs" style="margin-top:16px"><h2 id="runs" style="margin-top:0">Reports run</h2>
<p class="muted">The newest 50. A report runs in the background: refresh to see it finish.</p>${runRows(view.runs, operator)}</section>
<section class="card" aria-labelledby="schedules" style="margin-top:16px"><h2 id="schedules" style="margin-top:0">Scheduled reports</h2>
<p class="muted">Each runs after its period ends (UTC) and reports that whole period.</p>${schedules}${scheduleForm}</section>`,
  });
}
