/**
 * The fuzzer's generators. A `RequestPlan` is what fast-check generates and shrinks: which method,
 * which template, how each path parameter, the query and the body are mutated (wrong types, huge,
 * deep, unicode, NUL and lone surrogates, missing, extra), which credentials (the demo merchant's,
 * another merchant's, another API's, garbled, none), which content type and extra headers.
 * `buildRequest` turns a plan and a route into the bytes sent, with the route's real ids.
 */
import fc from 'fast-check';
import type { Surface } from './api-formats.js';
import type { Keys } from './fuzz-world.js';
import { REF, type RouteTemplate } from './route-templates.js';

// ---------------------------------------------------------------- values

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '😀',
  'pay \ud83d\ude00 ok',
  '\u202eevil',
  '\ufeff',
  '한국어 결제',
  'null',
  'true',
  '0',
  '-1',
  '1.5',
  '1e400',
  '99999999999999999999',
  'NaN',
  '<b>x</b><script>alert(1)</script>',
  "'; drop table payments; --",
  '../../etc/passwd',
  '%00',
  '%ff',
  '\\u0000',
  '{',
  '[]',
  '__proto__',
  'constructor',
  'http://',
  'javascript:alert(1)',
  'http://127.0.0.1:1/x',
  'S1234567890123456789',
  'x'.repeat(300),
  'x'.repeat(5000),
] as const;

/** A lone surrogate somewhere in an otherwise ordinary string. */
const withLoneSurrogate = fc
  .tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 8 }))
  .map(([a, c, b]) => a + String.fromCharCode(c) + b);

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 24 }) },
  { weight: 1, arbitrary: withLoneSurrogate },
);

/** Nested arrays `levels` deep around `inner`. */
function nested(levels: number, inner: unknown): unknown {
  let v = inner;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

/** Any JSON value a field could be given instead of what it expects. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER + 2, -0) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 25, max: 45 }).map((n) => nested(n, 'deep')) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(70_000), 'x'.repeat(300_000)) },
);

/** A header value fetch can send: printable ASCII and Latin-1. */
const headerValue = fc.string({
  unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

// ---------------------------------------------------------------- plans

type BodyMutation =
  { op: 'set'; at: number; value: unknown } | { op: 'delete'; at: number } | { op: 'add'; at: number; key: string; value: unknown };

type BodyPlan =
  { kind: 'template'; mutations: BodyMutation[] } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'none' };

type ParamPlan = { kind: 'valid'; pick: number } | { kind: 'text'; text: string } | { kind: 'raw'; raw: string };

type QueryMutation =
  | { op: 'set'; at: number; value: string }
  | { op: 'delete'; at: number }
  | { op: 'add'; key: string; value: string }
  | { op: 'repeat'; at: number };

export interface RequestPlan {
  /** null: the route's own method */
  method: string | null;
  template: number;
  params: ParamPlan[];
  query: { mutations: QueryMutation[]; rawSuffix: string | null };
  body: BodyPlan;
  /** null: none; undefined: the body's natural one */
  contentType: string | null | undefined;
  /** an index into the surface's credentials; past the end: `garbled` in the surface's auth header, or none */
  auth: number;
  garbled: string;
  idempotencyKey: string | null;
  extraHeader: [string, string] | null;
}

const RAW_BODIES = [
  '',
  ' ',
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '1',
  'nul',
  '{"a":1}garbage',
  '{"a":1,"a":2}',
  '\u0000',
  '{"a":"\\u0000"}',
  '{"a":"\\ud800"}',
  '{"\\u0000":1}',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '\ufeff{}',
] as const;

const rawBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...RAW_BODIES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 5000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((n) => '['.repeat(n)) },
);

const bodyMutation: fc.Arbitrary<BodyMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: anyValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: nastyString, value: anyValue }) },
);

const RAW_SEGMENTS = [
  '%',
  '%ff',
  '%zz',
  '%ED%A0%80',
  '%C0%80',
  '%00',
  '%2F',
  '..',
  '.',
  '%2e%2e',
  '~',
  '*',
  '%20',
  '+',
  ';x=1',
  'a%00b',
] as const;

const paramPlan: fc.Arbitrary<ParamPlan> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('valid' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('text' as const), text: nastyString }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), raw: fc.constantFrom(...RAW_SEGMENTS) }) },
);

const queryMutation: fc.Arbitrary<QueryMutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: nastyString }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('add' as const), key: nastyString, value: nastyString }),
  fc.record({ op: fc.constant('repeat' as const), at: fc.nat() }),
);

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/vnd.api+json',
  'application/json, text/plain',
  '',
] as const;

