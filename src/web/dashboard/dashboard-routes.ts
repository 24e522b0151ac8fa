/**
 * The dashboard's sign-in (ADR 0022), server-rendered: GET/POST /dashboard/login, GET /dashboard,
 * GET/POST /dashboard/password, POST /dashboard/logout. Each route checks its request (Origin, the
 * CSRF token, the form), calls one core use case and maps its result to a page or a redirect.
 * Every answer is HTML — refusals and unknown /dashboard/… paths too — and never cached or framed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { changePassword } from '../../core/dashboard/change-password.js';
import { PASSWORD_MIN_LENGTH } from '../../core/dashboard/dashboard-policy.js';
import type { SignedIn } from '../../core/dashboard/resolve-session.js';
import { newCsrfToken, tokensMatch } from '../../core/dashboard/session-secrets.js';
import { dashboardContext } from './dashboard-context.js';
import { errorJson } from './data-api-json.js';
import { signIn } from '../../core/dashboard/sign-in.js';
import { signOut } from '../../core/dashboard/sign-out.js';
import { viewDashboardHome } from '../../core/dashboard/view-dashboard-home.js';
import { clearCookie, PENDING_COOKIE, readCookies, SESSION_COOKIE, setCookie, SIGN_IN_COOKIE } from './dashboard-cookies.js';
import { dashboardHomePage } from './home-page.js';
import { registerPaymentsRoutes } from './payments-routes.js';
import { registerAnalyticsRoutes } from './analytics-routes.js';
import { registerReportRoutes } from './report-routes.js';
import type { ReportFiles } from '../../core/ports/report-files.js';
import { registerMassRefundRoutes } from './mass-refund-routes.js';
import { registerRefundRoutes } from './refund-routes.js';
import { formFields, originAllowed } from './request-guards.js';
import { changePasswordPage, signInPage } from './sign-in-pages.js';
import { registerSettingsRoutes } from './settings-routes.js';
import { registerSecurityRoutes } from './security-routes.js';
import { depsOf } from '../../core/request-context.js';

export interface DashboardOptions {
  deps: CoreDeps;
  /** The gateway's public URL (WALLETGATE_PUBLIC_URL): an https one makes the cookies Secure. */
  publicUrl: string;
  /** Origins a POST may come from besides the request's own host (the public URL's, the HTTPS listener's). */
  origins: readonly string[];
  /** Where report CSVs are kept ({dataDir}/reports; ADR 0025). */
  reportFiles: ReportFiles;
}

const FORM = 'application/x-www-form-urlencoded';

const CHANGE_PASSWORD_PROBLEMS = {
  current_wrong: 'The current password is wrong.',
  too_short: `The new password must have at least ${PASSWORD_MIN_LENGTH} characters.`,
  too_long: 'The new password is too long.',
  not_repeated: 'The two new passwords differ.',
  unchanged: 'The new password must differ from the current one.',
} as const;

