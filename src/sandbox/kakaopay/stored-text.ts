/**
 * What text the sandbox's state keeps: well-formed Unicode without U+0000. PostgreSQL stores neither
 * a NUL character nor a lone UTF-16 surrogate, so the API refuses such a field (error -2) and the
 * pages treat such a tid as unknown, on SQLite as on PostgreSQL.
 */

// Without the u flag the expression sees UTF-16 code units, so a surrogate can be matched alone.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isKeptText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}
