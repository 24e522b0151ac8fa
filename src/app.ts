/**
 * buildApp(services) → a Fastify instance with every API mounted under its prefix. It never
 * listens: main.ts does, and tests use inject or listen on port 0 themselves.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Services } from './services.js';
import { DIALECTS, DIALECT_IDS, perDialect } from './dialects/index.js';
import { kakaoPaySandboxPlugin, sandboxRefusal } from './sandbox/kakaopay/plugin.js';
import { sandboxCustomerApiPlugin } from './sandbox/customer-api.js';
import { OwnPages } from './sandbox/own-pages.js';
import { sandboxBankPagePlugin } from './sandbox/bank/bank-page-routes.js';
import { alipayPlusSandboxPlugin } from './sandbox/alipayplus/plugin.js';
import { ALIPAYPLUS_SANDBOX_CLIENT_ID } from './connectors/alipayplus/settings.js';
import { cardProcessorSandboxPlugin } from './sandbox/cards/plugin.js';
import { CARDS_SANDBOX_API_KEY, CARDS_SANDBOX_PATH } from './connectors/cards/sandbox-defaults.js';
import { customerPagesPlugin, linkNotValid } from './web/customer-pages.js';
import type { FrameworkAnswer } from './dialects/dialect.js';
import { homePagePlugin } from './web/home-page.js';
import { walletNotifyRoutePlugin } from './web/wallet-notify-route.js';
import { transferNoticeRoutePlugin } from './web/transfer-notice-route.js';
import { gatewayOverview } from './gateway-overview.js';
import { readinessChecker } from './core/readiness.js';
import type { GatewayMetrics } from './observability/gateway-metrics.js';
import { METRICS_REFUSED, metricsAccess } from './observability/metrics-access.js';
import { requestIdOf } from './observability/request-scope.js';
import { dashboardPlugin } from './web/dashboard/dashboard-routes.js';
import { dashboardRefusal } from './web/dashboard/sign-in-pages.js';
import { httpsOrigin } from './config.js';
import { docsPlugin, docsRefusal } from './web/docs/docs-routes.js';
import { faviconPlugin } from './web/favicon.js';

export interface BuildAppOptions {
  /** Told of every route as it is registered (the OpenAPI tests compare the routes with the descriptions). */
  onRoute?: (route: { method: string; url: string }) => void;
}

/** A URL carrying a NUL character, percent-encoded (the HTTP parser refuses a raw one). */
const NUL_IN_URL = '%00';
const NUL_MESSAGE = 'it contains %00, a NUL character (U+0000), which walletgate does not accept';
/** The sandbox is another company: it refuses such URLs itself, in its own shapes (src/sandbox/). */
const SANDBOX_PREFIX = '/sandbox/';

const KAKAOPAY_SANDBOX_PREFIX = '/sandbox/kakaopay';
const ALIPAYPLUS_SANDBOX_PREFIX = '/sandbox/alipayplus';

/**
 * The answer to a request refused before any route runs, in the shape of what its URL aims at: an
 * API's own error, the customer pages' "link not valid" page, the dashboard's page, the KakaoPay sandbox's own answer, or
 * walletgate's generic JSON.
 */
function refusedBeforeRouting(url: string, message: string, requestId: string, status: number): FrameworkAnswer {
  const id = DIALECT_IDS.find((d) => url.startsWith(`/${d}/`));
  if (id) return DIALECTS[id].frameworkError(message, requestId, url);
  if (url.startsWith('/pay/')) return linkNotValid();
  // the dashboard's Data API (ADR 0023) answers its own JSON error
  if (url.startsWith('/dashboard/api/')) return { status, body: { error: { code: 'bad_request', message } } };
  if (/^\/dashboard(?:[/?]|$)/.test(url)) return dashboardRefusal(status, message);
  if (/^\/docs(?:[/?]|$)/.test(url)) return docsRefusal(status, message);
  if (url.startsWith(`${KAKAOPAY_SANDBOX_PREFIX}/`)) return sandboxRefusal(KAKAOPAY_SANDBOX_PREFIX, url, status, message);
  return { status, body: { error: 'bad_request', message, requestId } };
}

function sendAnswer(reply: FastifyReply, requestId: string, { status, body, headers }: FrameworkAnswer): FastifyReply {
  return reply
    .code(status)
    .headers({ 'x-request-id': requestId, ...headers })
    .send(body);
}

