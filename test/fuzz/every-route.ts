/**
 * Property-based fuzzing of every route the app registers (enumerated from the app itself, so a new
 * route is fuzzed without being listed here) and of stray paths under every prefix, on SQLite and
 * PostgreSQL. For every generated request:
 * - the answer is never a 5xx;
 * - an error (4xx) is in the shape of the API the URL aims at (test/fuzz/api-formats.ts);
 * - a refused request wrote nothing (row counts and newest updated_at of every table);
 * - a refused request logged nothing at warn or above (no stack, no store refusing what the edge let
 *   by), and no request logged an error (a bug); an accepted one may warn (the wallet refused it).
 *
 * One file per database (every-route-sqlite.test.ts, every-route-postgres.test.ts), so that the two
 * runners of the suite fuzz both at once.
 *
 * Deterministic: a fixed seed, overridable with WALLETGATE_FUZZ_SEED; WALLETGATE_FUZZ_RUNS sets the
 * requests per route. A failure names the seed and the counterexample; the requests run in a fixed
 * order against a fresh gateway, so the same seed replays the same run.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { StoreKind } from '../helpers/stores.js';
import { errorShapeProblem, surfaceOf } from './api-formats.js';
import { startWorld, type World } from './fuzz-world.js';
import { authHeaders, buildRequest, type FuzzRequest, type RouteUnderTest } from './build-request.js';
import { requestPlan, strayPath } from './request-plans.js';
import { routeTemplates, templatesOf } from './route-templates.js';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  assert.ok(Number.isSafeInteger(n), `${name} must be a whole number, not ${JSON.stringify(raw)}`);
  return n;
}

const SEED = envInt('WALLETGATE_FUZZ_SEED', 8_2024);
/** Requests per route (a HEAD route gets a third); stray paths get four times as many per prefix. */
const RUNS = envInt('WALLETGATE_FUZZ_RUNS', 50);

/** The routes that take no parameter, query or body worth a template. */
const TEMPLATE_FREE = new Set([
  'GET /',
  'GET /health',
  'GET /ready',
  'GET /metrics',
  'GET /favicon.ico',
  'GET /sandbox/kakaopay',
  'HEAD /sandbox/kakaopay/',
]);
/** The documentation's pages and files (ADR 0030): GETs of fixed paths, or of a guide's name (/docs/guides/*), with no parameter or body. */
const DOCS_ROUTE = /^\/docs(?:\/|$)/;
/** Routes that may answer outside every API, in walletgate's own JSON (a wallet's notifications included). */
const WALLETGATE_ROUTES = new Set([
  '/',
  '/health',
  '/ready',
  '/metrics',
  '/favicon.ico',
  '/connectors/:id/notify',
  '/connectors/:id/transfers',
]);
/** pino's level number for `error`. */
const ERROR_LEVEL = 50;
const PREFIXES = [
  '/globalpay',
  '/adyen',
  '/checkoutcom',
  '/ecommpay',
  '/pay',
  '/sandbox/kakaopay',
  '/sandbox/alipayplus',
  '/sandbox',
  '/dashboard',
  '/docs',
  '',
];

/** A seed per route, from the run's seed and the route's name, so routes do not share their random draws. */
function seedFor(name: string): number {
  let h = SEED | 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) | 0;
  return h;
}

function describeRequest(req: FuzzRequest): string {
  const body = req.body === undefined ? '' : `\n  body (${req.body.length} chars): ${JSON.stringify(req.body.slice(0, 400))}`;
  return `${req.method} ${req.path.slice(0, 300)}\n  headers: ${JSON.stringify(req.headers).slice(0, 400)}${body}`;
}