const EXTRA_HEADERS = [
  'accept',
  'accept-encoding',
  'x-forwarded-for',
  'x-forwarded-proto',
  'host',
  'origin',
  'content-encoding',
  'user-agent',
] as const;

export const requestPlan: fc.Arbitrary<RequestPlan> = fc.record({
  method: fc.oneof(
    { weight: 12, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS') },
  ),
  template: fc.nat(),
  params: fc.array(paramPlan, { minLength: 3, maxLength: 3 }),
  query: fc.record({
    mutations: fc.array(queryMutation, { maxLength: 3 }),
    rawSuffix: fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS, '&&', '=', 'a=1&a=2', '%3D%26') },
    ),
  }),
  body: fc.oneof(
    { weight: 2, arbitrary: fc.constant<BodyPlan>({ kind: 'template', mutations: [] }) },
    {
      weight: 6,
      arbitrary: fc.record({ kind: fc.constant('template' as const), mutations: fc.array(bodyMutation, { minLength: 1, maxLength: 3 }) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('json' as const), value: anyValue }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), text: rawBody }) },
    { weight: 1, arbitrary: fc.constant<BodyPlan>({ kind: 'none' }) },
  ),
  contentType: fc.oneof(
    { weight: 10, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  ),
  auth: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.nat({ max: 8 }) }),
  garbled: headerValue,
  idempotencyKey: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: headerValue },
    { weight: 1, arbitrary: fc.constant('k'.repeat(300)) },
  ),
  extraHeader: fc.oneof(
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...EXTRA_HEADERS), headerValue) },
  ),
});

/** Random paths under a prefix: known words, ids and junk, with any method. */
export const strayPath = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
  segments: fc.array(
    fc.oneof(
      fc.constantFrom(
        'v1',
        'v71',
        'payments',
        'refunds',
        'preapprovals',
        'recurrent',
        'details',
        'cancels',
        'status',
        'pg',
        'online',
        'pal',
        'servlet',
        'Recurring',
        '1',
        'pay_x',
        '',
      ),
      nastyString.map(encodeSegment),
      fc.constantFrom(...RAW_SEGMENTS),
    ),
    { maxLength: 5 },
  ),
  auth: fc.nat({ max: 8 }),
  garbled: headerValue,
  body: fc.option(rawBody, { nil: undefined }),
});

// ---------------------------------------------------------------- building a request

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * A path segment with every character percent-encoded as UTF-8, except lone surrogates, which are
 * written as the three bytes a careless encoder would send (%ED%A0%80): decoding them must fail cleanly.
 */