export async function dashboardPlugin(app: FastifyInstance, opts: DashboardOptions): Promise<void> {
  const ctx = dashboardContext(opts.deps, opts.publicUrl, opts.origins);
  const { origins, secure, html, seeOther, refused, session } = ctx;
  const base = ctx.deps;
  if (!app.hasContentTypeParser(FORM))
    app.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) => done(null, body));

  const cookiesOf = (req: FastifyRequest) => readCookies(req.headers.cookie);
  const signInForm = (reply: FastifyReply, status: number, view: { email?: string; error?: string; note?: string }) => {
    const token = newCsrfToken();
    return html(reply, status, signInPage({ token, ...view }), { cookies: [setCookie(SIGN_IN_COOKIE, token, secure)] });
  };
  const postAllowed = (req: FastifyRequest, signedIn: SignedIn) => ctx.postAllowed(req, signedIn);

  // the Data API (/dashboard/api/…) answers its own JSON errors; every other dashboard answer is a page
  const isDataApi = (req: FastifyRequest) => req.url.startsWith('/dashboard/api/');
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'unhandled error');
    if (isDataApi(req))
      return reply
        .code(status)
        .send(
          errorJson(status === 500 ? 'internal' : 'bad_request', status === 500 ? 'An unexpected error; it has been logged.' : err.message),
        );
    return refused(
      reply,
      status,
      status === 500 ? 'Something went wrong' : 'Not understood',
      status === 500 ? 'An unexpected error; it has been logged.' : err.message,
    );
  });
  app.setNotFoundHandler((req, reply) =>
    isDataApi(req)
      ? reply.code(404).send(errorJson('not_found', `There is no Data API endpoint ${req.method} ${req.url.split('?')[0]}.`))
      : refused(reply, 404, 'Not found', `There is no dashboard page ${req.url.split('?')[0]}.`),
  );

  app.get('/login', async (req, reply) => {
    if (await session(req)) return seeOther(reply, '/dashboard');
    const signedOut = (req.query as Record<string, unknown>).signed_out !== undefined;
    return signInForm(reply, 200, signedOut ? { note: 'You signed out.' } : {});
  });

  app.post('/login', async (req, reply) => {
    const deps = depsOf(base, req);
    const field = formFields(req.body);
    const email = field('email').slice(0, 320);
    const token = cookiesOf(req)[SIGN_IN_COOKIE];
    if (!originAllowed(req, origins) || !token || !tokensMatch(field('csrf'), token))
      return signInForm(reply, 403, { email, error: 'This sign-in form has expired or came from another site. Sign in again.' });
    const result = await signIn(deps, {
      email,
      password: field('password'),
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
      ...(cookiesOf(req)[SESSION_COOKIE] ? { previousSessionId: cookiesOf(req)[SESSION_COOKIE]! } : {}),
    });
    if (!result.ok) {
      if (result.problem === 'code_needed')
        return seeOther(reply, '/dashboard/login/code', [setCookie(PENDING_COOKIE, result.pendingId, secure)]);
      if (result.problem === 'throttled') {
        reply.header('retry-after', String(result.retryAfterSeconds));
        const minutes = Math.ceil(result.retryAfterSeconds / 60);
        return signInForm(reply, 429, {
          email,
          error: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
        });
      }
      return signInForm(reply, 401, { email, error: 'The e-mail or the password is wrong.' });
    }
    const cookies = [setCookie(SESSION_COOKIE, result.sessionId, secure), clearCookie(SIGN_IN_COOKIE, secure)];
    return seeOther(reply, result.user.mustChangePassword ? '/dashboard/password' : '/dashboard', cookies);
  });

  app.get('/', { prefixTrailingSlash: 'no-slash' }, async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await ctx.signedIn(req, reply);
    if (!signedIn) return reply;
    return html(reply, 200, dashboardHomePage(await viewDashboardHome(deps, signedIn), signedIn));
  });
  await registerPaymentsRoutes(app, ctx);
  await registerReportRoutes(app, ctx, opts.reportFiles);
  await registerAnalyticsRoutes(app, ctx);
  await Promise.all([registerRefundRoutes(app, ctx), registerMassRefundRoutes(app, ctx)]);

  await registerSettingsRoutes(app, ctx);
  await registerSecurityRoutes(app, ctx);

  app.get('/password', async (req, reply) => {
    const signedIn = await session(req);
    if (!signedIn) return seeOther(reply, '/dashboard/login');
    const { user, session: s } = signedIn;
    return html(reply, 200, changePasswordPage({ csrf: s.csrfToken, email: user.email, required: user.mustChangePassword }));
  });

  app.post('/password', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await session(req);
    if (!signedIn) return seeOther(reply, '/dashboard/login');
    if (!postAllowed(req, signedIn))
      return refused(reply, 403, 'Not saved', 'This form has expired or came from another site. Open the page again.');
    const field = formFields(req.body);
    const result = await changePassword(deps, signedIn, {
      current: field('current'),
      next: field('next'),
      repeated: field('repeated'),
      ip: req.ip,
    });
    if (result.ok) return seeOther(reply, '/dashboard');
    const { user, session: s } = signedIn;
    return html(
      reply,
      400,
      changePasswordPage({
        csrf: s.csrfToken,
        email: user.email,
        required: user.mustChangePassword,
        error: CHANGE_PASSWORD_PROBLEMS[result.problem],
      }),
    );
  });

  app.post('/logout', async (req, reply) => {
    const deps = depsOf(base, req);
    const signedIn = await session(req);
    if (!signedIn) return seeOther(reply, '/dashboard/login', [clearCookie(SESSION_COOKIE, secure)]);
    if (!postAllowed(req, signedIn))
      return refused(reply, 403, 'Not signed out', 'This form has expired or came from another site. Open the page again.');
    await signOut(deps, signedIn, req.ip);
    return seeOther(reply, '/dashboard/login?signed_out=1', [clearCookie(SESSION_COOKIE, secure)]);
  });
}
