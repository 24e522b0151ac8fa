/**
 * The Data API page (ADR 0023): the merchant's read-only tokens, a form to make one (its secret is
 * shown once, on the answer to that form), a revoke button per token, and a curl example.
 */
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import type { DataApiToken } from '../../core/ports/data-api-store.js';
import { escapeHtml } from '../page-layout.js';
import { dashboardPage } from './dashboard-layout.js';
import { when } from './payments-page.js';

export interface DataApiPageView {
  signedIn: SignedIn;
  tokens: readonly DataApiToken[];
  /** Where the gateway answers, for the example: "http://127.0.0.1:8080". */
  base: string;
  /** A token just made: its secret, shown this once. */
  made?: { token: DataApiToken; secret: string };
  error?: string;
  note?: string;
}

const STYLE = `form.token{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;align-items:end}
form.token input{font:inherit;padding:8px 10px;border:1px solid #c9ced6;border-radius:8px;background:#fff;width:100%}
button.act{font:inherit;font-weight:600;padding:8px 14px;border-radius:8px;border:0;background:var(--ink);color:#fff;cursor:pointer}
button.revoke{background:#fff;color:var(--bad);border:1px solid var(--bad)}td form{margin:0}`;

function tokenRows(v: DataApiPageView, operator: boolean): string {
  if (v.tokens.length === 0) return '<p class="muted">No tokens yet.</p>';
  const csrf = escapeHtml(v.signedIn.session.csrfToken);
  const head = ['Name', ...(operator ? ['Merchant'] : []), 'Made', 'Last used', 'State', ''];
  const rows = v.tokens
    .map((t) => {
      const state = t.revokedAt ? `revoked ${escapeHtml(when(t.revokedAt))}` : 'active';
      const action = t.revokedAt
        ? ''
        : `<form method="post" action="/dashboard/data-api/tokens/${t.id}/revoke"><input type="hidden" name="csrf" value="${csrf}"><button class="act revoke" type="submit" aria-label="Revoke ${escapeHtml(t.name)}">Revoke</button></form>`;
      const cells: [string, string][] = [
        ['Name', escapeHtml(t.name)],
        ...(operator ? [['Merchant', escapeHtml(t.merchantId)] as [string, string]] : []),
        ['Made', escapeHtml(when(t.createdAt))],
        ['Last used', t.lastUsedAt ? escapeHtml(when(t.lastUsedAt)) : '<span class="muted">never</span>'],
        ['State', state],
        ['Action', action],
      ];
      return `<tr>${cells.map(([label, html]) => `<td data-label="${label}">${html}</td>`).join('')}</tr>`;
    })
    .join('');
  return `<table class="log"><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function dataApiPage(v: DataApiPageView): string {
  const operator = v.signedIn.user.merchantId === null;
  const csrf = escapeHtml(v.signedIn.session.csrfToken);
  const example = `curl -H "Authorization: Bearer ${v.made ? v.made.secret : '$WALLETGATE_DATA_TOKEN'}" \\\n  "${v.base}/dashboard/api/v1/payments?status=succeeded&limit=50"`;
  const made = v.made
    ? `<div class="note" role="status"><p><b>Token “${escapeHtml(v.made.token.name)}” made.</b> Copy its secret now: walletgate keeps only its hash and cannot show it again.</p><pre>${escapeHtml(v.made.secret)}</pre></div>`
    : '';
  const error = v.error ? `<div class="alert" role="alert">${escapeHtml(v.error)}</div>` : '';
  const note = v.note ? `<div class="note" role="status">${escapeHtml(v.note)}</div>` : '';
  return dashboardPage({
    title: 'Data API',
    signedIn: v.signedIn,
    section: 'data-api',
    style: STYLE,
    body: `<div class="bar"><div><h1>Data API</h1><p class="muted">Read-only JSON: payments with their refunds and operations, with the list’s filters and cursor paging. Described in OpenAPI (docs/openapi/dashboard-data-api.yaml).</p></div></div>
${made}${error}${note}
<section class="card" aria-labelledby="new-token"><h2 id="new-token" style="margin-top:0">New token</h2>
<form class="token" method="post" action="/dashboard/data-api/tokens"><input type="hidden" name="csrf" value="${csrf}">
<label for="token-name">Name<input id="token-name" name="name" maxlength="100" required></label>
${operator ? '<label for="token-merchant">Merchant id<input id="token-merchant" name="merchant" required></label>' : ''}
<button class="act" type="submit">Make token</button></form></section>
<section class="card" aria-labelledby="tokens" style="margin-top:16px"><h2 id="tokens" style="margin-top:0">Tokens</h2>${tokenRows(v, operator)}</section>
<section class="card" aria-labelledby="example" style="margin-top:16px"><h2 id="example" style="margin-top:0">Try it</h2><pre>${escapeHtml(example)}</pre></section>`,
  });
}
