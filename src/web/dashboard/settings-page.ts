/**
 * The settings pages (ADR 0026): a merchant's notification URLs per API, its keys (never a secret,
 * except once on the page that made it), its users, and a test notification per API. Forms are
 * labelled, tables have column headers and collapse into rows on a phone (table.log).
 */
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import type { MerchantSettings } from '../../core/dashboard/view-settings.js';
import { MERCHANT_ROLES } from '../../core/dashboard/change-user-role.js';
import { NOTIFY_URL_MAX_LENGTH } from '../../core/dashboard/set-api-notify-url.js';
import { escapeHtml } from '../page-layout.js';
import { dashboardPage } from './dashboard-layout.js';

/** What the page needs to know of an API (from the dialect registry). */
export interface ApiInfo {
  id: string;
  title: string;
  /** Its notifications are signed with a signing key (one can be created). */
  signs: boolean;
  keyIdMeaning: string;
}

export const OVERLAP_CHOICES = [
  { value: '1h', label: '1 hour', ms: 60 * 60_000 },
  { value: '24h', label: '24 hours', ms: 24 * 60 * 60_000 },
  { value: '7d', label: '7 days', ms: 7 * 24 * 60 * 60_000 },
] as const;

const STYLE = `
input[type=url],input[type=text],select{font:inherit;padding:10px 12px;border:1px solid #c9ced6;border-radius:10px;background:#fff;width:100%}
form.row{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin:8px 0}form.row label{flex:1 1 220px}
form.inline{display:inline-flex;gap:6px;align-items:center;margin:2px 6px 2px 0}form.inline select{width:auto;padding:6px 8px}
button.small{font:inherit;font-size:14px;padding:8px 12px;border-radius:8px;border:1px solid var(--line);background:#fff;cursor:pointer}
button.small.danger{color:var(--bad)}button.small.go{background:var(--ink);color:#fff;border-color:var(--ink)}
section.card{margin-top:16px}section.card h2{margin-top:0}code.secret{display:block;font-size:16px;padding:12px;background:#f4f5f7;border-radius:8px;word-break:break-all;user-select:all}
`;

const when = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

function formStart(action: string, csrf: string, merchantId: string, cls = 'row'): string {
  return `<form class="${cls}" method="post" action="${escapeHtml(action)}">${hidden('csrf', csrf)}${hidden('merchant', merchantId)}`;
}

