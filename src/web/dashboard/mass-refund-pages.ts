/**
 * Mass refunds' pages (ADR 0024): the section's page (the file's columns, the upload form, the
 * batches) and a batch's page (its rows as validated, then its progress, refreshing itself while it
 * runs, and its result file).
 */
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import type { RefundBatchView } from '../../core/dashboard/view-refund-batch.js';
import type { RefundBatch } from '../../core/ports/refund-batch-store.js';
import { escapeHtml } from '../page-layout.js';
import { dashboardPage } from './dashboard-layout.js';
import { MAX_ROWS } from './refund-batch-csv.js';
import { REFUND_STYLE } from './refund-style.js';

const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '');
const csrfField = (s: SignedIn) => `<input type="hidden" name="csrf" value="${escapeHtml(s.session.csrfToken)}">`;

const COLUMNS_DOC = `<h3 style="font-size:16px;margin:8px 0">The file’s columns</h3><dl class="columns">
<dt><code>payment</code></dt><dd>The payment: your own reference for it, or any of its ids — walletgate’s number (<code>4938078</code>), an Adyen pspReference, a Checkout.com <code>pay_…</code> id.</dd>
<dt><code>amount</code></dt><dd>The refund, in the currency’s units with a dot (<code>10.50</code>, <code>15000</code>); empty: everything left to refund.</dd>
<dt><code>currency</code></dt><dd>The payment’s currency (<code>KRW</code>): a row in another is refused.</dd>
<dt><code>reason</code></dt><dd>Optional: why, kept with the refund (at most 255 characters).</dd></dl>
<p class="hint">UTF-8, comma-separated, one header line naming the columns, at most ${MAX_ROWS.toLocaleString('en-US')} rows and 5 MB; one row per payment. Every row is checked before anything is refunded. The same file uploaded again is recognised and refunds nothing twice.</p>`;

