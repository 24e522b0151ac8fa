/**
 * Migration 0019, SQLite only: every table but `credentials` gives up `AUTOINCREMENT` (ADR 0035,
 * issue 10).
 *
 * An `AUTOINCREMENT` table's insert also reads and rewrites its row of `sqlite_sequence`, so every
 * write transaction that inserts a payment, an operation or an outbox row dirties one more page, and
 * that page goes to the log at COMMIT: 8 µs and 4 KiB of log a transaction in a micro-benchmark,
 * 3–5 % of a create's CPU in the gateway (docs/benchmarks.md). Without it SQLite gives a new row the
 * largest id plus one, which is the same id wherever no row is ever deleted, as on every table here
 * but `credentials`. Credentials are deleted, and a removed key's id must never name another key, so
 * that table keeps it. The first ids of payments, agreements and refunds (`ID_STARTS`) are given by
 * their inserts on an empty table now (`nextIdOnSqlite` in ./id-starts.ts), not by `sqlite_sequence`.
 *
 * SQLite drops `AUTOINCREMENT` only by rebuilding a table. This runs inside the start-up lock's
 * transaction, where foreign keys cannot be switched off, so each table is copied aside, dropped and
 * made again under the same name with its rows copied back, its indexes and triggers remade, and the
 * foreign keys checked at the end (`defer_foreign_keys`: dropping a parent leaves its children
 * pointing nowhere until its rows are back; a row still without its parent fails the migration). The
 * definition is the table's own, from `sqlite_master`, with only the keyword removed. A table already
 * without it is left alone, so the migration may run again after a crash before it was recorded.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from './schema.js';

/** The one table whose ids must never be handed out again (removed keys). */
const KEEPS_AUTOINCREMENT = 'credentials';
const KEYWORD = /\bprimary key autoincrement\b/i;

interface SchemaRow {
  name: string;
  sql: string;
}

async function rebuildWithoutAutoincrement(db: Kysely<unknown>, table: SchemaRow): Promise<void> {
  const definition = table.sql.replace(KEYWORD, 'primary key');
  if (definition === table.sql || KEYWORD.test(definition)) throw new Error(`migration 0019: cannot read the id column of ${table.name}`);
  const dependents = await sql<{ sql: string }>`select sql from sqlite_master
    where tbl_name = ${table.name} and type in ('index', 'trigger') and sql is not null order by rowid`.execute(db);
  const aside = sql.id(`${table.name}__0019`);
  const name = sql.id(table.name);
  await sql`create table ${aside} as select * from ${name}`.execute(db);
  await sql`drop table ${name}`.execute(db);
  await sql.raw(definition).execute(db);
  await sql`insert into ${name} select * from ${aside}`.execute(db);
  await sql`drop table ${aside}`.execute(db);
  for (const d of dependents.rows) await sql.raw(d.sql).execute(db);
  await sql`delete from sqlite_sequence where name = ${table.name}`.execute(db);
}

export function idsWithoutAutoincrement(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (kind !== 'sqlite') return;
      const tables = await sql<SchemaRow>`select name, sql from sqlite_master
        where type = 'table' and name <> ${KEEPS_AUTOINCREMENT} and sql like '%autoincrement%' order by name`.execute(db);
      if (tables.rows.length === 0) return;
      // A savepoint: its own transaction when none is open, a part of the start-up lock's otherwise.
      await sql`savepoint ids_without_autoincrement`.execute(db);
      try {
        // Checked at the end of the whole transaction, not at each drop (reset by SQLite at its end).
        await sql`pragma defer_foreign_keys = on`.execute(db);
        for (const table of tables.rows) await rebuildWithoutAutoincrement(db, table);
        const orphans = await sql<{ table: string; parent: string }>`pragma foreign_key_check`.execute(db);
        const first = orphans.rows[0];
        if (first) throw new Error(`migration 0019: a row of ${first.table} lost its ${first.parent} in the rebuild`);
        await sql`release ids_without_autoincrement`.execute(db);
      } catch (e) {
        await sql`rollback to ids_without_autoincrement`.execute(db);
        await sql`release ids_without_autoincrement`.execute(db);
        throw e;
      }
    },
  };
}
