/**
 * The analytics page (ADR 0025): for a range of UTC days, tables (the source of truth, readable
 * without scripts or by a screen reader) of payments created and paid, conversion, paid volume and
 * refund rate, per currency, by day, by method and by API; and the same drawn by chart.js into
 * labelled canvases, from a JSON data element escaped so no text in it can end the element.
 */
import { escapeHtml } from '../page-layout.js';
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import type { Merchant } from '../../core/model.js';
import type { PaymentAggregate } from '../../core/ports/report-store.js';
import { decimalAmount } from '../../core/reports/report-csv.js';
import { conversionRate, refundRate, type AnalyticsView } from '../../core/reports/view-analytics.js';
import { dashboardPage } from './dashboard-layout.js';
import { ANALYTICS_SCRIPT_PATH, CHART_SCRIPT_PATH } from './dashboard-assets.js';
import { dayText, FORM_STYLE, merchantSelect } from './report-form-fields.js';

interface ChartSpec {
  id: string;
  type: 'bar' | 'line';
  /** The values are counts: whole-number ticks. */
  counts: boolean;
  labels: string[];
  datasets: { label: string; data: number[] }[];
}

/** JSON safe inside a <script> element: no `<`, `>`, `&` or line separators as themselves. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const percent = (r: number) => `${(r * 100).toFixed(1)}%`;
const cell = (label: string, html: string) => `<td data-label="${label}">${html}</td>`;

function table(caption: string, keyTitle: string, rows: readonly PaymentAggregate[], keyText: (k: string) => string): string {
  if (rows.length === 0) return `<p class="muted">${escapeHtml(caption)}: no payment in this range.</p>`;
  const titles = [keyTitle, 'Currency', 'Created', 'Paid', 'Conversion', 'Paid volume', 'Refunded', 'Refund rate'];
  return `<table class="log"><caption class="muted" style="text-align:left">${escapeHtml(caption)}</caption><thead><tr>${titles
    .map((t) => `<th scope="col">${t}</th>`)
    .join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${[
          cell(keyTitle, escapeHtml(keyText(r.key))),
          cell('Currency', escapeHtml(r.currency)),
          cell('Created', String(r.created)),
          cell('Paid', String(r.paid)),
          cell('Conversion', percent(conversionRate(r))),
          cell('Paid volume', `${decimalAmount(r.paidAmount, r.currency)} ${escapeHtml(r.currency)}`),
          cell('Refunded', `${decimalAmount(r.refundedAmount, r.currency)} ${escapeHtml(r.currency)}`),
          cell('Refund rate', percent(refundRate(r))),
        ].join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

/** Counts summed over currencies (a count may be added; an amount never across currencies). */
function countsBy(id: string, rows: readonly PaymentAggregate[], label: (k: string) => string): ChartSpec {
  const keys = [...new Set(rows.map((r) => r.key))];
  const sum = (k: string, f: 'created' | 'paid') => rows.filter((r) => r.key === k).reduce((n, r) => n + r[f], 0);
  return {
    id,
    type: 'bar',
    counts: true,
    labels: keys.map(label),
    datasets: [
      { label: 'Created', data: keys.map((k) => sum(k, 'created')) },
      { label: 'Paid', data: keys.map((k) => sum(k, 'paid')) },
    ],
  };
}

function charts(v: AnalyticsView, dialectTitle: (id: string) => string): ChartSpec[] {
  const specs: ChartSpec[] = [];
  specs.push(countsBy('chart-count-by-day', v.byDay, (k) => k));
  const days = [...new Set(v.byDay.map((r) => r.key))];
  for (const currency of [...new Set(v.byDay.map((r) => r.currency))].sort()) {
    const major = (minor: number) => Number(decimalAmount(minor, currency));
    const of = (day: string) => v.byDay.find((r) => r.key === day && r.currency === currency);
    specs.push({
      id: `chart-volume-${currency}`,
      type: 'line',
      counts: false,
      labels: days,
      datasets: [
        { label: `Paid volume (${currency})`, data: days.map((d) => major(of(d)?.paidAmount ?? 0)) },
        { label: `Refunded (${currency})`, data: days.map((d) => major(of(d)?.refundedAmount ?? 0)) },
      ],
    });
  }
  specs.push(countsBy('chart-by-method', v.byMethod, (k) => k));
  specs.push(countsBy('chart-by-api', v.byDialect, dialectTitle));
  return specs;
}

