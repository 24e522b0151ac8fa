/**
 * Reads the version of what authentication reads (merchants, credentials): the `auth` row of
 * `cache_versions`, which database triggers bump with every change to either table (migration
 * 0007_cache_versions, ADR 0014). Authentication reads it on every request, so each store reads it
 * with one statement prepared once, not a query built per call: on SQLite a better-sqlite3
 * statement on the read connection, on PostgreSQL a named (server-side prepared) statement.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.js';

/** The one statement, the same text on both databases. */
const AUTH_VERSION_SQL = "select version from cache_versions where name = 'auth'";

/** How a store reads the version: null when the row is missing (nothing may be cached then). */
export type ReadAuthVersion = () => Promise<number | null>;

/** Through Kysely, on whatever connection `db` is (the start-up lock's store): not on the request path. */
export function authVersionOverKysely(db: Kysely<Database>): ReadAuthVersion {
  return async () => {
    const { rows } = await sql<{ version: number }>`${sql.raw(AUTH_VERSION_SQL)}`.execute(db);
    return rows[0] === undefined ? null : Number(rows[0].version);
  };
}

/**
 * SQLite: on the read connection, which sees committed data only (a new snapshot per statement);
 * prepared on first use (the table exists once the store is migrated), then kept. The calls of one
 * turn of the event loop share one read, as on PostgreSQL (`sharedByTurn`): a statement on the read
 * connection takes and gives back the log's read lock each time, and under load many requests are
 * parsed in one turn. It does not wait for this process's log sync, as the store's reads do: the
 * version is only a tag, and the rows a new version sends the cache back for are read through the
 * store, which waits, so nothing is answered from rows that are not yet durable.
 */
export function sqliteAuthVersion(reader: BetterSqlite3.Database): ReadAuthVersion {
  let statement: BetterSqlite3.Statement<[], number> | undefined;
  return sharedByTurn(() => {
    try {
      statement ??= reader.prepare<[], number>(AUTH_VERSION_SQL).pluck();
      return Promise.resolve(statement.get() ?? null);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

/**
 * PostgreSQL: a named statement, parsed once per pooled connection, one row back as an array. The
 * requests that ask in the same turn of the event loop share one read (`sharedByTurn`): one round
 * trip and one pooled connection between them.
 */
export function postgresAuthVersion(pool: pg.Pool): ReadAuthVersion {
  const query: pg.QueryArrayConfig<[]> = { name: 'walletgate_auth_version', text: AUTH_VERSION_SQL, rowMode: 'array' };
  return sharedByTurn(async () => {
    const { rows } = await pool.query<[number]>(query);
    return rows[0] === undefined ? null : rows[0][0];
  });
}

/**
 * One read for every caller of a turn of the event loop: the first call of a turn schedules the
 * read for the end of the turn (setImmediate), and every call until then gets its answer. So the
 * read is sent after each of its callers asked, and sees every change committed before any of them
 * did: ADR 0014's rule (a revoked key fails on the very next request) holds as with a read each. A
 * call made once the read is sent waits for the next one. Under load many requests are parsed in
 * one turn, and they then take one round trip and one pooled connection instead of one each.
 */
export function sharedByTurn<T>(read: () => Promise<T>): () => Promise<T> {
  let next: Promise<T> | undefined;
  return () => {
    next ??= new Promise<T>((resolve, reject) => {
      setImmediate(() => {
        next = undefined;
        read().then(resolve, reject);
      });
    });
    return next;
  };
}
