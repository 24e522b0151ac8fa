/**
 * The TOTP pages (ADR 0026): the sign-in's code step (narrow, like the sign-in page) and the
 * signed-in user's own security page — enrol (QR code and the secret as text), confirm, switch off.
 */
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import type { SecurityView } from '../../core/dashboard/view-security.js';
import { escapeHtml, page } from '../page-layout.js';
import { dashboardPage } from './dashboard-layout.js';
import { DASHBOARD_STYLE } from './dashboard-style.js';

const CODE_FIELD = (id: string) =>
  `<label for="${id}">Code from your authenticator app<span class="hint">6 digits</span><input id="${id}" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required></label>`;
const STYLE = 'input[type=text]{font:inherit;padding:12px 14px;border:1px solid #c9ced6;border-radius:10px;background:#fff;width:100%}';

function alert(error: string | undefined): string {
  return error ? `<p class="alert" role="alert">${escapeHtml(error)}</p>` : '';
}

export function signInCodePage(opts: { token: string; error?: string }): string {
  return page(
    'Your sign-in code',
    `<section class="card narrow" aria-labelledby="title">
<h1 id="title">Your sign-in code</h1>
<p class="muted">Your password was right. Now the code your authenticator app shows for walletgate.</p>${alert(opts.error)}
<form class="stack" method="post" action="/dashboard/login/code">
<input type="hidden" name="csrf" value="${escapeHtml(opts.token)}">
${CODE_FIELD('code')}
<button class="btn primary" type="submit">Sign in</button>
</form>
<p style="margin-top:16px"><a href="/dashboard/login">Start again</a></p>
</section>`,
    { style: DASHBOARD_STYLE + STYLE },
  );
}

export function securityPage(signedIn: SignedIn, view: SecurityView, opts: { qrSvg?: string; error?: string; note?: string }): string {
  const csrf = `<input type="hidden" name="csrf" value="${escapeHtml(signedIn.session.csrfToken)}">`;
  let body: string;
  if (view.on) {
    body = `<p class="note" role="status">Two-step sign-in is <b>on</b> since ${escapeHtml(view.since.toISOString().slice(0, 10))}: each sign-in asks for a code from your app after the password.</p>
<h2>Switch it off</h2><form class="stack" method="post" action="/dashboard/settings/security/totp/disable">${csrf}${CODE_FIELD('off-code')}<button class="btn ghost" type="submit">Switch two-step sign-in off</button></form>`;
  } else if (view.enrolment) {
    body = `<p>Scan this code with your authenticator app (or type the key), then enter the code it shows to switch two-step sign-in on.</p>
<div class="qr" role="img" aria-label="QR code of your walletgate authenticator key">${opts.qrSvg ?? ''}</div>
<p><b>Key</b> <code id="totp-secret">${escapeHtml(view.enrolment.secret)}</code></p>
<form class="stack" method="post" action="/dashboard/settings/security/totp/confirm">${csrf}${CODE_FIELD('enrol-code')}<button class="btn primary" type="submit">Switch two-step sign-in on</button></form>`;
  } else {
    body = `<p>Two-step sign-in is <b>off</b>. With it on, each sign-in also asks for a code from an authenticator app on your phone.</p>
<form method="post" action="/dashboard/settings/security/totp/start">${csrf}<button class="btn primary" type="submit">Set up two-step sign-in</button></form>`;
  }
  return dashboardPage({
    title: 'Sign-in security',
    signedIn,
    section: 'settings',
    style: `${STYLE}.qr svg{width:220px;height:220px;display:block;margin:12px 0}`,
    body: `<section class="card" aria-labelledby="title"><h1 id="title">Sign-in security</h1>
<p class="muted">${escapeHtml(signedIn.user.email)} · <a href="/dashboard/password">Change your password</a></p>
${alert(opts.error)}${opts.note ? `<p class="note" role="status">${escapeHtml(opts.note)}</p>` : ''}${body}</section>`,
  });
}
