/** The dashboard's sign-in and change-password pages: labelled fields, errors announced (role=alert), a phone and a desktop alike. */
import { escapeHtml, page } from '../page-layout.js';
import { PASSWORD_MIN_LENGTH } from '../../core/dashboard/dashboard-policy.js';
import { DASHBOARD_STYLE } from './dashboard-style.js';

function messages(opts: { error?: string | undefined; note?: string | undefined }): string {
  return (
    (opts.error ? `<p class="alert" role="alert">${escapeHtml(opts.error)}</p>` : '') +
    (opts.note ? `<p class="note" role="status">${escapeHtml(opts.note)}</p>` : '')
  );
}

export function signInPage(opts: { token: string; email?: string; error?: string | undefined; note?: string | undefined }): string {
  return page(
    'Sign in to the dashboard',
    `<section class="card narrow" aria-labelledby="title">
<h1 id="title">Sign in</h1>
<p class="muted">walletgate merchant dashboard</p>${messages(opts)}
<form class="stack" method="post" action="/dashboard/login">
<input type="hidden" name="csrf" value="${escapeHtml(opts.token)}">
<label for="email">E-mail<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(opts.email ?? '')}"${opts.email ? '' : ' autofocus'}></label>
<label for="password">Password<input id="password" name="password" type="password" autocomplete="current-password" required${opts.email ? ' autofocus' : ''}></label>
<button class="btn primary" type="submit">Sign in</button>
</form>
<p class="muted" style="margin-top:16px;font-size:14px">No password yet, or lost it? Whoever runs walletgate gives you a one-time one: <code>walletgate user reset &lt;your e-mail&gt;</code>.</p>
</section>`,
    { style: DASHBOARD_STYLE },
  );
}

export function changePasswordPage(opts: { csrf: string; email: string; required: boolean; error?: string | undefined }): string {
  return page(
    'Choose your password',
    `<section class="card narrow" aria-labelledby="title">
<h1 id="title">Choose your password</h1>
<p class="muted">${opts.required ? 'You signed in with a one-time password. Choose your own to go on.' : 'Change the password you sign in with.'}</p>${messages(opts)}
<form class="stack" method="post" action="/dashboard/password">
<input type="hidden" name="csrf" value="${escapeHtml(opts.csrf)}">
<input type="hidden" name="email" value="${escapeHtml(opts.email)}" autocomplete="username">
<label for="current">Current password<span class="hint">${opts.required ? 'the one-time password you just used' : ''}</span><input id="current" name="current" type="password" autocomplete="current-password" required></label>
<label for="next">New password<span class="hint">at least ${PASSWORD_MIN_LENGTH} characters</span><input id="next" name="next" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}" required></label>
<label for="repeated">New password again<input id="repeated" name="repeated" type="password" autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}" required></label>
<button class="btn primary" type="submit">Save password</button>
</form>
<form method="post" action="/dashboard/logout"><input type="hidden" name="csrf" value="${escapeHtml(opts.csrf)}"><button class="btn ghost" type="submit">Sign out</button></form>
</section>`,
    { style: DASHBOARD_STYLE },
  );
}

/** A refusal as a page (a form from elsewhere, an expired form, an error), with the way back. */
export function dashboardMessagePage(title: string, message: string): string {
  return page(
    title,
    `<section class="card narrow" aria-labelledby="title"><h1 id="title">${escapeHtml(title)}</h1><p class="alert" role="alert">${escapeHtml(message)}</p>
<p style="margin-top:16px"><a href="/dashboard">Back to the dashboard</a></p></section>`,
    { style: DASHBOARD_STYLE },
  );
}

/** A request refused before any dashboard route ran (a malformed URL, a NUL character): a page, like every dashboard answer. */
export function dashboardRefusal(status: number, message: string): { status: number; body: string; headers: Record<string, string> } {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: dashboardMessagePage('Not understood', message),
  };
}