export function encodeSegment(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out +=
        `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    } else out += encodeURIComponent(text[i]!);
  }
  return out;
}

/** The credentials each surface takes, the demo merchant's first; garbled ones are added by the plan. */
function credentials(surface: Surface, keys: Keys): { header: string | null; values: string[] } {
  switch (surface) {
    case 'globalpay':
      return {
        header: 'authorization',
        values: [keys.globalpay, keys.otherGlobalpay, `Bearer ${keys.checkoutcom}`, 'Basic MzAyMDE6d3Jvbmc='],
      };
    case 'adyen':
      return { header: 'x-api-key', values: [keys.adyen, keys.otherAdyen, keys.checkoutcom, `${keys.adyen}x`] };
    case 'checkoutcom':
      return {
        header: 'authorization',
        values: [`Bearer ${keys.checkoutcom}`, keys.checkoutcom, `Bearer ${keys.otherCheckoutcom}`, keys.globalpay],
      };
    case 'sandbox-kakaopay-api':
      return { header: 'authorization', values: [`SECRET_KEY ${keys.sandbox}`, 'SECRET_KEY DEVwrong', keys.globalpay] };
    default:
      return { header: null, values: [] };
  }
}

export function authHeaders(surface: Surface, keys: Keys, pick: number, garbled: string): Record<string, string> {
  const { header, values } = credentials(surface, keys);
  if (header === null) return {};
  if (pick < values.length) return { [header]: values[pick]! };
  return pick === values.length ? { [header]: garbled } : {};
}

type Json = Record<string, unknown> | unknown[];

/** Every place in a JSON value (root first), as key / index paths. */
function placesIn(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => placesIn(v, [...path, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) placesIn(v, [...path, k], out);
  return out;
}

function parentOf(root: unknown, path: (string | number)[]): Json | undefined {
  let cur: unknown = root;
  for (const step of path.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[step];
  return cur !== null && typeof cur === 'object' ? (cur as Json) : undefined;
}

function applyMutation(root: unknown, m: BodyMutation): unknown {
  const places = placesIn(root);
  const path = places[m.at % places.length]!;
  if (m.op === 'add') {
    let target: unknown = root;
    for (const step of path) target = (target as Record<string | number, unknown>)[step];
    if (target === null || typeof target !== 'object' || Array.isArray(target)) target = root;
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
    return root;
  }
  if (path.length === 0) return m.op === 'set' ? m.value : undefined;
  const parent = parentOf(root, path)!;
  const last = path[path.length - 1]!;
  if (m.op === 'set') (parent as Record<string | number, unknown>)[last] = m.value;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete (parent as Record<string, unknown>)[String(last)];
  return root;
}

function bodyText(template: RouteTemplate, plan: BodyPlan): { text: string; type: string } | undefined {
  switch (plan.kind) {
    case 'none':
      return undefined;
    case 'raw':
      return { text: plan.text, type: 'application/json' };
    case 'json':
      return { text: JSON.stringify(plan.value) ?? 'null', type: 'application/json' };
    case 'template': {
      if (template.form) {
        const form = new URLSearchParams(template.form);
        for (const m of plan.mutations)
          if (m.op === 'set' && typeof m.value === 'string') form.set(Object.keys(template.form)[0] ?? 'x', m.value);
        return { text: form.toString(), type: 'application/x-www-form-urlencoded' };
      }
      // a route that takes no body (a GET asked with POST, a route without a template) gets one built from nothing
      if (template.json === undefined && plan.mutations.length === 0) return undefined;
      let value: unknown = template.json === undefined ? {} : structuredClone(template.json);
      for (const m of plan.mutations) value = applyMutation(value, m);
      return value === undefined ? undefined : { text: JSON.stringify(value), type: 'application/json' };
    }
  }
}

function queryText(template: RouteTemplate, plan: RequestPlan['query']): string {
  const entries: [string, string][] = Object.entries(template.query ?? {});
  for (const m of plan.mutations) {
    if (m.op === 'add') entries.push([m.key, m.value]);
    else if (entries.length > 0) {
      const i = m.at % entries.length;
      if (m.op === 'set') entries[i] = [entries[i]![0], m.value];
      else if (m.op === 'delete') entries.splice(i, 1);
      else entries.push(entries[i]!);
    }
  }
  const text = entries.map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&');
  const all = [text, plan.rawSuffix ?? ''].filter((t) => t !== '').join('&');
  return all === '' ? '' : `?${all}`;
}

/** `url` with its `:name` / `:name(regex)` parameters filled in as the plan says. */
function fillPath(url: string, template: RouteTemplate, plans: ParamPlan[]): string {
  let n = 0;
  return url.replace(/:([A-Za-z]+)(\([^/]*\))?/g, (_m, name: string) => {
    const plan = plans[n++ % plans.length]!;
    const valid = template.params?.[name] ?? [];
    if (plan.kind === 'raw') return plan.raw;
    if (plan.kind === 'text' || valid.length === 0) return encodeSegment(plan.kind === 'text' ? plan.text : 'x');
    return encodeSegment(valid[plan.pick % valid.length]!);
  });
}

export interface RouteUnderTest {
  method: string;
  url: string;
  surface: Surface;
  templates: RouteTemplate[];
}

/** The request a plan makes of a route. `fresh()` gives a new merchant reference for each "__REF__". */
export function buildRequest(route: RouteUnderTest, plan: RequestPlan, keys: Keys, fresh: () => string): FuzzRequest {
  const template = route.templates.length > 0 ? route.templates[plan.template % route.templates.length]! : {};
  const method = plan.method ?? route.method;
  const path = fillPath(route.url, template, plan.params) + queryText(template, plan.query);
  const headers: Record<string, string> = authHeaders(route.surface, keys, plan.auth, plan.garbled);
  const idempotencyHeader = route.surface === 'adyen' ? 'idempotency-key' : route.surface === 'checkoutcom' ? 'cko-idempotency-key' : null;
  if (idempotencyHeader && plan.idempotencyKey !== null) headers[idempotencyHeader] = plan.idempotencyKey;
  if (plan.extraHeader && plan.extraHeader[0] !== 'host') headers[plan.extraHeader[0]] = plan.extraHeader[1];
  const body = method === 'GET' || method === 'HEAD' ? undefined : bodyText(template, plan.body);
  if (body !== undefined) {
    if (plan.contentType === undefined) headers['content-type'] = body.type;
    else if (plan.contentType !== null) headers['content-type'] = plan.contentType;
    return { method, path, headers, body: body.text.replaceAll(REF, fresh()) };
  }
  return { method, path, headers };
}
