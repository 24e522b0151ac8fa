/**
 * The row an insert stored, without `returning *`: the values written and the id the database
 * chose. A value left undefined is not written, so the column takes its default; every table this
 * is used for has no default but on columns its insert always gives (or NULL), so that is NULL.
 * Text and integers come back from both databases exactly as they were written.
 *
 * `returning *` made an insert about twice as expensive on SQLite (docs/benchmarks.md, issue 10).
 */
export function insertedRow<V extends object, R extends { id: number }>(values: V, id: number): R {
  const row: Record<string, unknown> = { id };
  for (const [key, value] of Object.entries(values)) row[key] = value === undefined ? null : value;
  return row as R;
}