/** The first part of a route's pattern, for the metrics' `api` label: an API's id, a page family (pay, dashboard, docs, sandbox…), `gateway` for the probes, the home page and its icon, `none` unrouted. */
function apiOfRoute(route: string | undefined): string {
  if (route === undefined) return 'none';
  const first = route.split('/')[1] ?? '';
  return first === '' || first === 'health' || first === 'ready' || first === 'metrics' || first === 'favicon.ico' ? 'gateway' : first;
}

/** apiOfRoute of each route pattern, worked out once: a request's labels are read on every answer. */
const apiOfPattern = new Map<string | undefined, string>();
function apiLabel(route: string | undefined): string {
  let api = apiOfPattern.get(route);
  if (api === undefined) apiOfPattern.set(route, (api = apiOfRoute(route)));
  return api;
}

/** A path segment long enough to be a customer link's token (24 characters) or another secret in a URL. */
const TOKEN_LIKE_SEGMENT = /^[^/]{16,}$/;

/**
 * An unrouted request's path as logged: without its query, at most 200 characters, and every segment
 * of 16 characters or more replaced by `…` — a mistyped customer link (`/pay/{token}/x`) carries the
 * token in its path, and no route's pattern stands in for it.
 */
function loggablePath(url: string): string {
  return url
    .split('?')[0]!
    .slice(0, 200)
    .split('/')
    .map((segment) => (TOKEN_LIKE_SEGMENT.test(segment) ? '…' : segment))
    .join('/');
}

/** Requests a person running walletgate does not need to read at info: probes, and the in-process sandboxes' own traffic (the sweeper asks them every few seconds). */
const QUIET_PATHS = /^\/(?:health|ready|metrics|sandbox)(?:[/?]|$)/;

/**
 * The one log line of an answered request: the route's pattern rather than the URL (a customer
 * page's URL carries its token, a query its filters), the status and the time taken. At debug for
 * quiet paths, error for a 5xx, info otherwise; the line carries the request id (reqId).
 */
function logAnswered(req: FastifyRequest, reply: FastifyReply, metrics: GatewayMetrics): void {
  const status = reply.statusCode;
  const route = req.routeOptions.url;
  metrics.requests.observe([apiLabel(route), route ?? 'unrouted', req.method, String(status)], reply.elapsedTime / 1000);
  const level = status >= 500 ? 'error' : QUIET_PATHS.test(req.url) ? 'debug' : 'info';
  req.log[level](
    {
      method: req.method,
      route: route ?? null,
      ...(route === undefined ? { path: loggablePath(req.url) } : {}),
      status,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    },
    `${req.method} ${route ?? 'unrouted'} ${status}`,
  );
}

