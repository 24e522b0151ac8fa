/**
 * ecommpay's signature (docs: "Signature generation and verification"; the `ecommpay` npm package's
 * `converter.js` and `signer.js`): every value of the object, walked level by level with each level's
 * keys sorted, written as `path:value` (the path's keys joined by `:`, array items by their index,
 * booleans as 1 / 0, null as an empty string, empty objects and arrays as nothing), joined by `;`,
 * then HMAC-SHA512 with the project's secret key, in base64. The same rule signs Gate requests,
 * Payment Page links (where `frame_mode` is left out at every level) and callbacks.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Keys the Payment Page leaves out of the signed text, at every level. */
export const PAYMENT_PAGE_UNSIGNED = ['frame_mode'] as const;

/** A key a plain object lists first, ascending: a canonical integer below 2³² − 1 (an array index). */
function isIndex(k: string): boolean {
  const c = k.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(k) && Number(k) <= 4_294_967_294;
}

const byNumber = (a: string, b: string) => Number(a) - Number(b);

/**
 * The package's key order: each level's keys sorted as strings, then put into a plain object, whose
 * keys JavaScript lists integer-like ones first, ascending (so an array's item 10 comes after 9).
 * Computed without building that object, which cost more than the rest of the signature (an
 * array's keys are its indexes, already in that order).
 */
function orderedKeys(obj: object, ignored: readonly string[]): string[] {
  if (Array.isArray(obj)) return Object.keys(obj);
  const sorted = Object.keys(obj)
    .filter((k) => !ignored.includes(k) && k !== '__proto__')
    .sort();
  if (!sorted.some(isIndex)) return sorted;
  return [...sorted.filter(isIndex).sort(byNumber), ...sorted.filter((k) => !isIndex(k))];
}

function flatten(obj: object, prefix: string, ignored: readonly string[], out: string[]): void {
  for (const key of orderedKeys(obj, ignored)) {
    let value: unknown = (obj as Record<string, unknown>)[key];
    const path = prefix === '' ? key : `${prefix}:${key}`;
    if (value === null) value = '';
    if (typeof value === 'object') {
      flatten(value as object, path, ignored, out);
      continue;
    }
    if (typeof value === 'boolean') value = value ? 1 : 0;
    out.push(`${path}:${String(value)}`);
  }
}

/** The text that is signed: `path:value` pairs joined by `;`. */
export function signedText(obj: object, ignored: readonly string[] = []): string {
  const parts: string[] = [];
  flatten(obj, '', ignored, parts);
  return parts.join(';');
}

/** The signature of `obj` (its `signature` keys must already be removed) with the project's secret key. */
export function sign(obj: object, secret: string, ignored: readonly string[] = []): string {
  return createHmac('sha512', secret).update(signedText(obj, ignored), 'utf8').digest('base64');
}

/** A copy of a parsed JSON value without any `signature` key, at any depth, and the signature it carried. */
export function withoutSignature(value: unknown): { unsigned: unknown; signature: string | undefined } {
  let signature: string | undefined;
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) {
      if (k === 'signature') {
        if (typeof inner === 'string') signature ??= inner;
        continue;
      }
      out[k] = strip(inner);
    }
    return out;
  };
  return { unsigned: strip(value), signature };
}

/** Whether `signature` is `obj`'s signature with `secret`, compared in constant time. */
export function signatureMatches(obj: object, signature: string, secret: string, ignored: readonly string[] = []): boolean {
  const expected = Buffer.from(sign(obj, secret, ignored), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
