/**
 * What text walletgate keeps: well-formed Unicode without U+0000. PostgreSQL can store neither a
 * NUL character nor a lone UTF-16 surrogate (half of a pair, which is not a character at all), and
 * SQLite would quietly keep the first and mangle the second, so both stores refuse them alike and
 * the edges refuse them before anything runs (docs/errors.md, "Input limits").
 */

// Without the u flag a regular expression sees UTF-16 code units, so a surrogate can be matched alone.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be kept, in words for a message ("a NUL character (U+0000)"); undefined when it can. */
export function unstorableCharacter(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character (U+0000)';
  const lone = LONE_SURROGATE.exec(text)?.[0];
  return lone === undefined ? undefined : `a lone UTF-16 surrogate (U+${lone.charCodeAt(0).toString(16).toUpperCase()})`;
}

/** Where in a parsed JSON value the first unstorable string is, and why. */
export interface UnstorableAt {
  /** The keys and indexes leading to it; for a bad key, the path of the object holding it. */
  path: (string | number)[];
  /** True when the bad text is an object key, not a value. */
  inKey: boolean;
  what: string;
}

/**
 * The first string (value or key) in `value` that cannot be kept, depth first. Iterative: a body
 * of any depth is walked without recursion.
 */
export function findUnstorableText(value: unknown): UnstorableAt | undefined {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const what = unstorableCharacter(v);
      if (what) return { path, inKey: false, what };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (const [key] of entries) {
        const what = unstorableCharacter(key);
        if (what) return { path, inKey: true, what };
      }
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ v: entries[i]![1], path: [...path, entries[i]![0]] });
    }
  }
  return undefined;
}
