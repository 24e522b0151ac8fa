/**
 * SQLite with group commit (docs/adr/0013-group-commit.md): many transactions share one COMMIT, and
 * each is answered only once that COMMIT is durable (log-durability.ts: on disk when COMMIT
 * returns, or after the log sync that follows it).
 *
 * - One writer connection holds one open physical transaction (BEGIN IMMEDIATE) at a time: a batch.
 *   Each walletgate transaction is a savepoint inside it, one at a time (a lock), undone alone when
 *   it throws. When it releases its savepoint it does not return yet: it waits for its batch's COMMIT.
 *   The transaction that opens a batch takes no savepoint: the batch holds nothing else, so when it
 *   throws the batch is rolled back with it (a SAVEPOINT and its RELEASE cost about 8 µs).
 * - The batch is committed as soon as no transaction is running, after every transaction that
 *   became ready in the same turn of the event loop has joined it (setImmediate). Under load, one
 *   fsync covers many requests. While the log syncs, a ready batch is held until that sync ends and
 *   commits just before the next starts, which covers it as it would have (ADR 0048).
 * - A write outside a transaction is a transaction of its own. A read outside a transaction goes to
 *   a second, read-only connection, which (WAL) sees committed data only, once every commit made so
 *   far is durable: nothing is ever read, and then answered, before it is durable.
 * - A COMMIT that fails (disk full, I/O error) rolls the batch back and fails every transaction in
 *   it: none was answered, none is kept.
 * - `pause` holds every writer back and commits what is pending: a caller (the start-up lock, the
 *   migrations) may then use a connection of its own on the file.
 * - A transaction that began with the DURABLE_WITH_NEXT_COMMIT marker (TransactionOptions, ADR 0032)
 *   is answered as soon as its batch's COMMIT returns, without waiting for the log sync: the next
 *   sync, which any later transaction or read outside one waits for, makes it durable.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { SelectQueryNode, SqliteAdapter, SqliteIntrospector } from 'kysely';
import type { DatabaseConnection, Dialect, Driver, Kysely, QueryResult, CompiledQuery } from 'kysely';
import { LogDurability, type SyncDurations } from './log-durability.js';
import { readRows } from './array-rows.js';
import { StableLimitSqliteCompiler } from './stable-limit-compiler.js';
import { isDurableWithNextCommit } from '../run-transaction.js';

/** What the driver needs of a better-sqlite3 connection (the statement cache wraps one). */
export interface SqliteHandle {
  prepare(sql: string): BetterSqlite3.Statement;
  exec(sql: string): void;
  close(): void | Promise<void>;
  /** Called after each COMMIT of the writer (the checkpoint worker's cue). */
  afterCommit?: () => void;
  /**
   * Called before a new batch opens: a promise the batch waits for, with every writer held back (the
   * checkpoint worker copying an overgrown log, so that the next write starts it over), or undefined.
   */
  beforeBatch?: () => Promise<void> | undefined;
  /**
   * For a writer whose COMMIT does not sync (synchronous=NORMAL): makes every committed frame of the
   * write-ahead log durable (an fsync of the -wal file, run off the event loop). Without it, a COMMIT
   * is taken to be durable when it returns (synchronous=FULL).
   */
  syncLog?: () => Promise<void>;
}

interface Batch {
  waiters: Array<{ resolve: () => void; reject: (e: unknown) => void; withNextCommit: boolean }>;
}

/** Counters for tests and the benchmark. */
export interface GroupCommitStats {
  /** physical COMMITs */
  commits: number;
  /** walletgate transactions (and lone writes) committed */
  transactions: number;
  /** log syncs (fsyncs of the -wal off the event loop; 0 when COMMIT itself syncs) */
  syncs: number;
  /** how long they took */
  syncDurations: SyncDurations;
}

const SAVEPOINT = 'walletgate_tx';
/** A batch is committed at once when this many transactions are in it (a transaction that waits on something holds the others back). */
const MAX_BATCH = 256;
/** How long a new batch waits for the file's write lock held by another process: as long as a busy timeout would. */
const BUSY_PATIENCE_MS = 5_000;

function run(db: SqliteHandle, query: CompiledQuery): QueryResult<unknown> {
  const stmt = db.prepare(query.sql);
  if (stmt.reader) return { rows: readRows(stmt, query.parameters) };
  const { changes, lastInsertRowid } = stmt.run(query.parameters);
  return {
    numAffectedRows: BigInt(changes),
    insertId: lastInsertRowid === undefined || lastInsertRowid === null ? undefined : BigInt(lastInsertRowid),
    rows: [],
  };
}

/** One at a time, in order of arrival. */
class Lock {
  #held = false;
  #queue: Array<() => void> = [];
  get held(): boolean {
    return this.#held;
  }
  async acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#queue.push(resolve));
  }
  /** Hands the lock to the next in line, or frees it; true when it is free now. */
  release(): boolean {
    const next = this.#queue.shift();
    if (next) {
      next();
      return false;
    }
    this.#held = false;
    return true;
  }
}

