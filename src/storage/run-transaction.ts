/** The one way walletgate opens a transaction, per dialect, and the start-up lock built on it. */
import { CompiledQuery, sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database, StoreKind } from './schema.js';

/**
 * Sent first in a transaction whose commit need not be waited for on disk (TransactionOptions
 * `with-next-commit`, core/ports/store.ts). The group-commit driver takes it as that word and sends
 * nothing; any other connection runs it as the harmless read it is, and commits durably.
 */
export const DURABLE_WITH_NEXT_COMMIT = CompiledQuery.raw('select 1 /* walletgate: durable with the next commit */');

/** True for that marker (compared by text: a plugin may hand the driver a copy). */
export function isDurableWithNextCommit(query: { sql: string }): boolean {
  return query.sql === DURABLE_WITH_NEXT_COMMIT.sql;
}

/**
 * Runs fn with a Kysely bound to one transaction; commits if fn resolves, rolls back if it throws.
 * SQLite: a savepoint in the group-committed batch (sqlite/group-commit-driver.ts: BEGIN IMMEDIATE,
 * so writers, also from other processes, queue on the write lock up front), resolved once the
 * batch's COMMIT is on disk. PostgreSQL: READ COMMITTED; row locks come from the `…ForUpdate` reads.
 */
export async function runTransaction<T>(db: Kysely<Database>, kind: StoreKind, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (kind === 'postgres') {
    return db.transaction().setIsolationLevel('read committed').execute(fn);
  }
  return db.transaction().execute(fn);
}

/**
 * SQLite: runs fn inside one BEGIN IMMEDIATE transaction that may wait long for the write lock (other
 * processes starting up on the same file): the connection's busy timeout is 0, and this tries again
 * every few milliseconds, without blocking the event loop, until `patienceMs` have passed. fn gets the
 * connection; the caller runs its work on it.
 */
export function runLongImmediate<T>(db: Kysely<Database>, patienceMs: number, fn: (conn: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    const deadline = Date.now() + patienceMs;
    for (;;) {
      try {
        await sql`begin immediate`.execute(conn);
        break;
      } catch (e) {
        if ((e as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw e;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    return finishImmediate(conn, () => fn(conn));
  });
}

/**
 * SQLite, inside a transaction already open on `conn`: runs fn as a savepoint, undone alone when fn
 * throws. One at a time: a second call waits for the first, so savepoints never interleave.
 */
export function savepointsOn(conn: Kysely<Database>): <T>(fn: (tx: Kysely<Database>) => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> => {
    const run = tail.then(async () => {
      await sql`savepoint walletgate_work`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`release walletgate_work`.execute(conn);
        return result;
      } catch (e) {
        await sql`rollback to walletgate_work`.execute(conn);
        await sql`release walletgate_work`.execute(conn);
        throw e;
      }
    });
    tail = run.catch(() => {});
    return run;
  };
}

/** A number of walletgate's own, so its advisory locks share no key with any other program's (or the sandbox's one-key locks). */
const ADVISORY_LOCK_SPACE = 0x77676174; // "wgat"

/**
 * PostgreSQL: runs fn while this transaction holds the advisory lock for (name, current schema); a
 * second caller, in any process, waits at the lock. The lock goes with the transaction: at its end,
 * or when the connection drops (a process that dies mid-way releases it).
 */
export function runUnderAdvisoryLock<T>(db: Kysely<Database>, name: string, fn: () => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(ADVISORY_LOCK_SPACE)}, hashtext(concat(cast(${name} as text), ' in ', current_schema())))`.execute(
      tx,
    );
    return fn();
  });
}

async function finishImmediate<T>(conn: Kysely<Database>, fn: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await fn();
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
}

async function rollbackQuietly(conn: Kysely<Database>): Promise<void> {
  try {
    await sql`rollback`.execute(conn);
  } catch {
    // SQLite may already have rolled the transaction back itself (e.g. after SQLITE_FULL); the
    // original error is the one worth reporting.
  }
}
