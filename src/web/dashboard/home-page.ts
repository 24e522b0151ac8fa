/**
 * The signed-in home: who is signed in and as what, the merchant (an operator: every merchant), its
 * users, and its newest audit entries. Only what exists; nothing is shown that is not real data.
 */
import { escapeHtml } from '../page-layout.js';
import { ROLE_MEANING } from '../../core/dashboard/dashboard-policy.js';
import { AUDIT_SHOWN, type DashboardHome } from '../../core/dashboard/view-dashboard-home.js';
import type { AuditEntry } from '../../core/ports/dashboard-store.js';
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import { dashboardPage } from './dashboard-layout.js';

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

function auditRows(entries: AuditEntry[], withMerchant: boolean): string {
  if (entries.length === 0) return '<p class="muted">Nothing recorded yet.</p>';
  const head = ['When', ...(withMerchant ? ['Merchant'] : []), 'Who', 'What', 'Subject', 'From'];
  const rows = entries
    .map((e) => {
      const cells = [
        ['When', when(e.createdAt), 'when'],
        ...(withMerchant ? [['Merchant', e.merchantId ?? 'walletgate', '']] : []),
        ['Who', e.actor, ''],
        ['What', e.action, ''],
        ['Subject', e.subject, ''],
        ['From', e.ip ?? (e.actor === 'cli' ? 'command line' : e.actor), ''],
      ];
      return `<tr>${cells.map(([label, value, cls]) => `<td data-label="${label}"${cls ? ` class="${cls}"` : ''}>${escapeHtml(value!)}</td>`).join('')}</tr>`;
    })
    .join('');
  return `<table class="log"><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function dashboardHomePage(home: DashboardHome, signedIn: SignedIn): string {
  const { user, merchant, merchants, users, audit } = home;
  const operator = user.merchantId === null;
  const whose = operator
    ? 'every merchant'
    : `${escapeHtml(merchant?.name ?? user.merchantId ?? '')} <span class="muted">(${escapeHtml(user.merchantId ?? '')})</span>`;
  const merchantList = operator
    ? `<section class="card" aria-labelledby="merchants" style="margin-top:16px"><h2 id="merchants" style="margin-top:0">Merchants</h2>
<table class="log"><thead><tr><th scope="col">ID</th><th scope="col">Name</th></tr></thead><tbody>${merchants
        .map((m) => `<tr><td data-label="ID"><code>${escapeHtml(m.id)}</code></td><td data-label="Name">${escapeHtml(m.name)}</td></tr>`)
        .join('')}</tbody></table></section>`
    : '';
  return dashboardPage({
    title: 'Dashboard',
    signedIn,
    section: 'home',
    body: `<div class="bar"><div><h1>Overview</h1><p>Signed in as <b>${escapeHtml(user.email)}</b> · <span class="role">${escapeHtml(user.role)}</span> of ${whose}</p></div></div>
<section class="card" aria-labelledby="access"><h2 id="access" style="margin-top:0">Your access</h2><p>As <b>${escapeHtml(user.role)}</b> you may ${escapeHtml(ROLE_MEANING[user.role])}.</p>
<p><a href="/dashboard/payments">Find a payment</a> · <a href="/dashboard/mass-refunds">Mass refunds</a> · <a href="/dashboard/reports">Reports</a> · <a href="/dashboard/analytics">Analytics</a></p>
<p><a href="/dashboard/password">Change your password</a> · <a href="/dashboard/settings/security">Two-step sign-in</a></p></section>
${merchantList}
<section class="card" aria-labelledby="users" style="margin-top:16px"><h2 id="users" style="margin-top:0">Users</h2>
<table class="log"><thead><tr><th scope="col">E-mail</th>${operator ? '<th scope="col">Merchant</th>' : ''}<th scope="col">Role</th></tr></thead><tbody>${users
      .map(
        (u) =>
          `<tr><td data-label="E-mail">${escapeHtml(u.email)}</td>${operator ? `<td data-label="Merchant">${escapeHtml(u.merchantId ?? 'all')}</td>` : ''}<td data-label="Role">${escapeHtml(u.role)}</td></tr>`,
      )
      .join('')}</tbody></table></section>
<section class="card" aria-labelledby="audit" style="margin-top:16px"><h2 id="audit" style="margin-top:0">Audit log</h2>
<p class="muted">The newest ${AUDIT_SHOWN} changes${operator ? ' across walletgate' : ''}: who, what, when and from where.</p>
${auditRows(audit, operator)}</section>`,
  });
}
