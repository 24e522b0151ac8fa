/**
 * Typed reads of an Adyen request body, each failing with Adyen's own error for that field. Paths
 * are dotted as Adyen names them in messages ("amount.value").
 */
import { AdyenError, invalid } from './errors.js';
import { at, isObj, type Obj } from '../json-path.js';

export function body(v: unknown): Obj {
  if (!isObj(v)) throw new AdyenError(422, '702', 'Unexpected input: the request body must be a JSON object.');
  return v;
}

export function optString(o: Obj, path: string, max = 1000): string | undefined {
  const v = at(o, path);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid.type(path, 'a string');
  if (v.length > max) throw invalid.type(path, `at most ${max} characters`);
  return v;
}

export function string(o: Obj, path: string, max = 1000): string {
  const v = optString(o, path, max);
  if (v === undefined || v.trim() === '') throw invalid.missing(path);
  return v;
}

export function optBool(o: Obj, path: string): boolean | undefined {
  const v = at(o, path);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid.type(path, 'true or false');
  return v;
}

export function optEnum<T extends string>(o: Obj, path: string, allowed: readonly T[]): T | undefined {
  const v = optString(o, path);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw invalid.type(path, `one of ${allowed.join(', ')}`);
  return v as T;
}

export function optObj(o: Obj, path: string): Obj | undefined {
  const v = at(o, path);
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw invalid.type(path, 'an object');
  return v;
}

/** Adyen's `Amount {currency, value}`: value in minor units, a whole number. */
export function amount(o: Obj, path = 'amount'): { value: number; currency: string } {
  const a = optObj(o, path);
  if (!a) throw invalid.missing(path);
  const value = a.value;
  if (value === undefined || value === null) throw invalid.missing(`${path}.value`);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new AdyenError(422, '137', `Invalid amount specified: ${path}.value must be a positive whole number of minor units.`);
  }
  const currency = a.currency;
  if (currency === undefined || currency === null) throw invalid.missing(`${path}.currency`);
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    throw new AdyenError(422, '138', `Unsupported currency specified: ${path}.currency must be an ISO 4217 code such as KRW.`);
  }
  return { value, currency };
}

/** An https/http URL, as returnUrl must be. */
export function url(o: Obj, path: string): string {
  const v = string(o, path, 2048);
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw invalid.type(path, 'an absolute URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid.type(path, 'an http or https URL');
  return v;
}

/** A query parameter given once, as a string (a repeated parameter arrives as an array: refused). */
export function queryString(query: unknown, name: string, max = 256): string | undefined {
  const v = isObj(query) ? query[name] : undefined;
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid.type(name, 'one value');
  if (v.length > max) throw invalid.type(name, `at most ${max} characters`);
  return v;
}