const CHART_TITLES: Record<string, string> = {
  'chart-count-by-day': 'Payments created and paid by day',
  'chart-by-method': 'Payments created and paid by method',
  'chart-by-api': 'Payments created and paid by API',
};

export function analyticsPage(opts: {
  view: AnalyticsView;
  signedIn: SignedIn;
  merchants: readonly Merchant[];
  dialectTitle: (id: string) => string;
}): string {
  const { view, signedIn, merchants, dialectTitle } = opts;
  const operator = signedIn.user.merchantId === null;
  const specs = charts(view, dialectTitle);
  const canvases = specs
    .map((s) => {
      const title = CHART_TITLES[s.id] ?? `Paid and refunded volume by day, ${s.id.slice('chart-volume-'.length)}`;
      return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption><div class="plot"><canvas id="${escapeHtml(s.id)}" role="img" aria-label="${escapeHtml(`${title}; the tables below give the numbers`)}"></canvas></div></figure>`;
    })
    .join('');
  const empty = view.totals.length === 0;
  return dashboardPage({
    title: 'Analytics',
    signedIn,
    section: 'analytics',
    style: `${FORM_STYLE}figure.chart{margin:0;min-width:0}figure.chart figcaption{font-weight:600;font-size:14px;margin-bottom:6px}.plot{position:relative;height:240px}`,
    scripts: empty ? [] : [CHART_SCRIPT_PATH, ANALYTICS_SCRIPT_PATH],
    body: `<div class="bar"><div><h1>Analytics</h1><p class="muted">Payments created from ${dayText(view.from)} to ${dayText(view.to)} (UTC, end not included)${operator ? `, ${escapeHtml(view.merchantId ?? 'every merchant')}` : ''}. Amounts are per currency and never added across currencies. Conversion: paid ÷ created. Refund rate: refunded ÷ paid volume.</p></div></div>
<section class="card" aria-labelledby="range"><h2 id="range" style="margin-top:0">Range</h2>
<form class="row" method="get" action="/dashboard/analytics">
<label for="from">From (UTC, included)<input id="from" name="from" type="date" required value="${dayText(view.from)}"></label>
<label for="to">To (UTC, not included)<input id="to" name="to" type="date" required value="${dayText(view.to)}"></label>
${merchantSelect('merchant', merchants, view.merchantId, operator)}
<button class="btn primary" type="submit">Show</button></form></section>
<section class="card" aria-labelledby="totals" style="margin-top:16px"><h2 id="totals" style="margin-top:0">Totals</h2>
${table('Totals by currency', 'Range', view.totals, () => 'whole range')}</section>
${
  empty
    ? ''
    : `<section class="card" aria-labelledby="charts" style="margin-top:16px"><h2 id="charts" style="margin-top:0">Charts</h2><div class="grid">${canvases}</div>
<script type="application/json" id="analytics-data">${scriptJson({ charts: specs })}</script></section>`
}
<section class="card" aria-labelledby="by-day" style="margin-top:16px"><h2 id="by-day" style="margin-top:0">By day</h2>${table('By UTC day and currency', 'Day', view.byDay, (k) => k)}</section>
<section class="card" aria-labelledby="by-method" style="margin-top:16px"><h2 id="by-method" style="margin-top:0">By method</h2>${table('By method and currency', 'Method', view.byMethod, (k) => k)}</section>
<section class="card" aria-labelledby="by-api" style="margin-top:16px"><h2 id="by-api" style="margin-top:0">By API</h2>${table('By API and currency', 'API', view.byDialect, dialectTitle)}</section>`,
  });
}
