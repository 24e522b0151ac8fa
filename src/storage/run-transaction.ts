/** The one way walletgate opens a transaction, per dialect. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, StoreKind } from './schema.js';

/**
 * Runs fn with a Kysely bound to one transaction; commits if fn resolves, rolls back if it throws.
 * SQLite: BEGIN IMMEDIATE, so writers (also from other processes) queue on the write lock up front
 * instead of deadlocking on a read→write upgrade. PostgreSQL: READ COMMITTED; row locks come from
 * the `…ForUpdate` reads.
 */
export async function runTransaction<T>(db: Kysely<Database>, kind: StoreKind, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (kind === 'postgres') {
    return db.transaction().setIsolationLevel('read committed').execute(fn);
  }
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (e) {
      await rollbackQuietly(conn);
      throw e;
    }
    try {
      await sql`commit`.execute(conn);
    } catch (e) {
      await rollbackQuietly(conn);
      throw e;
    }
    return result;
  });
}

async function rollbackQuietly(conn: Kysely<Database>): Promise<void> {
  try {
    await sql`rollback`.execute(conn);
  } catch {
    // SQLite may already have rolled the transaction back itself (e.g. after SQLITE_FULL); the
    // original error is the one worth reporting.
  }
}
