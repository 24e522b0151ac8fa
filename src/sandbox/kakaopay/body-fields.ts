/**
 * Reading request-body fields the way KakaoPay validates them: a missing or malformed field is
 * error -2 naming the field. Integers may arrive as JSON numbers or digit strings (form bodies).
 */
import { ERR, KakaoPayApiError } from './api-error.js';
import { isKeptText } from './stored-text.js';

export type Body = Record<string, unknown>;

export function asBody(raw: unknown): Body {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new KakaoPayApiError(ERR.badParam, 'request body must be a JSON object');
  }
  return raw as Body;
}

function missing(name: string): KakaoPayApiError {
  return new KakaoPayApiError(ERR.badParam, `${name} is required`);
}

export function optionalString(body: Body, name: string, max = 255): string | null {
  const v = body[name];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new KakaoPayApiError(ERR.badParam, `${name} must be a string`);
  if (v.length > max) throw new KakaoPayApiError(ERR.badParam, `${name} is longer than ${max} characters`);
  if (!isKeptText(v)) throw new KakaoPayApiError(ERR.badParam, `${name} contains a NUL character or a lone surrogate`);
  return v;
}

export function requireString(body: Body, name: string, max = 255): string {
  const v = optionalString(body, name, max);
  if (v === null) throw missing(name);
  return v;
}

export function optionalInt(body: Body, name: string, min = 0): number | null {
  const v = body[name];
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new KakaoPayApiError(ERR.badParam, `${name} must be an integer`);
  if (n < min) throw new KakaoPayApiError(ERR.badParam, `${name} must be at least ${min}`);
  return n;
}

export function requireInt(body: Body, name: string, min = 0): number {
  const v = optionalInt(body, name, min);
  if (v === null) throw missing(name);
  return v;
}

export function requireUrl(body: Body, name: string): string {
  const v = requireString(body, name, 255);
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new KakaoPayApiError(ERR.badParam, `${name} must be an absolute URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new KakaoPayApiError(ERR.badParam, `${name} must be an http(s) URL`);
  return v;
}
