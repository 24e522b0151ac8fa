/**
 * How deeply a JSON body may nest. The deepest request in the vendors' guides walletgate follows
 * nests 4 levels (GlobalPay `{"Payment": {"Articles": [{"Name": …}]}}`), the deepest answer 5; 32
 * leaves room for any merchant's `metadata` while keeping every walk over a body (key normalising,
 * canonical hashing, JSON columns) far from the stack's limit.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * True when the JSON text opens more than `max` arrays / objects inside each other. Reads the text
 * once, without parsing or recursion, so a hostile body is refused before anything walks it; brackets
 * inside strings do not count.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
