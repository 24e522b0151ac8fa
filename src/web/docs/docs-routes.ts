/**
 * /docs (ADR 0030): the documentation, served by the gateway. GET /docs lists every API description
 * and guide; /docs/api renders the descriptions with Swagger UI (its files served from the installed
 * package, /docs/assets/…); /docs/openapi/{name}.yaml serves each description with this gateway as
 * its server; /docs/guides/{name} renders README.md and docs/…/*.md. What is served is fixed at start
 * (docs-catalog.ts): a guide's name is looked up in that list, never joined onto a path. A page
 * loads nothing from another host, and only /docs/api runs scripts (the gateway's own files).
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { apiReferenceScript } from './api-reference-script.js';
import { docsCatalog } from './docs-catalog.js';
import { apiReferencePage, docsIndexPage, docsMessagePage, guidePage } from './docs-pages.js';
import { guideHtml } from './guide-html.js';
import { packageRoot } from './package-root.js';
import { servedOpenapi } from './served-openapi.js';
import { SWAGGER_UI_FILES, swaggerUiFile, swaggerUiFolder, type SwaggerUiFile } from './swagger-ui-files.js';

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** Swagger UI: its own scripts and stylesheet, inline styles (React sets style attributes), its data: icons, and requests to this gateway only. */
const API_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const ASSET_CACHE = 'public, max-age=86400';

function html(reply: FastifyReply, status: number, body: string, csp = PAGE_CSP): FastifyReply {
  return reply
    .code(status)
    .headers({ ...BASE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': csp })
    .send(body);
}

/** A URL under /docs refused before routing (undecodable, or carrying %00): the docs' own page. */
export function docsRefusal(status: number, message: string): { status: number; body: string; headers: Record<string, string> } {
  return {
    status,
    headers: {
      ...BASE_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': PAGE_CSP,
    },
    body: docsMessagePage('Not understood', `This address is not understood: ${message}.`),
  };
}

export interface DocsOptions {
  /** Sandbox on: "Try it out" is pre-authorised with the demo merchant's published keys. */
  sandbox: boolean;
  /** The folder holding README.md and docs/ (default: walletgate's package root). */
  root?: string;
}

export const docsPlugin: FastifyPluginAsync<DocsOptions> = async (app, { sandbox, root }) => {
  const catalog = docsCatalog(root ?? packageRoot(), { sandbox });
  if (catalog.missing)
    app.log.warn({ root: catalog.root }, 'README.md and docs/ are not installed here: /docs serves no guide and no API description');
  const swaggerUi = swaggerUiFolder();
  const script = apiReferenceScript(catalog.apis);
  const rendered = new Map<string, string>();

  app.get('/', (_req, reply) => html(reply, 200, docsIndexPage(catalog, sandbox)));
  app.get('/api', (_req, reply) => html(reply, 200, apiReferencePage(sandbox), API_PAGE_CSP));

  for (const name of Object.keys(SWAGGER_UI_FILES) as SwaggerUiFile[]) {
    app.get(`/assets/${name}`, (_req, reply) =>
      reply
        .headers({ ...BASE_HEADERS, 'content-type': SWAGGER_UI_FILES[name], 'cache-control': ASSET_CACHE })
        .send(swaggerUiFile(swaggerUi, name)),
    );
  }
  // built from this gateway's settings (sandbox on or off): revalidated, not kept a day
  app.get('/assets/api-reference.js', (_req, reply) =>
    reply.headers({ ...BASE_HEADERS, 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }).send(script),
  );

  for (const api of catalog.apis) {
    app.get(`/openapi/${api.name}.yaml`, (_req, reply) =>
      reply
        .headers({ ...BASE_HEADERS, 'content-type': 'application/yaml; charset=utf-8', 'cache-control': 'no-cache' })
        .send(servedOpenapi(api.file, api.basePath)),
    );
  }

  const guides = new Map(catalog.guides.map((g) => [g.name, g]));
  app.get('/guides/*', (req, reply) => {
    const name = (req.params as { '*': string })['*'];
    const guide = guides.get(name);
    if (guide === undefined) return html(reply, 404, docsMessagePage());
    let body = rendered.get(name);
    if (body === undefined) {
      body = guidePage(guide, guideHtml(catalog, guide));
      rendered.set(name, body);
    }
    return html(reply, 200, body);
  });

  app.setNotFoundHandler((_req, reply) => html(reply, 404, docsMessagePage()));
  // a request refused before its route runs (a body on a GET Fastify cannot parse…): a page too
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'unhandled error');
    const message = status === 500 ? 'Internal error; it has been logged.' : `This request is not understood: ${err.message}`;
    return html(reply, status, docsMessagePage('Not understood', message));
  });
};
