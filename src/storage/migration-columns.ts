/** Column pieces every migration uses (migrations run before the typed schema exists: untyped builders). */
import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';
import type { StoreKind } from './schema.js';

/**
 * A table's `id`: SQLite's autoincrementing integer key, PostgreSQL's bigserial. Migrations
 * 0001–0018 made their tables with it, and migration 0019 took `AUTOINCREMENT` off all of them but
 * `credentials` (ADR 0035): a later table whose rows are never deleted needs no `AUTOINCREMENT`.
 */
export function withId<T extends string>(kind: StoreKind, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return kind === 'sqlite'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'bigserial', (c) => c.primaryKey());
}

export const notNull = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull();
