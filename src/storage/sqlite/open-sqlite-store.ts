import { closeSync, fsync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Store, WriteAheadLogUse } from '../../core/ports/store.js';
import type { Database } from '../schema.js';
import { createKyselyStore, type StoreOptions } from '../kysely-store.js';
import { sqliteAuthVersion } from '../auth-version.js';
import { cachedStatements } from '../../sqlite-statements/statement-cache.js';
import { checkpointInstead, type CheckpointWorker } from '../../sqlite-checkpoint/checkpoint-worker.js';
import { switchToWal } from '../../sqlite-wal/switch-to-wal.js';
import { GroupCommitDriver, groupCommitDialect, type SqliteHandle } from './group-commit-driver.js';
import { StableLimitSqliteDialect } from './stable-limit-compiler.js';

/**
 * One connection to the file: WAL, 5 s busy timeout, foreign keys on. The group-commit writer's
 * COMMIT only writes the log (synchronous=NORMAL) and the driver syncs it off the event loop before
 * any answer (withLogSync below); the other connections' commits sync themselves (synchronous=FULL).
 * Either way a commit is answered only once it is on disk (ADR 0013).
 */
/** One connection to the file, set up for its role (exported for its test). */
export function connect(path: string, role: 'writer' | 'reader' | 'aside'): BetterSqlite3.Database {
  const database = new BetterSqlite3(path);
  try {
    // First, so that switching a new file to WAL waits for another process doing the same.
    database.pragma('busy_timeout = 5000');
    switchToWal(database);
    database.pragma(role === 'writer' ? 'synchronous = NORMAL' : 'synchronous = FULL');
    database.pragma('foreign_keys = ON');
    if (role === 'reader') database.pragma('query_only = ON');
    // The writer's batch is one transaction of savepoints (group-commit-driver.ts), and SQLite keeps
    // the pages each savepoint may have to undo in a sub-journal: a temporary file once it passes
    // 64 KiB, so a busy batch wrote every page twice, once to /var/tmp (26 write calls a create,
    // docs/benchmarks.md). In memory it needs no file: the batch is bounded (MAX_BATCH) and nothing
    // in it outlives the transaction. The reader and the aside connection keep temporary files on
    // disk: their sorts (a dashboard list, a migration's new index) may be large.
    if (role === 'writer') database.pragma('temp_store = MEMORY');
    // the group-commit writer waits for the file's write lock itself, without blocking the event loop
    if (role !== 'reader') database.pragma('busy_timeout = 0');
  } catch (e) {
    database.close();
    throw e;
  }
  return database;
}

export interface SqliteStoreOptions extends StoreOptions {
  /** The log's length, in frames, at which it is made to start over (default 16,000, about 64 MiB; tests set less). */
  logRestartFrames?: number;
  /** How often, at most, the checkpoint worker runs (default 100 ms; tests set less). */
  checkpointIntervalMs?: number;
}

/**
 * Opens (creating if needed) the SQLite database at `file`. Does not migrate: call store.migrate().
 *
 * Writes go through one connection with group commit (./group-commit-driver.ts): many transactions
 * share one durable COMMIT and each is answered once it is on disk. Reads outside a transaction go
 * to a second connection that sees committed data only. The start-up lock and the migrations use a
 * third connection of their own while the writer is paused.
 *
 * better-sqlite3 is synchronous: while another process holds the write lock, BEGIN IMMEDIATE blocks
 * this thread for up to busy_timeout. That is what several processes want; two Stores on one file
 * inside ONE process would block each other's event loop, so open one Store per process.
 */
export function openSqliteStore(file: string, opts: SqliteStoreOptions = {}): Promise<Store> {
  const { logRestartFrames, checkpointIntervalMs, ...storeOptions } = opts;
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  const writer = connect(path, 'writer');
  let reader: BetterSqlite3.Database;
  try {
    reader = connect(path, 'reader');
  } catch (e) {
    writer.close();
    throw e;
  }
  const worker = checkpointInstead(writer, path, { restartFrames: logRestartFrames, intervalMs: checkpointIntervalMs });
  const driver = new GroupCommitDriver(withCheckpointWorker(withLogSync(cachedStatements(writer), path), worker), cachedStatements(reader));
  const db = new Kysely<Database>({ dialect: groupCommitDialect(driver) });
  const store = createKyselyStore(db, 'sqlite', {
    ...storeOptions,
    authVersion: sqliteAuthVersion(reader),
    // precompiled queries go straight to the driver, skipping Kysely's executor (docs/benchmarks.md)
    direct: { inTransaction: (q) => driver.executeInTransaction(q), alone: (q) => driver.executeAlone(q) },
    afterNextSync: (fn) => driver.afterNextSync(fn),
    // a connection of its own, while no group-committed transaction runs
    aside: (fn) =>
      driver.pause(async () => {
        const own = new Kysely<Database>({
          dialect: new StableLimitSqliteDialect({ database: cachedStatements(connect(path, 'aside')) }),
        });
        try {
          return await fn(own);
        } finally {
          await own.destroy();
        }
      }),
  });
  const writeAheadLog = (): WriteAheadLogUse => {
    const { commits, transactions, syncs, syncDurations } = driver.stats;
    const { checkpoints, failures, restarts, restartWaitMs } = worker.stats;
    return { commits, transactions, syncs, syncDurations, checkpoints, checkpointFailures: failures, restarts, restartWaitMs };
  };
  return Promise.resolve({
    ...store,
    writeAheadLog,
    // Kysely destroys its driver only if a query went through Kysely itself; precompiled queries and
    // the migrations' own connection do not, and the connections and the checkpoint thread would
    // outlive close() (a test's folder removed under them, a thread still opening the file)
    close: async () => {
      await store.close();
      await driver.destroy();
    },
  });
}

/**
 * The writer's log sync: an fsync of the -wal file in libuv's thread pool, so the event loop keeps
 * running while the disk works (with synchronous=FULL, better-sqlite3 would fsync inside COMMIT, on
 * the event loop). fsync covers every write to the file made before it, whichever descriptor made it.
 * The -wal exists from the first commit until the last connection to the file closes; this store's
 * own connections stay open until close(), which closes the descriptor first.
 */
function withLogSync(handle: SqliteHandle, path: string): SqliteHandle {
  let fd: number | undefined;
  return {
    ...handle,
    syncLog: () =>
      new Promise<void>((resolve, reject) => {
        try {
          fd ??= openSync(`${path}-wal`, 'r+');
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        fsync(fd, (e) => (e ? reject(e) : resolve()));
      }),
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      return handle.close();
    },
  };
}

/** The writer without SQLite's automatic checkpoint: `worker` checkpoints instead (checkpoint-worker.ts). */
function withCheckpointWorker(handle: SqliteHandle, worker: CheckpointWorker): SqliteHandle {
  return {
    ...handle,
    afterCommit: () => worker.request(),
    beforeBatch: () => worker.restartDue(),
    close: async () => {
      await worker.close();
      await handle.close();
    },
  };
}
