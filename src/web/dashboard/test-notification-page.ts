/**
 * What became of a test notification (ADR 0026): the outbox row and its delivery attempts, which are
 * the truth. Delivery is asynchronous, so a pending row says so and links to itself to look again.
 */
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import type { NotificationDelivery } from '../../core/dashboard/view-notification-delivery.js';
import { escapeHtml } from '../page-layout.js';
import { dashboardPage } from './dashboard-layout.js';

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

const STATUS_WORDS = {
  pending: 'Pending: not delivered yet.',
  delivered: 'Delivered: the merchant’s server acknowledged it.',
  failed: 'Failed: walletgate stopped trying.',
} as const;

export function testNotificationPage(signedIn: SignedIn, merchantId: string, found: NotificationDelivery): string {
  const { notification: n, attempts } = found;
  const self = `/dashboard/settings/test-notification/${n.id}?merchant=${encodeURIComponent(merchantId)}`;
  const rows = attempts
    .map(
      (a) =>
        `<tr><td data-label="Attempt">${a.attempt}</td><td data-label="When" class="when">${escapeHtml(when(a.at))}</td><td data-label="Answer">${a.statusCode ?? '—'}</td><td data-label="Error">${escapeHtml(a.error ?? '')}</td></tr>`,
    )
    .join('');
  const attemptsTable =
    attempts.length === 0
      ? '<p class="muted">No attempt yet.</p>'
      : `<table class="log"><thead><tr><th scope="col">Attempt</th><th scope="col">When</th><th scope="col">Answer</th><th scope="col">Error</th></tr></thead><tbody>${rows}</tbody></table>`;
  return dashboardPage({
    title: 'Test notification',
    signedIn,
    section: 'settings',
    body: `<section class="card" aria-labelledby="title"><h1 id="title">Test notification #${n.id}</h1>
<p class="${n.status === 'failed' ? 'alert' : 'note'}" role="status" id="delivery-status" data-status="${n.status}">${STATUS_WORDS[n.status]}</p>
<p>Event <code>${escapeHtml(n.event)}</code> to <code>${escapeHtml(n.url)}</code></p>
${n.status === 'pending' ? `<p><a href="${escapeHtml(self)}" id="refresh">Refresh</a> to see the delivery (it is sent in the background, and retried if your server does not acknowledge it).</p>` : ''}
<h2>Attempts</h2>${attemptsTable}
<p style="margin-top:16px"><a href="/dashboard/settings?merchant=${encodeURIComponent(merchantId)}">Back to the settings</a></p></section>`,
  });
}
