/**
 * The optional TOTP second factor (ADR 0026). The sign-in's code step, GET/POST /dashboard/login/code,
 * after a right password for a user with it on (the pending sign-in's id in the `wg_pending` cookie,
 * the form's token double-submitted like the sign-in form's); and every signed-in user's own page,
 * /dashboard/settings/security (right 'view': it is about themselves) — set up, confirm, switch off.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { confirmSignInCode } from '../../core/dashboard/confirm-sign-in-code.js';
import { confirmTotpEnrolment } from '../../core/dashboard/confirm-totp-enrolment.js';
import { disableTotp } from '../../core/dashboard/disable-totp.js';
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import { newCsrfToken, tokensMatch } from '../../core/dashboard/session-secrets.js';
import { startTotpEnrolment } from '../../core/dashboard/start-totp-enrolment.js';
import { viewSecurity } from '../../core/dashboard/view-security.js';
import type { DashboardContext } from './dashboard-context.js';
import { clearCookie, PENDING_COOKIE, readCookies, SESSION_COOKIE, setCookie, SIGN_IN_COOKIE } from './dashboard-cookies.js';
import { formFields, originAllowed } from './request-guards.js';
import { securityPage, signInCodePage } from './security-pages.js';
import { depsOf } from '../../core/request-context.js';

const FORM_REFUSED = 'This form has expired or came from another site. Open the page again.';

export async function registerSecurityRoutes(app: FastifyInstance, ctx: DashboardContext): Promise<void> {
  const { secure } = ctx;
  const base = ctx.deps;

  const codeForm = (reply: FastifyReply, status: number, error?: string) => {
    const token = newCsrfToken();
    return ctx.html(reply, status, signInCodePage({ token, ...(error ? { error } : {}) }), {
      cookies: [setCookie(SIGN_IN_COOKIE, token, secure)],
    });
  };

  app.get('/login/code', async (req, reply) => {
    if (!readCookies(req.headers.cookie)[PENDING_COOKIE]) return ctx.seeOther(reply, '/dashboard/login');
    return codeForm(reply, 200);
  });

  app.post('/login/code', async (req, reply) => {
    const deps = depsOf(base, req);
    const cookies = readCookies(req.headers.cookie);
    const field = formFields(req.body);
    const pendingId = cookies[PENDING_COOKIE];
    if (!pendingId) return ctx.seeOther(reply, '/dashboard/login');
    const token = cookies[SIGN_IN_COOKIE];
    if (!originAllowed(req, ctx.origins) || !token || !tokensMatch(field('csrf'), token)) return codeForm(reply, 403, FORM_REFUSED);
    const result = await confirmSignInCode(deps, {
      pendingId,
      code: field('code').slice(0, 20),
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
      ...(cookies[SESSION_COOKIE] ? { previousSessionId: cookies[SESSION_COOKIE] } : {}),
    });
    if (result.ok) {
      const set = [
        setCookie(SESSION_COOKIE, result.sessionId, secure),
        clearCookie(PENDING_COOKIE, secure),
        clearCookie(SIGN_IN_COOKIE, secure),
      ];
      return ctx.seeOther(reply, result.user.mustChangePassword ? '/dashboard/password' : '/dashboard', set);
    }
    if (result.problem === 'expired') return ctx.seeOther(reply, '/dashboard/login', [clearCookie(PENDING_COOKIE, secure)]);
    if (result.problem === 'throttled') {
      reply.header('retry-after', String(result.retryAfterSeconds));
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      return codeForm(reply, 429, `Too many wrong codes. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
    return codeForm(reply, 401, 'That code is wrong or was already used. Enter the one your app shows now.');
  });

  const show = async (reply: FastifyReply, signedIn: SignedIn, status: number, opts: { error?: string; note?: string } = {}) => {
    const view = await viewSecurity(base, signedIn);
    const qrSvg =
      !view.on && view.enrolment
        ? await QRCode.toString(view.enrolment.uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
        : undefined;
    return ctx.html(reply, status, securityPage(signedIn, view, { ...opts, ...(qrSvg ? { qrSvg } : {}) }));
  };

  app.get('/settings/security', async (req, reply) => {
    const signedIn = await ctx.signedIn(req, reply, 'view');
    if (!signedIn) return reply;
    return show(reply, signedIn, 200);
  });

  app.post('/settings/security/totp/start', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply, 'view');
    if (!signedIn) return reply;
    if (!ctx.postAllowed(req, signedIn)) return ctx.refused(reply, 403, 'Not saved', FORM_REFUSED);
    const result = await startTotpEnrolment(deps, signedIn);
    if (!result.ok) return show(reply, signedIn, 409, { error: 'Two-step sign-in is already on.' });
    return ctx.seeOther(reply, '/dashboard/settings/security');
  });

  app.post('/settings/security/totp/confirm', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply, 'view');
    if (!signedIn) return reply;
    if (!ctx.postAllowed(req, signedIn)) return ctx.refused(reply, 403, 'Not saved', FORM_REFUSED);
    const result = await confirmTotpEnrolment(deps, signedIn, { code: formFields(req.body)('code').slice(0, 20), ip: req.ip });
    if (result.ok) return show(reply, signedIn, 200, { note: 'Two-step sign-in is on. Your next sign-in asks for a code.' });
    return show(reply, signedIn, 400, {
      error:
        result.problem === 'wrong_code' ? 'That code does not match: enter the one your app shows now.' : 'Set up two-step sign-in first.',
    });
  });

  app.post('/settings/security/totp/disable', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply, 'view');
    if (!signedIn) return reply;
    if (!ctx.postAllowed(req, signedIn)) return ctx.refused(reply, 403, 'Not saved', FORM_REFUSED);
    const result = await disableTotp(deps, signedIn, { code: formFields(req.body)('code').slice(0, 20), ip: req.ip });
    if (result.ok) return show(reply, signedIn, 200, { note: 'Two-step sign-in is off.' });
    const error = {
      not_on: 'Two-step sign-in is not on.',
      wrong_code: 'That code is wrong or was already used.',
      throttled: 'Too many wrong codes. Try again later.',
    }[result.problem];
    return show(reply, signedIn, result.problem === 'throttled' ? 429 : 400, { error });
  });
}