export function fuzzEveryRoute(kind: StoreKind): void {
  describe(`every route, fuzzed, on ${kind} (seed ${SEED}, ${RUNS} requests a route)`, () => {
    let w: World;
    let routes: RouteUnderTest[];
    let lastFingerprint: Record<string, number>;
    let counter = 0;
    const fresh = () => `fz-${kind}-${++counter}`;

    before(async () => {
      w = await startWorld(kind);
      const templates = routeTemplates(w);
      routes = w.gw.routes.map((r) => ({ ...r, surface: surfaceOf(r.url), templates: templatesOf(templates, r.method, r.url) }));
      lastFingerprint = await w.fingerprint();
    });
    after(async () => {
      await w?.close();
    });

    /** Sends one request and throws, with the request and the answer, on anything the properties forbid. */
    async function check(req: FuzzRequest): Promise<void> {
      const res = await w.send(req.method, req.path, req.headers, req.body);
      const sentPath = new URL(`${w.gw.base}${req.path}`).pathname;
      const problems: string[] = [];
      if (res.status >= 500) problems.push(`a ${res.status}`);
      if (res.status >= 400) {
        const shape = errorShapeProblem(surfaceOf(sentPath), req.method, sentPath, res);
        if (shape) problems.push(`not in the ${surfaceOf(sentPath)} error format: ${shape}`);
      }
      const now = await w.fingerprint();
      if (res.status >= 400) {
        const changed = Object.keys(now).filter((k) => now[k] !== lastFingerprint[k]);
        if (changed.length > 0)
          problems.push(`a refused request wrote: ${changed.map((k) => `${k} ${lastFingerprint[k]} → ${now[k]}`).join(', ')}`);
      }
      lastFingerprint = now;
      const logged = w.takeLogLines().filter((l) => res.status >= 400 || l.level >= ERROR_LEVEL);
      if (logged.length > 0) problems.push(`logged: ${JSON.stringify(logged).slice(0, 600)}`);
      if (problems.length > 0) {
        assert.fail(`${problems.join('; ')}\n  request: ${describeRequest(req)}\n  answer: ${res.status} ${res.text.slice(0, 400)}`);
      }
    }

    async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, runs: number, send: (value: T) => FuzzRequest): Promise<void> {
      try {
        await fc.assert(
          fc.asyncProperty(arbitrary, (value) => check(send(value))),
          { seed: seedFor(name), numRuns: runs },
        );
      } catch (e) {
        throw new Error(
          `fuzzing ${name} on ${kind} failed; replay the run with WALLETGATE_FUZZ_SEED=${SEED} WALLETGATE_FUZZ_RUNS=${RUNS} ` +
            `node scripts/run-tests.mjs test/fuzz/every-route-${kind}\n${(e as Error).message}\n${String((e as Error).cause ?? '')}`,
          { cause: e },
        );
      }
    }

    it('knows every route: each is in a part of walletgate whose answers it can judge, and has a template of a good request', () => {
      const unjudged = routes.filter((r) => r.surface === 'walletgate' && !WALLETGATE_ROUTES.has(r.url)).map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(unjudged, [], 'routes outside every known API: say what their errors look like in test/fuzz/api-formats.ts');
      const untemplated = routes
        .filter(
          (r) =>
            r.templates.length === 0 &&
            !DOCS_ROUTE.test(r.url) &&
            !TEMPLATE_FREE.has(`${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`) &&
            !TEMPLATE_FREE.has(`${r.method} ${r.url}`),
        )
        .map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(untemplated, [], 'routes without a good request to start from: add one to test/fuzz/route-templates.ts');
      assert.ok(routes.length > 60, `the app registered ${routes.length} routes`);
    });

    it('every route: no 5xx, errors in the API’s own shape, a refused request writes and logs nothing', async (t) => {
      for (const route of routes) {
        const name = `${route.method} ${route.url}`;
        await t.test(name, () =>
          fuzz(name, requestPlan, route.method === 'HEAD' ? Math.ceil(RUNS / 3) : RUNS, (plan) => buildRequest(route, plan, w.keys, fresh)),
        );
      }
    });

    it('stray paths and methods under every prefix: the same', async (t) => {
      for (const prefix of PREFIXES) {
        const name = `stray paths under ${prefix || '/'}`;
        await t.test(name, () =>
          fuzz(name, strayPath, RUNS * 4, (p) => {
            const path = `${prefix}/${p.segments.join('/')}`;
            const headers = authHeaders(surfaceOf(path), w.keys, p.auth, p.garbled);
            const withBody = p.body !== undefined && p.method !== 'GET' && p.method !== 'HEAD';
            return withBody
              ? { method: p.method, path, headers: { ...headers, 'content-type': 'application/json' }, body: p.body }
              : { method: p.method, path, headers };
          }),
        );
      }
    });
  });
}
