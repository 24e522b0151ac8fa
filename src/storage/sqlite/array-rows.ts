/**
 * Rows read as arrays and made into objects by a function built once per column list.
 *
 * better-sqlite3 builds each row object key by key; for a 33-column payment row that took about
 * twice as long as reading it as an array (`raw(true)`) and filling an object literal whose keys
 * are fixed in a function compiled for that column list (docs/benchmarks.md). The objects are the
 * same: the same keys, in the same order, with the same values.
 */
import type BetterSqlite3 from 'better-sqlite3';

/** An array row to the object better-sqlite3 would have built. */
type Decode = (row: unknown[]) => Record<string, unknown>;

/** One decoder per column list (every statement of that list shares it); null: read as objects. */
const decoders = new Map<string, Decode | null>();
/** Walletgate's statements have a few dozen column lists; past this many, something builds them: start again. */
const MAX_DECODERS = 1_000;

/** Per statement, so its column list is asked for once (a statement dropped from the cache takes its entry with it). */
const byStatement = new WeakMap<BetterSqlite3.Statement, Decode | null>();

/**
 * The object literal for this column list, or null when one would not give what better-sqlite3
 * does: a name repeated (its last value wins there), or `__proto__` (a literal would set the prototype).
 */
function buildDecoder(names: readonly string[]): Decode | null {
  if (new Set(names).size !== names.length || names.includes('__proto__')) return null;
  const fields = names.map((name, i) => `${JSON.stringify(name)}: row[${i}]`).join(', ');
  // the keys are JSON string literals of the column names: nothing of them is run
  return new Function('row', `return { ${fields} };`) as Decode;
}

function decoderFor(stmt: BetterSqlite3.Statement): Decode | null {
  let decode = byStatement.get(stmt);
  if (decode !== undefined) return decode;
  const names = stmt.columns().map((c) => c.name);
  const key = names.join('\u0000');
  decode = decoders.get(key);
  if (decode === undefined) {
    if (decoders.size >= MAX_DECODERS) decoders.clear();
    decode = buildDecoder(names);
    decoders.set(key, decode);
  }
  // a statement is only ever read through here, so it stays in array mode once switched
  if (decode) stmt.raw(true);
  byStatement.set(stmt, decode);
  return decode;
}

/** Every row of a statement that returns data, as objects keyed by column name. */
export function readRows(stmt: BetterSqlite3.Statement, parameters: readonly unknown[]): unknown[] {
  const decode = decoderFor(stmt);
  if (!decode) return stmt.all(parameters);
  const rows = stmt.all(parameters) as unknown[][];
  const objects = new Array<unknown>(rows.length);
  for (let i = 0; i < rows.length; i++) objects[i] = decode(rows[i]!);
  return objects;
}
