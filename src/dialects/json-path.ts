/** Walking a parsed JSON body by dotted path ("customer.email"), shared by the dialects' field readers. */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The value at a dotted path, or undefined when any step is missing or not an object. */
export function at(o: Obj, path: string): unknown {
  return path.split('.').reduce<unknown>((cur, k) => (isObj(cur) ? cur[k] : undefined), o);
}
