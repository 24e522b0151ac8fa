import type { Store } from '../core/ports/store.js';
import { openPostgresStore } from './postgres/open-postgres-store.js';
import { openSqliteStore } from './sqlite/open-sqlite-store.js';
import type { StoreOptions } from './kysely-store.js';
import type { PostgresStoreOptions } from './postgres/open-postgres-store.js';

/**
 * Opens the store a database URL names: `postgres://…` / `postgresql://…` → PostgreSQL;
 * `sqlite:path` (also `sqlite://path`) or a plain file path → SQLite. Does not migrate. `poolSize`:
 * PostgreSQL's most connections (SQLite has its own two).
 */
export async function openStore(databaseUrl: string, opts: StoreOptions & Pick<PostgresStoreOptions, 'poolSize'> = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return openPostgresStore(databaseUrl, opts);
  if (/^sqlite:/i.test(databaseUrl)) {
    const path = databaseUrl.replace(/^sqlite:(\/\/)?/i, '');
    if (path === '' || path === ':memory:') throw new Error(`unsupported SQLite URL ${JSON.stringify(databaseUrl)}: give a file path`);
    return openSqliteStore(path, opts);
  }
  return openSqliteStore(databaseUrl, opts);
}
