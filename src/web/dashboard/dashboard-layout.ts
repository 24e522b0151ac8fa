/**
 * The shell of every signed-in dashboard page: the product bar with the sections, who is signed in
 * and the sign-out button, then the page's own content in a wide column. Sign-in pages use the
 * site's narrow layout (sign-in-pages.ts) instead.
 */
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import { escapeHtml, page } from '../page-layout.js';
import { DASHBOARD_STYLE } from './dashboard-style.js';

/** The dashboard's sections, in the order the bar shows them. */
export const DASHBOARD_SECTIONS = [
  { id: 'home', title: 'Overview', href: '/dashboard' },
  { id: 'payments', title: 'Payments', href: '/dashboard/payments' },
  { id: 'refunds', title: 'Mass refunds', href: '/dashboard/mass-refunds' },
  { id: 'reports', title: 'Reports', href: '/dashboard/reports' },
  { id: 'analytics', title: 'Analytics', href: '/dashboard/analytics' },
  { id: 'data-api', title: 'Data API', href: '/dashboard/data-api' },
  { id: 'settings', title: 'Settings', href: '/dashboard/settings' },
] as const;

export type DashboardSection = (typeof DASHBOARD_SECTIONS)[number]['id'];

export interface DashboardPageOptions {
  title: string;
  signedIn: SignedIn;
  /** The section the page belongs to (marked current in the bar). */
  section: DashboardSection;
  body: string;
  /** More CSS for this page, after the dashboard's own. */
  style?: string;
  /** Same-origin scripts the page loads (`/dashboard/assets/…`); the CSP allows 'self' only where a page asks. */
  scripts?: readonly string[];
  /** The browser loads `url` by itself after `seconds` (a refresh meta tag: progress without a script). */
  moveOn?: { url: string; seconds: number };
}

const WIDE = `main{max-width:1180px}
nav.sections{display:flex;flex-wrap:wrap;gap:4px;align-items:center;margin:-8px 0 20px;padding:6px;background:#fff;border:1px solid var(--line);border-radius:12px}
nav.sections a{padding:8px 12px;border-radius:8px;color:var(--ink);text-decoration:none;font-weight:600;font-size:14px}
nav.sections a:hover{background:var(--bg)}nav.sections a[aria-current=page]{background:#eef2ff;color:var(--accent)}
nav.sections .who{margin-left:auto;display:flex;gap:10px;align-items:center;font-size:13px;color:var(--muted)}
nav.sections form{margin:0}nav.sections button{font:inherit;font-size:13px;padding:6px 12px;border-radius:8px;border:1px solid var(--line);background:#fff;cursor:pointer}
@media (max-width:600px){nav.sections{gap:2px}nav.sections a{padding:6px 8px}nav.sections .who{margin-left:0;width:100%;justify-content:space-between}}
`;

export function dashboardPage(opts: DashboardPageOptions): string {
  const { user, session } = opts.signedIn;
  const links = DASHBOARD_SECTIONS.map(
    (s) => `<a href="${s.href}"${s.id === opts.section ? ' aria-current="page"' : ''}>${s.title}</a>`,
  ).join('');
  const nav = `<nav class="sections" aria-label="Dashboard">${links}<span class="who"><span>${escapeHtml(user.email)} · <span class="role">${escapeHtml(user.role)}</span></span>
<form method="post" action="/dashboard/logout"><input type="hidden" name="csrf" value="${escapeHtml(session.csrfToken)}"><button type="submit">Sign out</button></form></span></nav>`;
  const scripts = (opts.scripts ?? []).map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join('');
  return page(opts.title, `${nav}${opts.body}${scripts}`, {
    style: DASHBOARD_STYLE + WIDE + (opts.style ?? ''),
    ...(opts.moveOn ? { moveOn: opts.moveOn } : {}),
  });
}
