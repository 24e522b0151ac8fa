/**
 * Turns a `RequestPlan` (request-plans.ts) and a route into the request sent: the route's real ids
 * in its path, its template's query and body mutated as the plan says, the surface's credentials.
 */
import type { Surface } from './api-formats.js';
import type { Keys } from './fuzz-world.js';
import type { BodyMutation, BodyPlan, ParamPlan, RequestPlan } from './request-plans.js';
import { REF, type RouteTemplate } from './route-templates.js';
import { encodeSegment } from './value-arbitraries.js';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
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
    case 'dashboard-data-api':
      return { header: 'authorization', values: [`Bearer wgd_${'x'.repeat(43)}`, `Bearer ${keys.checkoutcom}`, keys.globalpay] };
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
