/**
 * The values the fuzzer puts where a request expects something else: strings with NUL characters,
 * lone surrogates, markup, numbers in words, huge ones; any JSON value, nested too deep; raw bodies
 * that are not JSON; path segments that do not decode; header values fetch can send.
 */
import fc from 'fast-check';
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
export const headerValue = fc.string({
  unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff })).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

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

export const rawBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...RAW_BODIES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 30, max: 5000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((n) => '['.repeat(n)) },
);

export const RAW_SEGMENTS = [
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
