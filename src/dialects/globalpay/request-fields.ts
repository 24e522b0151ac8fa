/**
 * Typed readers for one field of a (key-normalised) GlobalPay request object. Each returns the
 * value or null when absent (JSON null counts as absent), and throws a GlobalPayError worded like
 * GlobalPay's own ("Validation failed - Currency (RegEx: ^[A-Z]{3}$)") when the value is wrong.
 */
import { MAX_AMOUNT_MINOR } from '../../core/money.js';
import { fieldError, RETURN_CODES, type ReturnCode } from './errors.js';
import { isJsonObject, type Json } from './normalise-keys.js';

export type JsonObject = { [key: string]: Json };

interface StringRule {
  max: number;
  regex?: RegExp;
  /** Shown in the message instead of the regex source. */
  describe?: string;
  /** Code for a malformed value (default 2 "Validation failed"). */
  invalidCode?: ReturnCode;
  /** Accept a JSON number and read it as its decimal string (ids some SDKs send as numbers). */
  acceptNumber?: boolean;
}

function present(v: Json | undefined): v is Exclude<Json, null> {
  return v !== undefined && v !== null;
}

export function missing(path: string, code: ReturnCode = RETURN_CODES.missingParameter): never {
  throw fieldError(code, path);
}

export function readString(obj: JsonObject, key: string, path: string, rule: StringRule): string | null {
  const v = obj[key];
  if (!present(v)) return null;
  const code = rule.invalidCode ?? RETURN_CODES.validationFailed;
  const describe = rule.describe ?? (rule.regex ? `RegEx: ${rule.regex.source}` : `text of at most ${rule.max} characters`);
  let s: string;
  if (typeof v === 'string') s = v;
  else if (rule.acceptNumber && typeof v === 'number' && Number.isSafeInteger(v)) s = String(v);
  else throw fieldError(code, path, describe);
  if (s.length === 0 || s.length > rule.max || (rule.regex && !rule.regex.test(s))) throw fieldError(code, path, describe);
  return s;
}

export function requireString(obj: JsonObject, key: string, path: string, rule: StringRule & { missingCode?: ReturnCode }): string {
  return readString(obj, key, path, rule) ?? missing(path, rule.missingCode);
}

/** A whole number given as a JSON integer or a string of digits ("1135"). */
export function readInteger(
  obj: JsonObject,
  key: string,
  path: string,
  min: number,
  max: number,
  code: ReturnCode = RETURN_CODES.validationFailed,
): number | null {
  const v = obj[key];
  if (!present(v)) return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,16}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw fieldError(code, path, `a whole number from ${min} to ${max}`);
  return n;
}

const AMOUNT_RULE = `a positive whole number of minor units up to ${MAX_AMOUNT_MINOR}, as a number or a string of digits; KRW has no minor unit, so 100 is 100 won`;

/** An amount in minor units: a JSON integer or a string of digits, 1 … MAX_AMOUNT_MINOR; else code 118. */
export function readAmount(obj: JsonObject, key: string, path: string): number | null {
  const v = obj[key];
  if (!present(v)) return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_AMOUNT_MINOR) throw fieldError(RETURN_CODES.amountInvalid, path, AMOUNT_RULE);
  return n;
}

export function requireAmount(obj: JsonObject, key: string, path: string): number {
  return readAmount(obj, key, path) ?? missing(path);
}

export function readObject(obj: JsonObject, key: string, path: string): JsonObject | null {
  const v = obj[key];
  if (!present(v)) return null;
  if (!isJsonObject(v)) throw fieldError(RETURN_CODES.validationFailed, path, 'an object');
  return v;
}

export function readArray(obj: JsonObject, key: string, path: string, maxItems: number): Json[] | null {
  const v = obj[key];
  if (!present(v)) return null;
  if (!Array.isArray(v) || v.length > maxItems)
    throw fieldError(RETURN_CODES.validationFailed, path, `a list of at most ${maxItems} items`);
  return v;
}

/** An absolute http(s) URL. */
export function readUrl(
  obj: JsonObject,
  key: string,
  path: string,
  invalidCode: ReturnCode = RETURN_CODES.validationFailed,
): string | null {
  const s = readString(obj, key, path, { max: 2048, describe: 'an absolute http or https URL', invalidCode });
  if (s === null) return null;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw fieldError(invalidCode, path, 'an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fieldError(invalidCode, path, 'an absolute http or https URL');
  return s;
}

/** Copies the fields with no walletgate meaning, as sent, so responses can echo them. */
export function pickExtras(obj: JsonObject, keys: readonly string[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const k of keys) {
    const v = obj[k];
    if (present(v)) out[k] = v;
  }
  return out;
}
