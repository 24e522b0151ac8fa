/**
 * Keeps an OpenAPI description true: loads docs/openapi/<api>.yaml, compares its operations with the
 * routes the app really registered, and validates real response bodies, request bodies and webhook payloads against
 * the schemas it declares, with Ajv (OpenAPI 3.1 schemas are JSON Schema 2020-12).
 */
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// ajv-formats is CommonJS: its default export arrives as the module object under ESM
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv2020,
) => void;

type Json = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

export interface OpenApiCheck {
  spec: Json;
  /** "GET /payments/{id}" for every operation, with the server's path prefix left out. */
  operations: string[];
  /** Asserts that `body`, answered with `status` to `method path` (a path template), matches the description. */
  assertResponse(method: string, pathTemplate: string, status: number, body: unknown): void;
  /** Whether the described request body of `method path` accepts `body`, with Ajv's complaint when not. */
  requestVerdict(method: string, pathTemplate: string, body: unknown): { ok: boolean; why: string };
  /** Asserts a webhook payload matches the description's `webhooks.<name>` request body. */
  assertWebhook(name: string, body: unknown): void;
  /** Every described operation is a route, and every route under `prefix` is described. */
  assertRoutesMatch(routes: { method: string; url: string }[], prefix: string, ignore?: string[]): void;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function loadOpenApi(file: string): OpenApiCheck {
  const spec = parse(readFileSync(file, 'utf8')) as Json;
  assert.match(String(spec.openapi), /^3\.1\./, `${file}: an OpenAPI 3.1 description`);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: 'spec' });
  const paths = (spec.paths ?? {}) as Record<string, Record<string, Operation>>;
  const operations = Object.entries(paths).flatMap(([p, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((m) => `${m.toUpperCase()} ${p}`),
  );
  const pointer = (...parts: string[]) => 'spec#/' + parts.map((x) => x.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

  const validate = (ref: string, body: unknown, what: string) => {
    const v = ajv.getSchema(ref);
    assert.ok(v, `${what}: no schema at ${ref}`);
    if (!v(body)) {
      assert.fail(
        `${what} does not match the description:\n${ajv.errorsText(v.errors, { separator: '\n' })}\n${JSON.stringify(body).slice(0, 1500)}`,
      );
    }
  };

  return {
    spec,
    operations,
    assertResponse(method, pathTemplate, status, body) {
      const op = paths[pathTemplate]?.[method.toLowerCase()];
      assert.ok(op, `${method} ${pathTemplate} is not described`);
      const key = op.responses?.[String(status)]
        ? String(status)
        : op.responses?.[`${String(status)[0]}XX`]
          ? `${String(status)[0]}XX`
          : 'default';
      assert.ok(op.responses?.[key], `${method} ${pathTemplate}: response ${status} is not described`);
      const media = op.responses[key].content?.['application/json'];
      if (!media?.schema) {
        assert.ok(
          body === undefined || body === '' || (typeof body === 'object' && body !== null && Object.keys(body).length === 0),
          `${method} ${pathTemplate} ${status}: described without a body`,
        );
        return;
      }
      validate(
        pointer('paths', pathTemplate, method.toLowerCase(), 'responses', key, 'content', 'application/json', 'schema'),
        body,
        `${method} ${pathTemplate} ${status}`,
      );
    },
    requestVerdict(method, pathTemplate, body) {
      const ref = pointer('paths', pathTemplate, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema');
      const v = ajv.getSchema(ref);
      assert.ok(v, `${method} ${pathTemplate} has no described request body`);
      const ok = v(body) as boolean;
      return { ok, why: ok ? '' : ajv.errorsText(v.errors, { separator: '\n' }) };
    },
    assertWebhook(name, body) {
      const hooks = (spec.webhooks ?? {}) as Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: Json }> } } }>;
      assert.ok(hooks[name]?.post?.requestBody?.content?.['application/json']?.schema, `webhook ${name} is not described`);
      validate(pointer('webhooks', name, 'post', 'requestBody', 'content', 'application/json', 'schema'), body, `webhook ${name}`);
    },
    assertRoutesMatch(routes, prefix, ignore = []) {
      const served = new Set(
        routes
          .filter((r) => r.url.startsWith(prefix) && r.method !== 'HEAD')
          .map((r) => `${r.method} ${r.url.slice(prefix.length).replace(/:([A-Za-z_]+)(\([^)]*\))?/g, '{$1}') || '/'}`),
      );
      const described = new Set(operations);
      const undocumented = [...served].filter((r) => !described.has(r) && !ignore.includes(r));
      const missing = [...described].filter((d) => !served.has(d));
      assert.deepEqual(undocumented, [], `routes under ${prefix} that the description does not have`);
      assert.deepEqual(missing, [], `described operations that are not routes under ${prefix}`);
    },
  };
}
