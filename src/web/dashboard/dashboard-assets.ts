/**
 * The dashboard's scripts (ADR 0025), served by the gateway itself so the dashboard works offline and
 * the CSP can say script-src 'self': chart.js's UMD build (read once from the installed package) and
 * the analytics page's own script. Public (no data in them), cached for a day.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ANALYTICS_SCRIPT } from './analytics-script.js';

export const CHART_SCRIPT_PATH = '/dashboard/assets/chart.umd.min.js';
export const ANALYTICS_SCRIPT_PATH = '/dashboard/assets/analytics.js';

function chartJs(): string {
  // the package's main entry is dist/chart.cjs; the UMD build sits beside it
  const require = createRequire(import.meta.url);
  const main = require.resolve('chart.js');
  return readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
}

export function registerDashboardAssets(app: FastifyInstance): void {
  const chart = chartJs();
  const headers = {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'public, max-age=86400',
    'x-content-type-options': 'nosniff',
  };
  app.get('/assets/chart.umd.min.js', (_req, reply) => reply.code(200).headers(headers).send(chart));
  app.get('/assets/analytics.js', (_req, reply) => reply.code(200).headers(headers).send(ANALYTICS_SCRIPT));
}