export class GroupCommitDriver implements Driver {
  readonly #counts = { commits: 0, transactions: 0 };
  readonly #writer: SqliteHandle;
  readonly #reader: SqliteHandle;
  readonly #lock = new Lock();
  #batch: (Batch & { open: boolean }) | null = null;
  #flushScheduled = false;
  /** The transaction running now (under the lock) need not wait for the log sync. */
  #withNextCommit = false;
  /** The transaction running now opened its batch and took no savepoint: undoing it ends the batch. */
  #opener = false;
  readonly #log: LogDurability;
  #destroyed: Promise<void> | undefined;

  get stats(): GroupCommitStats {
    return { ...this.#counts, syncs: this.#log.syncs, syncDurations: this.#log.syncDurations };
  }

  constructor(writer: SqliteHandle, reader: SqliteHandle) {
    this.#writer = writer;
    this.#reader = reader;
    this.#log = new LogDurability(writer.syncLog);
    // a batch held back while the log synced commits as that sync ends (#scheduleCommit)
    this.#log.onSyncEnd = () => {
      if (this.#batch && !this.#lock.held && !this.#flushScheduled) this.#commitBatch();
    };
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new GroupCommitConnection(this));
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#enter();
    (connection as GroupCommitConnection).inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as GroupCommitConnection).inTransaction = false;
    const durable = this.#leaveBatch(true);
    await durable;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as GroupCommitConnection).inTransaction = false;
    await this.#leaveBatch(false);
  }

  async savepoint(): Promise<void> {
    throw new Error('nested savepoints are not used with group commit');
  }

  async rollbackToSavepoint(): Promise<void> {
    throw new Error('nested savepoints are not used with group commit');
  }

  async releaseSavepoint(): Promise<void> {
    throw new Error('nested savepoints are not used with group commit');
  }

  async releaseConnection(): Promise<void> {}

  /** Closes the connections (and their checkpoint thread), once however often it is called. */
  destroy(): Promise<void> {
    this.#destroyed ??= (async () => {
      // what is committed is made durable first; a failed sync has already failed its answers
      await this.pause(() => this.#log.everythingDurable().catch(() => undefined));
      this.#log.close();
      await this.#writer.close();
      await this.#reader.close();
    })();
    return this.#destroyed;
  }

  /**
   * Runs fn once every commit made so far is durable, starting no log sync for it unless none starts
   * soon (LogDurability.afterNextSync; ADR 0041): for telling others of a commit made durable with the next.
   */
  afterNextSync(fn: () => void): void {
    this.#log.afterNextSync(fn);
  }

  /** Runs fn with no walletgate transaction running or pending: everything before it is committed. */
  async pause<T>(fn: () => Promise<T>): Promise<T> {
    await this.#lock.acquire();
    try {
      this.#commitBatch();
      return await fn();
    } finally {
      this.#releaseLock();
    }
  }

  /** A query outside a transaction: a read from the read connection, or a write as a transaction of its own. */
  async executeAlone(query: CompiledQuery): Promise<QueryResult<unknown>> {
    if (this.#isRead(query)) {
      // nothing is read, and then answered, before it is durable
      if (this.#log.pending) await this.#log.everythingDurable();
      return run(this.#reader, query);
    }
    await this.#enter();
    let result: QueryResult<unknown>;
    try {
      result = run(this.#writer, query);
    } catch (e) {
      await this.#leaveBatch(false);
      throw e;
    }
    await this.#leaveBatch(true);
    return result;
  }

  #isRead(query: CompiledQuery): boolean {
    if (SelectQueryNode.is(query.query)) return true;
    try {
      return this.#reader.prepare(query.sql).readonly;
    } catch {
      return false;
    }
  }

  /** A query inside the transaction that holds the lock. */
  executeInTransaction(query: CompiledQuery): QueryResult<unknown> {
    if (isDurableWithNextCommit(query)) {
      this.#withNextCommit = true;
      return { rows: [] };
    }
    return run(this.#writer, query);
  }

  /** A transaction-control statement, prepared once (exec would parse it again on every call). */
  #control(sql: string): void {
    this.#writer.prepare(sql).run();
  }

  /** Takes the lock and a savepoint in the open batch; the lock is given back if that fails. */
  async #enter(): Promise<void> {
    await this.#lock.acquire();
    this.#withNextCommit = false;
    try {
      await this.#joinBatch();
    } catch (e) {
      this.#releaseLock();
      throw e;
    }
  }

  /**
   * Under the lock: the open batch, and a savepoint in it. A new batch takes the file's write lock
   * (BEGIN IMMEDIATE); while another process (or another store on the file) holds it, this waits
   * without blocking the event loop (the writer's busy timeout is 0), for up to BUSY_PATIENCE_MS.
   */
  async #joinBatch(): Promise<void> {
    if (!this.#batch) {
      const hold = this.#writer.beforeBatch?.();
      if (hold) await hold;
      const deadline = Date.now() + BUSY_PATIENCE_MS;
      for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
        try {
          this.#control('BEGIN IMMEDIATE');
          break;
        } catch (e) {
          if ((e as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw e;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
      this.#batch = { waiters: [], open: true };
      this.#opener = true;
      return;
    }
    this.#control(`SAVEPOINT ${SAVEPOINT}`);
    this.#opener = false;
  }

  /**
   * Under the lock: keeps (release) or undoes (rollback to) this transaction's savepoint, frees the
   * lock, and, when kept, resolves once the batch's COMMIT is on disk.
   */
  #leaveBatch(keep: boolean): Promise<void> {
    const batch = this.#batch!;
    const withNextCommit = this.#withNextCommit;
    this.#withNextCommit = false;
    const opener = this.#opener;
    this.#opener = false;
    let done: Promise<void> = Promise.resolve();
    try {
      if (keep) {
        if (!opener) this.#control(`RELEASE ${SAVEPOINT}`);
        done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject, withNextCommit }));
        if (batch.waiters.length >= MAX_BATCH) this.#commitBatch();
      } else if (opener) {
        // alone in its batch: the batch ends with it, and the file's write lock goes back
        this.#control('ROLLBACK');
        this.#batch = null;
      } else {
        this.#control(`ROLLBACK TO ${SAVEPOINT}`);
        this.#control(`RELEASE ${SAVEPOINT}`);
      }
    } catch (e) {
      // the savepoint could not be ended: the batch is unusable; it fails as a whole
      this.#failBatch(e);
      this.#releaseLock();
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    this.#releaseLock();
    return done;
  }

  #releaseLock(): void {
    if (!this.#lock.release() || !this.#batch) return;
    // nothing kept in it (its transactions were rolled back): the file's write lock goes back at once
    if (this.#batch.waiters.length === 0) this.#commitBatch();
    else this.#scheduleCommit();
  }

  #scheduleCommit(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // after every transaction that is ready in this turn of the event loop has joined the batch
    setImmediate(() => {
      this.#flushScheduled = false;
      // a transaction running now (waiting on something of its own) commits the batch when it ends
      if (this.#lock.held || this.#holdsForSync()) return;
      this.#commitBatch();
    });
  }

  /**
   * Whether the open batch waits for the log sync under way to end before it commits. Each of its
   * transactions is answered only once a sync that started after its COMMIT has returned; committed
   * now, while a sync runs, it would wait for the next sync anyway. Held back, the batch gathers the
   * transactions that come meanwhile into one COMMIT, which writes each page they share once, and
   * commits as the sync ends (LogDurability.onSyncEnd), just before the next sync starts. A batch
   * holding a transaction that need not wait for the sync (ADR 0032) commits at once: its answer
   * waits for nothing else.
   */
  #holdsForSync(): boolean {
    return this.#log.syncing && this.#batch !== null && this.#batch.waiters.every((w) => !w.withNextCommit);
  }

  /** With the lock free or held by the caller: COMMIT the batch, then answer its transactions. */
  #commitBatch(): void {
    const batch = this.#batch;
    if (!batch) return;
    this.#batch = null;
    try {
      this.#control('COMMIT');
    } catch (e) {
      this.#batch = batch;
      this.#failBatch(e);
      return;
    }
    this.#counts.commits += 1;
    this.#counts.transactions += batch.waiters.length;
    this.#writer.afterCommit?.();
    this.#log.committed(batch.waiters);
  }

  #failBatch(e: unknown): void {
    const batch = this.#batch;
    this.#batch = null;
    try {
      this.#writer.exec('ROLLBACK');
    } catch {
      // SQLite may have rolled it back itself already (SQLITE_FULL, SQLITE_IOERR)
    }
    for (const w of batch?.waiters ?? []) w.reject(e);
  }
}

class GroupCommitConnection implements DatabaseConnection {
  inTransaction = false;
  readonly #driver: GroupCommitDriver;

  constructor(driver: GroupCommitDriver) {
    this.#driver = driver;
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) {
      try {
        return Promise.resolve(this.#driver.executeInTransaction(query) as QueryResult<R>);
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    return this.#driver.executeAlone(query) as Promise<QueryResult<R>>;
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not used with group commit');
  }
}

/** The Kysely dialect over a GroupCommitDriver. */
export function groupCommitDialect(driver: GroupCommitDriver): Dialect {
  return {
    createDriver: () => driver,
    // a bound LIMIT that does not make SQLite prepare its statement again on every run
    createQueryCompiler: () => new StableLimitSqliteCompiler(),
    createAdapter: () => new SqliteAdapter(),
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
  };
}