export async function buildApp(services: Services, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  // pino's Logger is a FastifyBaseLogger; the generic differs only in the logger type parameter
  const { config, deps } = services;
  const app = Fastify({
    loggerInstance: services.log,
    // the caller's X-Request-Id when it is sound, else a fresh req_… (observability/request-scope.ts)
    genReqId: requestIdOf,
    // one line per request, written when it is answered (the onResponse hook below), not Fastify's pair
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    // Errors raised before routing (a malformed URL) still get the answer of what the URL aims at.
    frameworkErrors: (err, req, res) => {
      void sendAnswer(res as unknown as FastifyReply, req.id, refusedBeforeRouting(req.url, err.message, req.id, err.statusCode ?? 400));
    },
  });

  // first: everything after runs as this request's work (its id on the core's lines, wallet calls, notifications)

  // A NUL character can be kept by neither store, so a URL carrying one (in a path id, a token, a
  // query) is refused before any hook or route reads it — authentication included: nobody needs a key
  // to be told no. Request bodies are checked by each API's JSON parser (dialects/json-transport.ts).
  // (The three hooks of every request here take Fastify's callback, not a promise each.)
  app.addHook('onRequest', (req, reply, done) => {
    if (!req.url.includes(NUL_IN_URL) || req.url.startsWith(SANDBOX_PREFIX)) return done();
    // answered here: Fastify runs nothing further for it (a callback hook that sends does not call done)
    sendAnswer(reply, req.id, refusedBeforeRouting(req.url, NUL_MESSAGE, req.id, 400));
  });

  const { onRoute } = opts;
  if (onRoute) {
    app.addHook('onRoute', (r) => {
      for (const method of Array.isArray(r.method) ? r.method : [r.method]) onRoute({ method, url: r.url });
    });
  }

  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    done(null, payload);
  });
  app.addHook('onResponse', (req, reply, done) => {
    logAnswered(req, reply, services.metrics);
    done();
  });

  // Anything that escapes a plugin's own error handler: logged in full, answered masked.
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'unhandled error');
    return reply.code(status).send({
      error: status === 500 ? 'internal' : 'bad_request',
      message: status === 500 ? 'Internal error; it has been logged.' : err.message,
      requestId: req.id,
    });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: 'not_found', message: `No route for ${req.method} ${req.url.split('?')[0]}`, requestId: req.id }),
  );

  app.get('/health', async () => {
    await services.store.ping();
    return { status: 'ok', database: services.store.kind };
  });

  // Prometheus' text format; the metrics are this process's (scrape each process, as a balancer spreads the traffic)
  const mayReadMetrics = metricsAccess(config.metricsToken);
  app.get('/metrics', async (req, reply) => {
    if (!mayReadMetrics(req.headers.authorization)) {
      return reply
        .code(401)
        .header('content-type', 'text/plain; charset=utf-8')
        .header('www-authenticate', 'Bearer realm="walletgate metrics"')
        .header('cache-control', 'no-store')
        .send(METRICS_REFUSED);
    }
    return reply
      .header('content-type', services.metrics.registry.contentType)
      .header('cache-control', 'no-store')
      .send(await services.metrics.registry.metrics());
  });

  const checkReadiness = readinessChecker(deps);
  app.get('/ready', async (_req, reply) => {
    const { ready, checks } = await checkReadiness();
    return reply
      .code(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: ready ? 'ready' : 'not_ready', checks });
  });

  await app.register(homePagePlugin, { view: gatewayOverview(config), deps });
  await app.register(faviconPlugin);
  // the API references (rendered OpenAPI descriptions) and the guides, ADR 0030
  await app.register(docsPlugin, { prefix: '/docs', sandbox: config.sandbox.enabled });
  for (const id of DIALECT_IDS) await app.register(DIALECTS[id].plugin, { prefix: `/${id}`, deps });
  await app.register(walletNotifyRoutePlugin, { deps });
  await app.register(transferNoticeRoutePlugin, { deps });
  await app.register(customerPagesPlugin, {
    prefix: '/pay',
    deps,
    returnUrls: perDialect((d) => d.returnUrl),
    resultFirst: perDialect((d) => d.showsResultFirst),
    sandboxBankUrl: config.sandbox.enabled ? '/sandbox/bank' : null,
  });
  await app.register(dashboardPlugin, {
    prefix: '/dashboard',
    deps,
    publicUrl: config.publicUrl,
    reportFiles: services.reportFiles,
    origins: [new URL(config.publicUrl).origin, ...(config.tls.port > 0 ? [httpsOrigin(config)] : [])],
  });
  if (config.sandbox.enabled) {
    // the sandbox customer walks the wallet's pages in process (sandbox/own-pages.ts)
    const ownPages = new OwnPages();
    await app.register(kakaoPaySandboxPlugin, {
      prefix: KAKAOPAY_SANDBOX_PREFIX,
      ownPages,
      secretKeys: [config.sandbox.secretKey],
      state: config.sandbox.state,
      cids: { oneTime: config.kakaopay.cidOneTime, subscription: config.kakaopay.cidSubscription },
      // the [slow] magic value must outlast walletgate's own timeout, so it exercises the unknown-outcome path
      slowMs: config.kakaopay.timeoutMs + 5_000,
    });
    // Alipay+'s sandbox: its portal hands the connector its client's keys (connectors/alipayplus/portal-credentials.ts)
    await app.register(alipayPlusSandboxPlugin, {
      prefix: ALIPAYPLUS_SANDBOX_PREFIX,
      acquirers: {},
      portalClientId: ALIPAYPLUS_SANDBOX_CLIENT_ID,
      state: config.sandbox.alipayplusState,
      slowMs: config.alipayplus.timeoutMs + 5_000,
    });
    // the card processor sandbox takes its published key, and the one the operator configured for it
    await app.register(cardProcessorSandboxPlugin, {
      prefix: CARDS_SANDBOX_PATH,
      apiKeys: [...new Set([CARDS_SANDBOX_API_KEY, config.cards.apiKey])],
      state: config.sandbox.cardsState,
      slowMs: config.cards.timeoutMs + 5_000,
    });
    await app.register(sandboxCustomerApiPlugin, { prefix: '/sandbox', ownPages });
    await app.register(sandboxBankPagePlugin, { prefix: '/sandbox' });
  }
  return app as unknown as FastifyInstance;
}
