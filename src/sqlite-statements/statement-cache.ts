/**
 * Prepared statements kept by SQL text, for a better-sqlite3 connection behind Kysely. Kysely's
 * SQLite driver prepares every query anew, and preparing costs about a tenth of a request's CPU in
 * walletgate's store and in the wallet sandboxes. Statements are reusable (better-sqlite3 runs them
 * synchronously, so one is never in use twice at once); past `size`, the least recently used is
 * dropped. A hit moves its statement to the back only once the cache is over half full: moving it on
 * every hit (a Map delete and set a statement run) cost 2–4 % of a create's CPU (bench/profile-ab.ts,
 * docs/benchmarks.md), and a service's few dozen statements never fill half of it. A library: it knows nothing
 * of walletgate (storage and the sandbox both use it).
 */
import type BetterSqlite3 from 'better-sqlite3';

/** What Kysely's SqliteDialect and walletgate's group-commit driver take as a connection. */
export interface CachedStatements {
  prepare(sql: string): BetterSqlite3.Statement;
  exec(sql: string): void;
  close(): void;
}

/** How many distinct SQL texts keep their prepared statement by default: a service issues a few dozen. */
const DEFAULT_SIZE = 500;

export function cachedStatements(database: BetterSqlite3.Database, size = DEFAULT_SIZE): CachedStatements {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    exec: (sql: string) => {
      database.exec(sql);
    },
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit) {
        if (cache.size > size / 2) {
          cache.delete(sql);
          cache.set(sql, hit);
        }
        return hit;
      }
      const stmt = database.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      return stmt;
    },
  };
}
