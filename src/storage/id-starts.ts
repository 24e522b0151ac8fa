/**
 * Where the ids of payments, agreements and refunds start on a new database, so the vendor's
 * documented examples line up (docs/architecture.md).
 *
 * PostgreSQL starts each table's sequence there (migration 0001). SQLite hands a new row the largest
 * id plus one, and 1 in an empty table (migration 0019 took `AUTOINCREMENT` and its `sqlite_sequence`
 * away, ADR 0035), so an insert on SQLite names its id: the largest plus one, or the start when the
 * table is empty. It reads the last entry of the table's own B-tree, as SQLite would.
 */
import { sql, type RawBuilder } from 'kysely';
import type { StoreKind } from './schema.js';

export const ID_STARTS = { payments: 4938078, preapprovals: 22276, refunds: 16405 } as const;

/** The id SQLite would give the next row of `table`, or its start when it has none. */
export function nextIdOnSqlite(table: keyof typeof ID_STARTS): RawBuilder<number> {
  return sql<number>`(select coalesce(max(id) + 1, ${sql.lit(ID_STARTS[table])}) from ${sql.table(table)})`;
}

/** The values of a new row of `table`, with its id named on SQLite (nextIdOnSqlite) and left to the sequence on PostgreSQL. */
export function withStartId<V extends object>(
  kind: StoreKind,
  table: keyof typeof ID_STARTS,
  values: V,
): V | (V & { id: RawBuilder<number> }) {
  // not a spread with a key after it (ADR 0037): every insert goes through here
  return kind === 'sqlite' ? Object.assign({}, values, { id: nextIdOnSqlite(table) }) : values;
}
