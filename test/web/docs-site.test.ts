/**
 * /docs over real HTTP (ADR 0030): every API in the dialect registry, and the Data API, has a served
 * OpenAPI description that parses, is the file in docs/openapi/ but for its one relative server, and
 * holds the security scheme its demo key fills; the demo keys reach the page's script only with the
 * sandbox on; no guide name reaches outside the allow-list (`..`, encoded, doubled, backslashes);
 * every link between guides lands on a served guide and heading; pages carry tight security headers;
 * /favicon.ico is an icon; `/` and the banner point to /docs; the package root is found from a
 * compiled build's depth too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { DIALECTS, DIALECT_IDS } from '../../src/dialects/index.js';
import { DATA_API_OPENAPI } from '../../src/web/dashboard/data-api-routes.js';
import { DEMO_GLOBALPAY_KEYS } from '../../src/dialects/globalpay/demo.js';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { docsCatalog } from '../../src/web/docs/docs-catalog.js';
import { apiReferenceScript } from '../../src/web/docs/api-reference-script.js';
import { docsIndexPage } from '../../src/web/docs/docs-pages.js';
import { packageRoot } from '../../src/web/docs/package-root.js';
import { banner } from '../../src/cli/start-command.js';

const ROOT = packageRoot();

/** A GET with the path sent exactly as written (fetch and URL would resolve `..` first). */
function rawGet(base: string, path: string): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    request({ host: hostname, port, path, method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

interface SecurityScheme {
  type: string;
  scheme?: string;
}
interface Spec {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, unknown>;
  components?: { securitySchemes?: Record<string, SecurityScheme> };
}

const APIS = [
  ...DIALECT_IDS.map((id) => ({ file: DIALECTS[id].openapi.file, basePath: `/${id}`, auth: DIALECTS[id].demo.docsAuth })),
  { file: DATA_API_OPENAPI.file, basePath: DATA_API_OPENAPI.basePath, auth: undefined },
];

describe('/docs over HTTP', () => {
  let gw: Gateway;
  before(async () => {
    gw = await startGateway('sqlite', { workers: false });
  });
  after(async () => {
    await gw?.close();
  });

  it('serves every registered API’s description, parsing, with this gateway as its one server and the demo key’s scheme', async () => {
    for (const api of APIS) {
      const res = await fetch(`${gw.base}/docs/openapi/${api.file}`);
      assert.equal(res.status, 200, api.file);
      assert.match(res.headers.get('content-type') ?? '', /^application\/yaml/);
      const served = parse(await res.text()) as Spec;
      const onDisk = parse(readFileSync(join(ROOT, 'docs/openapi', api.file), 'utf8')) as Spec;
      assert.equal(served.openapi, '3.1.0');
      assert.deepEqual(
        served.servers?.map((s) => s.url),
        [api.basePath],
        `${api.file}: one relative server`,
      );
      assert.ok(Object.keys(served.paths).length > 0);
      assert.deepEqual({ ...served, servers: [] }, { ...onDisk, servers: [] }, `${api.file}: the file but for its servers`);
      if (api.auth) {
        const scheme = served.components?.securitySchemes?.[api.auth.scheme];
        assert.ok(scheme, `${api.file} has the security scheme ${api.auth.scheme}`);
        if (!scheme) continue;
        if ('basic' in api.auth) assert.deepEqual([scheme.type, scheme.scheme], ['http', 'basic']);
        else
          assert.ok(scheme.type === 'apiKey' || (scheme.type === 'http' && scheme.scheme === 'bearer'), `${api.auth.scheme} takes a token`);
      }
    }
  });

  it('Try it out: the demo keys are in the page’s script with the sandbox on, and only then', async () => {
    const script = await (await fetch(`${gw.base}/docs/assets/api-reference.js`)).text();
    assert.ok(script.includes(DEMO_GLOBALPAY_KEYS[0]) && script.includes(DEMO_ADYEN.apiKey));
    const offline = apiReferenceScript(docsCatalog(ROOT, { sandbox: false }).apis);
    for (const key of [DEMO_GLOBALPAY_KEYS[0], DEMO_ADYEN.apiKey]) assert.ok(!offline.includes(key), 'no demo key with a real wallet');
    for (const api of APIS) assert.ok(offline.includes(`/docs/openapi/${api.file}`), `${api.file} is in the top bar`);
  });

  it('serves no file outside the guides’ allow-list, however the path is spelled', async () => {
    const secret = readFileSync(join(ROOT, 'package.json'), 'utf8').slice(0, 40);
    const attempts = [
      '/docs/guides/../../package.json',
      '/docs/guides/../package.json',
      '/docs/guides/%2e%2e/%2e%2e/package.json',
      '/docs/guides/%2E%2E%2F%2E%2E%2Fpackage.json',
      '/docs/guides/..%2f..%2fpackage.json',
      '/docs/guides/..%5c..%5cpackage.json',
      '/docs/guides/..\\..\\package.json',
      '/docs/guides/%252e%252e%252fpackage.json',
      '/docs/guides/README.md',
      '/docs/guides//etc/passwd',
      '/docs/guides/%2fetc%2fpasswd',
      '/docs/guides/dialects/../../../package.json',
      '/docs/openapi/../../package.json',
      '/docs/openapi/..%2f..%2fpackage.json',
      '/docs/assets/..%2f..%2fpackage.json',
      '/docs/assets/swagger-ui.js.map',
      '/docs/guides/adr/../../../src/app.ts',
    ];
    for (const path of attempts) {
      const res = await rawGet(gw.base, path);
      assert.ok(res.status === 404 || res.status === 400, `${path}: ${res.status}`);
      assert.match(res.headers['content-type'] ?? '', /^text\/html/, path);
      assert.ok(!res.body.toString().includes(secret), `${path} does not show package.json`);
    }
  });

  it('every link between guides lands on a served guide, and on a heading of it', async () => {
    const pages = new Map<string, string>();
    const get = async (path: string) => {
      if (!pages.has(path)) {
        const res = await fetch(`${gw.base}${path}`);
        assert.equal(res.status, 200, path);
        pages.set(path, await res.text());
      }
      return pages.get(path)!;
    };
    const guides = docsCatalog(ROOT, { sandbox: true }).guides;
    assert.ok(guides.some((g) => g.source === 'README.md') && guides.length > 30);
    let links = 0;
    for (const g of guides) {
      const html = await get(`/docs/guides/${g.name}`);
      for (const [, href] of html.matchAll(/href="(\/docs\/guides\/[^"]*)"/g)) {
        const [path, fragment] = href!.split('#');
        const target = await get(path!);
        if (fragment) assert.ok(target.includes(` id="${fragment}"`), `${g.source} → ${href}: no such heading`);
        links++;
      }
      // no relative link is left to 404 in a browser
      assert.deepEqual(
        [...html.matchAll(/<a href="(?!\/|#|https?:|mailto:)([^"]*)"/g)].map((m) => m[1]),
        [],
        `${g.source}: relative links left`,
      );
    }
    assert.ok(links > 50, `${links} links between guides checked`);
  });

  it('pages: a CSP that allows only this origin, scripts only on the API reference; favicon; / and the banner point to /docs', async () => {
    const index = await fetch(`${gw.base}/docs`);
    const csp = index.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src/);
    assert.equal(index.headers.get('x-frame-options'), 'DENY');
    const api = await fetch(`${gw.base}/docs/api`);
    const apiCsp = api.headers.get('content-security-policy') ?? '';
    assert.match(apiCsp, /script-src 'self';/);
    assert.match(apiCsp, /connect-src 'self';/);
    assert.doesNotMatch(apiCsp, /unsafe-eval|https?:|\*/);
    assert.doesNotMatch(await api.text(), /<script>/, 'no inline script');
    const css = await fetch(`${gw.base}/docs/assets/swagger-ui.css`);
    assert.match(css.headers.get('cache-control') ?? '', /max-age=86400/);
    assert.doesNotMatch(await css.text(), /sourceMappingURL/, 'no pointer to a map that is not served');
    const icon = await fetch(`${gw.base}/favicon.ico`);
    assert.equal(icon.status, 200);
    assert.equal(icon.headers.get('content-type'), 'image/x-icon');
    assert.deepEqual([...Buffer.from(await icon.arrayBuffer()).subarray(0, 4)], [0, 0, 1, 0], 'an ICO file');
    assert.match(await (await fetch(`${gw.base}/`)).text(), /<a href="\/docs">Documentation<\/a>/);
    assert.match(banner(gw.services.config, 'sqlite'), /\/docs/);
  });
});

describe('the package root', () => {
  it('is the folder of the package.json named walletgate, from any depth, past another package.json', () => {
    const root = mkdtempSync(join(tmpdir(), 'wg-root-'));
    try {
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'walletgate' }));
      // a compiled build may carry its own package.json ({"type": "module"}) several levels down
      mkdirSync(join(root, 'dist/src/web/docs'), { recursive: true });
      writeFileSync(join(root, 'dist/package.json'), JSON.stringify({ type: 'module' }));
      assert.equal(packageRoot(join(root, 'dist/src/web/docs/package-root.js')), root);
      assert.equal(packageRoot(join(root, 'dist/web/docs/x.js')), root);
      assert.equal(packageRoot(), ROOT);
      assert.throws(() => packageRoot(join(tmpdir(), 'nowhere', 'x.js')), /no package\.json named "walletgate"/);
      // installed without README.md and docs/: /docs says so instead of stopping the start
      const bare = docsCatalog(root, { sandbox: true });
      assert.deepEqual([bare.missing, bare.apis, bare.guides], [true, [], []]);
      assert.match(docsIndexPage(bare, true), /installed without its <code>README\.md<\/code> and <code>docs\/<\/code>/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
