/**
 * Typed reads of a Checkout.com request body. Each failure is Checkout.com's 422 with the field's
 * own code: `<field>_required` when absent, `<field>_invalid` when malformed (nested fields joined
 * with "_", as Checkout.com does: customer_email_invalid, processing_terminal_type_invalid).
 */
import { invalid } from './errors.js';
import { at, isObj, type Obj } from '../json-path.js';

const code = (path: string, what: 'required' | 'invalid') => `${path.replaceAll('.', '_')}_${what}`;
export const required = (path: string) => invalid(code(path, 'required'));
export const malformed = (path: string) => invalid(code(path, 'invalid'));

export function body(v: unknown): Obj {
  if (!isObj(v)) throw invalid('request_body_invalid');
  return v;
}

export function optString(o: Obj, path: string, max: number): string | undefined {
  const v = at(o, path);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.length > max) throw malformed(path);
  return v;
}

export function optObj(o: Obj, path: string): Obj | undefined {
  const v = at(o, path);
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw malformed(path);
  return v;
}

export function optInt(o: Obj, path: string, min: number): number | undefined {
  const v = at(o, path);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw malformed(path);
  return v;
}

/** Checkout.com takes booleans and their strings ("true", as seed 002's recurring example sends). */
export function optBool(o: Obj, path: string): boolean | undefined {
  const v = at(o, path);
  if (v === undefined || v === null) return undefined;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw malformed(path);
}

/** One of `allowed`, compared case-insensitively; returns the canonical spelling. */
export function optEnum<T extends string>(o: Obj, path: string, allowed: readonly T[]): T | undefined {
  const v = optString(o, path, 50);
  if (v === undefined) return undefined;
  const found = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
  if (!found) throw malformed(path);
  return found;
}

export function optUrl(o: Obj, path: string): string | undefined {
  const v = optString(o, path, 1024);
  if (v === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw malformed(path);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw malformed(path);
  return v;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function optEmail(o: Obj, path: string): string | undefined {
  const v = optString(o, path, 255);
  if (v !== undefined && !EMAIL.test(v)) throw malformed(path);
  return v;
}