function batchList(batches: RefundBatch[], operator: boolean): string {
  if (batches.length === 0) return '<p class="muted">No batch yet.</p>';
  return `<table class="log"><thead><tr><th scope="col">Batch</th>${operator ? '<th scope="col">Merchant</th>' : ''}<th scope="col">File</th><th scope="col">Rows</th><th scope="col">Valid</th><th scope="col">State</th><th scope="col">Uploaded</th></tr></thead><tbody>${batches
    .map(
      (b) =>
        `<tr><td data-label="Batch"><a href="/dashboard/mass-refunds/${b.id}">Batch ${b.id}</a></td>${operator ? `<td data-label="Merchant">${escapeHtml(b.merchantId)}</td>` : ''}<td data-label="File">${escapeHtml(b.fileName)}</td><td data-label="Rows">${b.rowsTotal}</td><td data-label="Valid">${b.rowsValid}</td><td data-label="State">${b.state}</td><td data-label="Uploaded">${when(b.createdAt)} · ${escapeHtml(b.uploadedBy)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

export function massRefundsPage(signedIn: SignedIn, batches: RefundBatch[], mayRefund: boolean, error?: string): string {
  const operator = signedIn.user.merchantId === null;
  const alert = error ? `<p class="alert" role="alert">${error}</p>` : '';
  const upload = mayRefund
    ? `<form class="stack" method="post" action="/dashboard/mass-refunds" enctype="multipart/form-data">${csrfField(signedIn)}
${operator ? '<label for="merchant">Merchant <span class="hint">Its id: the refunds are this merchant’s.</span><input type="text" id="merchant" name="merchant" required></label>' : ''}
<label for="file">CSV file<input type="file" id="file" name="file" accept=".csv,text/csv" required></label>
<div class="actions"><button class="btn primary" type="submit">Upload and check</button></div></form>`
    : '<p class="muted">Your role may not refund: you see the batches only.</p>';
  return dashboardPage({
    title: 'Mass refunds',
    signedIn,
    section: 'refunds',
    style: REFUND_STYLE,
    body: `<div class="bar"><div><h1>Mass refunds</h1><p class="muted">Refund many payments from one CSV file: upload it, check every row, submit, follow the progress, download the result.</p></div></div>
<section class="card" aria-labelledby="upload"><h2 id="upload" style="margin-top:0">Upload a file</h2>${alert}${COLUMNS_DOC}${upload}</section>
<section class="card" aria-labelledby="batches" style="margin-top:16px"><h2 id="batches" style="margin-top:0">Batches</h2>${batchList(batches, operator)}</section>`,
  });
}

export const ROWS_SHOWN = 200;

export function refundBatchPage(view: RefundBatchView, signedIn: SignedIn, mayRefund: boolean, after: number, note?: string): string {
  const { batch, counts, rows } = view;
  const finished = counts.refunded + counts.failed;
  const remaining = counts.pending + counts.working;
  const valid = batch.rowsValid;
  const state =
    batch.state === 'validated'
      ? `<p><b>${valid}</b> of ${batch.rowsTotal} rows are valid; <b>${counts.invalid}</b> are not and will be left out. Nothing has been refunded yet.</p>
${mayRefund && valid > 0 ? `<form method="post" action="/dashboard/mass-refunds/${batch.id}/submit" class="actions">${csrfField(signedIn)}<button class="btn primary" type="submit">Refund the ${valid} valid rows</button></form>` : ''}`
      : `<p id="progress" data-state="${batch.state}" role="status"><b>${batch.state === 'done' ? 'Done' : 'Running'}</b>: ${counts.refunded} refunded, ${counts.failed} failed, ${remaining} remaining (of ${valid}).</p>
<progress max="${Math.max(valid, 1)}" value="${finished}" aria-label="Rows finished">${finished} of ${valid}</progress>
${batch.state === 'running' ? '<p class="hint">This page refreshes itself every 2 seconds.</p>' : ''}`;
  const table = `<table class="log"><thead><tr><th scope="col">Row</th><th scope="col">Payment</th><th scope="col">Amount</th><th scope="col">Currency</th><th scope="col">State</th><th scope="col">Message</th></tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr><td data-label="Row">${r.row}</td><td data-label="Payment">${escapeHtml(r.paymentText)}</td><td data-label="Amount" class="num">${escapeHtml(r.amountText || 'all left')}</td><td data-label="Currency">${escapeHtml(r.currency)}</td><td data-label="State" class="state-${r.state}">${r.state}</td><td data-label="Message">${escapeHtml(r.message ?? '')}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  const last = rows.at(-1)?.row;
  const paging = [
    after > 0 ? `<a href="/dashboard/mass-refunds/${batch.id}">First rows</a>` : '',
    rows.length === ROWS_SHOWN && last !== undefined
      ? `<a href="/dashboard/mass-refunds/${batch.id}?after=${last}">Next ${ROWS_SHOWN} rows</a>`
      : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const self = `/dashboard/mass-refunds/${batch.id}${after > 0 ? `?after=${after}` : ''}`;
  return dashboardPage({
    title: `Mass refund batch ${batch.id}`,
    signedIn,
    section: 'refunds',
    style: REFUND_STYLE,
    ...(batch.state === 'running' ? { moveOn: { url: self, seconds: 2 } } : {}),
    body: `<div class="bar"><div><h1>Batch ${batch.id}</h1><p class="muted">${escapeHtml(batch.fileName)} · ${escapeHtml(batch.merchantId)} · uploaded ${when(batch.createdAt)} by ${escapeHtml(batch.uploadedBy)}</p></div>
<div class="actions"><a href="/dashboard/mass-refunds">All batches</a><a class="btn ghost" href="/dashboard/mass-refunds/${batch.id}/result.csv" download>${batch.state === 'validated' ? 'Download the checked rows (CSV)' : 'Download the result (CSV)'}</a></div></div>
${note ? `<p class="note" role="status">${escapeHtml(note)}</p>` : ''}
<section class="card" aria-labelledby="state"><h2 id="state" style="margin-top:0">${batch.state === 'validated' ? 'Checked' : 'Progress'}</h2>${state}</section>
<section class="card" aria-labelledby="rows" style="margin-top:16px"><h2 id="rows" style="margin-top:0">Rows</h2>${table}${paging ? `<p>${paging}</p>` : ''}</section>`,
  });
}
