/**
 * What fast-check generates and shrinks for one request: a `RequestPlan` says which method, which
 * template, how each path parameter, the query and the body are mutated (wrong types, huge, deep,
 * unicode, NUL and lone surrogates, missing, extra), which credentials (the demo merchant's, another
 * merchant's, another API's, garbled, none), which content type and extra headers. `strayPath` is a
 * request to a path no route may take. build-request.ts turns a plan into the bytes sent.
 */
import fc from 'fast-check';
import { anyValue, encodeSegment, headerValue, nastyString, rawBody, RAW_SEGMENTS } from './value-arbitraries.js';

export type BodyMutation =
  { op: 'set'; at: number; value: unknown } | { op: 'delete'; at: number } | { op: 'add'; at: number; key: string; value: unknown };

export type BodyPlan =
  { kind: 'template'; mutations: BodyMutation[] } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string } | { kind: 'none' };

export type ParamPlan = { kind: 'valid'; pick: number } | { kind: 'text'; text: string } | { kind: 'raw'; raw: string };

export type QueryMutation =
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

const bodyMutation: fc.Arbitrary<BodyMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: anyValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: nastyString, value: anyValue }) },
);

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
