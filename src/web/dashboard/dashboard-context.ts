/**
 * What every dashboard route file shares (dashboard-routes.ts builds it once): the core deps, how a
 * page or a redirect is answered with the dashboard's headers, and the two checks every route makes —
 * who is signed in and may they do this, and is this POST from here with the session's CSRF token.
 * A feature's routes live in their own file as `register…Routes(app, ctx)`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { may, type DashboardRight } from '../../core/dashboard/dashboard-policy.js';
import { resolveSession, type SignedIn } from '../../core/dashboard/resolve-session.js';
import { tokensMatch } from '../../core/dashboard/session-secrets.js';
import { readCookies, SESSION_COOKIE } from './dashboard-cookies.js';
import { formFields, originAllowed } from './request-guards.js';
import { dashboardMessagePage } from './sign-in-pages.js';

const BASE_HEADERS = {
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The headers of a dashboard answer: never cached or framed; scripts only from the gateway itself, and only where a page asks. */
export function dashboardHeaders(contentType: string, scripts = false): Record<string, string> {
  return {
    'content-type': contentType,
    ...BASE_HEADERS,
    'content-security-policy': scripts ? `${CSP}; script-src 'self'; connect-src 'self'` : CSP,
  };
}

export interface AnswerOptions {
  cookies?: string[];
  /** The page loads same-origin scripts (/dashboard/assets/…). */
  scripts?: boolean;
}

/** How one API names a payment when not by its number (the dialect registry's `paymentId`, handed in by app.ts). */
export interface PaymentIdForm {
  dialect: string;
  format(id: number): string;
  parse(ref: string): number | undefined;
}

export interface DashboardContext {
  deps: CoreDeps;
  /** Each API's own payment ids (Adyen pspReference, Checkout.com pay_…). */
  paymentIds: readonly PaymentIdForm[];
  /** The cookies are Secure (the public URL is https). */
  secure: boolean;
  origins: readonly string[];
  html(reply: FastifyReply, status: number, body: string, opts?: AnswerOptions): FastifyReply;
  seeOther(reply: FastifyReply, to: string, cookies?: string[]): FastifyReply;
  refused(reply: FastifyReply, status: number, title: string, message: string): FastifyReply;
  /** The request's session, if any (no answer is sent). */
  session(req: FastifyRequest): Promise<SignedIn | undefined>;
  /**
   * The signed-in user allowed `right` (default 'view'), or undefined once the request has been
   * answered: to the sign-in page, to the password change a one-time password requires, or 403.
   */
  signedIn(req: FastifyRequest, reply: FastifyReply, right?: DashboardRight): Promise<SignedIn | undefined>;
  /** A signed-in page's POST: from here (Origin), with the session's CSRF token in the form's `csrf` field. */
  postAllowed(req: FastifyRequest, signedIn: SignedIn, csrf?: string): boolean;
}

const RIGHT_REFUSED: Record<DashboardRight, string> = {
  view: 'Your role does not show this page.',
  refund: 'Your role may not refund. An owner of your merchant can give you the refunds role.',
  settings: 'Only an owner of the merchant changes its settings and users.',
};

export function dashboardContext(
  deps: CoreDeps,
  publicUrl: string,
  origins: readonly string[],
  paymentIds: readonly PaymentIdForm[] = [],
): DashboardContext {
  const secure = publicUrl.startsWith('https:');
  const html: DashboardContext['html'] = (reply, status, body, opts = {}) => {
    if (opts.cookies && opts.cookies.length > 0) reply.header('set-cookie', opts.cookies);
    return reply
      .code(status)
      .headers(dashboardHeaders('text/html; charset=utf-8', opts.scripts ?? false))
      .send(body);
  };
  const seeOther: DashboardContext['seeOther'] = (reply, to, cookies = []) => {
    if (cookies.length > 0) reply.header('set-cookie', cookies);
    return reply.code(303).header('cache-control', 'no-store').header('location', to).send();
  };
  const refused: DashboardContext['refused'] = (reply, status, title, message) => html(reply, status, dashboardMessagePage(title, message));
  const session: DashboardContext['session'] = (req) => resolveSession(deps, readCookies(req.headers.cookie)[SESSION_COOKIE]);
  return {
    deps,
    paymentIds,
    secure,
    origins,
    html,
    seeOther,
    refused,
    session,
    async signedIn(req, reply, right = 'view') {
      const found = await session(req);
      if (!found) {
        seeOther(reply, '/dashboard/login');
        return undefined;
      }
      if (found.user.mustChangePassword) {
        seeOther(reply, '/dashboard/password');
        return undefined;
      }
      if (!may(found.user.role, right)) {
        refused(reply, 403, 'Not allowed', RIGHT_REFUSED[right]);
        return undefined;
      }
      return found;
    },
    postAllowed(req, signedIn, csrf) {
      return originAllowed(req, origins) && tokensMatch(csrf ?? formFields(req.body)('csrf'), signedIn.session.csrfToken);
    },
  };
}