function table(head: string[], rows: string[][]): string {
  const body = rows
    .map((cells) => `<tr>${cells.map((c, i) => `<td data-label="${escapeHtml(head[i] ?? '')}">${c}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="log"><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;
}

function messages(view: { error?: string | undefined; note?: string | undefined }): string {
  return (
    (view.error ? `<p class="alert" role="alert">${escapeHtml(view.error)}</p>` : '') +
    (view.note ? `<p class="note" role="status">${escapeHtml(view.note)}</p>` : '')
  );
}

export interface SettingsView {
  settings: MerchantSettings;
  apis: readonly ApiInfo[];
  now: Date;
  error?: string | undefined;
  note?: string | undefined;
}

function notifyUrlSection(view: SettingsView, csrf: string): string {
  const { merchant, apiUrls } = view.settings;
  const fallback = merchant.notifyUrl
    ? `the merchant's URL, <code>${escapeHtml(merchant.notifyUrl)}</code>`
    : 'the merchant’s URL, which is not set: notifications without a URL are not sent';
  const forms = view.apis
    .map((api) => {
      const current = apiUrls.find((u) => u.dialect === api.id)?.url ?? '';
      const field = `url-${api.id}`;
      return `${formStart('/dashboard/settings/notify-url', csrf, merchant.id)}${hidden('dialect', api.id)}
<label for="${field}">${escapeHtml(api.title)} notification URL<span class="hint">${current ? '' : 'not set: uses the merchant’s URL'}</span><input id="${field}" name="url" type="url" maxlength="${NOTIFY_URL_MAX_LENGTH}" value="${escapeHtml(current)}" placeholder="https://shop.example/notifications"></label>
<button class="small go" type="submit">Save</button></form>`;
    })
    .join('');
  return `<section class="card" aria-labelledby="urls"><h2 id="urls">Notification URLs</h2>
<p class="muted">Each API’s notifications go to its own URL when one is set here, else to ${fallback}. Leave a field empty to use the merchant’s URL. http or https, without a user name or password in it.</p>${forms}</section>`;
}

function keysSection(view: SettingsView, csrf: string): string {
  const { merchant, keys } = view.settings;
  const title = (id: string) => view.apis.find((a) => a.id === id)?.title ?? id;
  const rows = keys.map((k) => {
    const ended = k.expiresAt !== null && k.expiresAt <= view.now;
    const expires = k.expiresAt === null ? 'never' : `${ended ? 'stopped ' : ''}${when(k.expiresAt)}`;
    const overlap = OVERLAP_CHOICES.map(
      (o) => `<option value="${o.value}"${o.value === '24h' ? ' selected' : ''}>${o.label}</option>`,
    ).join('');
    const rotate = ended
      ? ''
      : `${formStart(`/dashboard/settings/keys/${k.id}/rotate`, csrf, merchant.id, 'inline')}<label for="overlap-${k.id}" class="hint">Old key works for</label><select id="overlap-${k.id}" name="overlap">${overlap}</select><button class="small" type="submit">Rotate</button></form>`;
    const revoke = `${formStart(`/dashboard/settings/keys/${k.id}/revoke`, csrf, merchant.id, 'inline')}<button class="small danger" type="submit" aria-label="Revoke key ${k.id} now">Revoke now</button></form>`;
    return [
      escapeHtml(title(k.dialect)),
      k.kind === 'api_key' ? 'API key' : 'signing key',
      `<code>${escapeHtml(k.keyId)}</code>`,
      escapeHtml(k.label ?? ''),
      escapeHtml(when(k.createdAt)),
      escapeHtml(expires),
      rotate + revoke,
    ];
  });
  const apiOptions = view.apis.map((a) => `<option value="${escapeHtml(a.id)}">${escapeHtml(a.title)}</option>`).join('');
  return `<section class="card" aria-labelledby="keys"><h2 id="keys">API keys and signing keys</h2>
<p class="muted">Secrets are shown once, when a key is made; walletgate keeps them sealed and never shows them again. Rotating makes a new key and lets the old one work for the overlap you pick; revoking stops a key now, on every gateway process.</p>
${keys.length === 0 ? '<p>No keys yet.</p>' : table(['API', 'Kind', 'Key id', 'Label', 'Created', 'Expires', 'Actions'], rows)}
<h3>New key</h3>${formStart('/dashboard/settings/keys', csrf, merchant.id)}
<label for="key-api">API<select id="key-api" name="dialect">${apiOptions}</select></label>
<label for="key-kind">Kind<select id="key-kind" name="kind"><option value="api_key">API key</option><option value="signing_key">Signing key (notifications)</option></select></label>
<label for="key-id">Key id<span class="hint">empty: the API’s key id you already have, or a new one</span><input id="key-id" name="key_id" type="text" maxlength="100"></label>
<label for="key-label">Label<span class="hint">optional</span><input id="key-label" name="label" type="text" maxlength="100"></label>
<button class="small go" type="submit">Create key</button></form></section>`;
}

function testSection(view: SettingsView, csrf: string): string {
  const forms = view.apis
    .map(
      (api) =>
        `${formStart('/dashboard/settings/test-notification', csrf, view.settings.merchant.id, 'inline')}${hidden('dialect', api.id)}<button class="small" type="submit">Send a test notification (${escapeHtml(api.title)})</button></form>`,
    )
    .join('');
  return `<section class="card" aria-labelledby="test"><h2 id="test">Test notification</h2>
<p class="muted">Sends your most recent payment of that API’s current notification again, signed and delivered like any other, to the URL above.</p>${forms}</section>`;
}

function usersSection(view: SettingsView, signedIn: SignedIn, csrf: string): string {
  const { merchant, users } = view.settings;
  const roleOptions = (current: string) =>
    MERCHANT_ROLES.map((r) => `<option value="${r}"${r === current ? ' selected' : ''}>${r}</option>`).join('');
  const rows = users.map((u) => {
    const you = u.id === signedIn.user.id ? ' <span class="hint">(you)</span>' : '';
    const email = hidden('email', u.email);
    const role = `${formStart('/dashboard/settings/users/role', csrf, merchant.id, 'inline')}${email}<label class="hint" for="role-${u.id}">Role</label><select id="role-${u.id}" name="role">${roleOptions(u.role)}</select><button class="small" type="submit">Save</button></form>`;
    const reset = `${formStart('/dashboard/settings/users/reset', csrf, merchant.id, 'inline')}${email}<button class="small" type="submit">Reset password</button></form>`;
    const remove = `${formStart('/dashboard/settings/users/remove', csrf, merchant.id, 'inline')}${email}<button class="small danger" type="submit">Remove</button></form>`;
    return [escapeHtml(u.email) + you, role, reset + remove];
  });
  return `<section class="card" aria-labelledby="users"><h2 id="users">Users</h2>
${table(['E-mail', 'Role', 'Actions'], rows)}
<h3>Add a user</h3>${formStart('/dashboard/settings/users', csrf, merchant.id)}
<label for="new-email">E-mail<input id="new-email" name="email" type="email" maxlength="254" required></label>
<label for="new-role">Role<select id="new-role" name="role">${roleOptions('read-only')}</select></label>
<button class="small go" type="submit">Add user</button></form>
<p class="muted">A new user gets a one-time password, shown once; they choose their own at their first sign-in.</p></section>`;
}

export function settingsPage(view: SettingsView, signedIn: SignedIn): string {
  const csrf = signedIn.session.csrfToken;
  const { merchant } = view.settings;
  return dashboardPage({
    title: 'Settings',
    signedIn,
    section: 'settings',
    style: STYLE,
    body: `<div class="bar"><div><h1>Settings</h1><p>${escapeHtml(merchant.name)} <span class="muted">(${escapeHtml(merchant.id)})</span> · <a href="/dashboard/settings/security">Your sign-in security</a></p></div></div>${messages(view)}
${notifyUrlSection(view, csrf)}
${keysSection(view, csrf)}
${testSection(view, csrf)}
${usersSection(view, signedIn, csrf)}`,
  });
}

/** An operator's settings: first pick the merchant. */
export function pickMerchantPage(merchants: { id: string; name: string }[], signedIn: SignedIn): string {
  const rows = merchants.map((m) => [
    `<a href="/dashboard/settings?merchant=${encodeURIComponent(m.id)}"><code>${escapeHtml(m.id)}</code></a>`,
    escapeHtml(m.name),
  ]);
  return dashboardPage({
    title: 'Settings',
    signedIn,
    section: 'settings',
    style: STYLE,
    body: `<h1>Settings</h1><p><a href="/dashboard/settings/security">Your sign-in security</a></p><section class="card" aria-labelledby="pick"><h2 id="pick">Which merchant?</h2>${table(['ID', 'Name'], rows)}</section>`,
  });
}

/** A secret or a one-time password, shown once, with the way back. */
export function shownOncePage(
  signedIn: SignedIn,
  opts: { title: string; lead: string; label: string; secret: string; merchantId: string; extra?: string },
): string {
  return dashboardPage({
    title: opts.title,
    signedIn,
    section: 'settings',
    style: STYLE,
    body: `<section class="card" aria-labelledby="once"><h1 id="once">${escapeHtml(opts.title)}</h1>
<p class="note" role="status">${escapeHtml(opts.lead)}</p>
<p><b>${escapeHtml(opts.label)}</b> <span class="hint">shown only now: copy it somewhere safe</span></p>
<code class="secret" id="secret">${escapeHtml(opts.secret)}</code>${opts.extra ?? ''}
<p style="margin-top:16px"><a href="/dashboard/settings?merchant=${encodeURIComponent(opts.merchantId)}">Back to the settings</a></p></section>`,
  });
}
