/**
 * A wallet sandbox's own database: a SQLite file, or a schema of its own in a PostgreSQL database.
 * Each sandbox (kakaopay/, alipayplus/) brings its tables; this opens the database, creates them
 * once (several processes starting together on one PostgreSQL database take turns), and runs
 * transactions. It shares nothing with walletgate's store.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { cachedStatements } from '../../sqlite-statements/statement-cache.js';
import { checkpointInstead, type CheckpointStats, type CheckpointWorker } from '../../sqlite-checkpoint/checkpoint-worker.js';
import { switchToWal } from '../../sqlite-wal/switch-to-wal.js';

/** Where a sandbox keeps its state. */
export type SandboxStateLocation =
  /** a SQLite file (WAL, synchronous=NORMAL: it survives its process being killed), created with its folder if missing */
  | { kind: 'sqlite'; file: string }
  /** a schema of its own in a PostgreSQL database, created if missing; `url` as `pg` takes it */
  | { kind: 'postgres'; url: string; schema: string };

export interface SandboxDb<Tables> {
  kind: SandboxStateLocation['kind'];
  /**
   * Runs fn in one transaction, committed when fn resolves and rolled back when it throws. SQLite:
   * BEGIN IMMEDIATE, so writers (in this process and others) take turns. PostgreSQL: READ COMMITTED,
   * and the reads in fn lock their rows (`forUpdate`).
   */
  transaction<T>(fn: (tx: Kysely<Tables>) => Promise<T>): Promise<T>;
  /** Adds FOR UPDATE on PostgreSQL; SQLite's immediate transaction already excludes other writers. */
  forUpdate: boolean;
  /**
   * A statement of fixed text, written once for this database and run with new parameters only
   * (building each query anew with Kysely's builders was a tenth of the sandbox's CPU a flow,
   * docs/benchmarks.md). `text` names tables as `{table}` (qualified with the schema on PostgreSQL)
   * and has `?` for each parameter (`$1`, `$2`, … on PostgreSQL); `{forUpdate}` becomes FOR UPDATE
   * where `forUpdate` is true and nothing elsewhere.
   */
  statement<Row = unknown>(text: string): SandboxStatement<Tables, Row>;
  /** SQLite: the checkpoints its worker thread ran (see openSqlite); undefined on PostgreSQL. */
  checkpoints?: CheckpointStats;
  close(): Promise<void>;
}

/** Runs in a transaction of SandboxDb.transaction; resolves with the rows it returns. */
export type SandboxStatement<Tables, Row> = (tx: Kysely<Tables>, parameters: readonly unknown[]) => Promise<Row[]>;

/** The text of a statement for one database: tables qualified, placeholders numbered, FOR UPDATE or not. */
export function statementText(text: string, db: { schema: string | null; forUpdate: boolean }): string {
  let n = 0;
  return text
    .replace(/\{(\w+)\}/g, (_, name: string) =>
      name === 'forUpdate' ? (db.forUpdate ? 'for update' : '') : db.schema === null ? `"${name}"` : `"${db.schema}"."${name}"`,
    )
    .replace(/\?/g, () => (db.schema === null ? '?' : `$${++n}`))
    .trim();
}

function makeStatement<Tables, Row>(text: string): SandboxStatement<Tables, Row> {
  // compiled once; each run gives it its parameters (as src/storage/precompiled-query.ts does)
  const compiled = CompiledQuery.raw(text);
  return async (tx, parameters) => (await tx.executeQuery<Row>({ ...compiled, parameters } as CompiledQuery<Row>)).rows;
}

export interface SandboxDbOptions<Tables> {
  /** Names the PostgreSQL advisory lock taken while the tables are created ("walletgate kakaopay sandbox"). */
  lockName: string;
  /** The sandbox's whole migration: its tables, if they are not there yet. */
  createTables(db: Kysely<Tables>): Promise<void>;
  /** SQLite: when the checkpoint worker runs (tests make it quick); default as walletgate's own store. */
  checkpoint?: { intervalMs?: number; restartFrames?: number };
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Opens (creating if needed) a sandbox's tables at `location`. */
export async function openSandboxDb<Tables>(location: SandboxStateLocation, opts: SandboxDbOptions<Tables>): Promise<SandboxDb<Tables>> {
  return location.kind === 'sqlite' ? openSqlite(location.file, opts) : openPostgres(location.url, location.schema, opts);
}

async function openSqlite<Tables>(file: string, opts: SandboxDbOptions<Tables>): Promise<SandboxDb<Tables>> {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  try {
    // First, so that switching a new file to WAL waits for another process doing the same (several
    // gateways started together on a fresh data folder each open the sandboxes' files).
    database.pragma('busy_timeout = 5000');
    switchToWal(database);
    // A sandbox's state must outlive its process (a restart, a kill), not a power cut: in WAL mode,
    // NORMAL keeps every commit through a crash of the process, and spares an fsync per wallet call.
    database.pragma('synchronous = NORMAL');
  } catch (e) {
    database.close();
    throw e;
  }
  // SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold: it copies the
  // log into the file and syncs both, on the event loop, stalling every wallet call in flight for
  // milliseconds a few times a second under load (docs/benchmarks.md). A worker thread checkpoints
  // instead, as walletgate's own store does (ADR 0013), from the first transaction on: a sandbox's
  // file that nothing uses (a wallet no test calls) keeps no thread.
  let worker: CheckpointWorker | undefined;
  const checkpoints = (): CheckpointWorker => (worker ??= checkpointInstead(database, path, opts.checkpoint));
  // statements prepared once, not on every query (Kysely's driver prepares each anew)
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: cachedStatements(database) }) });
  const begin = CompiledQuery.raw('begin immediate');
  const commit = CompiledQuery.raw('commit');
  const rollback = CompiledQuery.raw('rollback');
  const transaction = <T>(fn: (tx: Kysely<Tables>) => Promise<T>): Promise<T> =>
    // Kysely hands this one connection to one caller at a time, so the whole of fn runs inside
    // BEGIN IMMEDIATE … COMMIT with no other request's statements in between.
    db.connection().execute(async (conn) => {
      // a log grown long is copied whole first, with this connection's writes held back, so that the next write starts it over
      const restart = checkpoints().restartDue();
      if (restart) await restart;
      await conn.executeQuery(begin);
      let result: T;
      try {
        result = await fn(conn);
        await conn.executeQuery(commit);
      } catch (e) {
        await conn.executeQuery(rollback).catch(() => undefined);
        throw e;
      }
      checkpoints().request();
      return result;
    });
  const close = async (): Promise<void> => {
    await worker?.close();
    await db.destroy();
  };
  try {
    await opts.createTables(db);
  } catch (e) {
    await close();
    throw e;
  }
  return {
    kind: 'sqlite',
    transaction,
    forUpdate: false,
    statement: (text) => makeStatement(statementText(text, { schema: null, forUpdate: false })),
    get checkpoints() {
      return worker?.stats ?? { checkpoints: 0, failures: 0, restarts: 0, restartWaitMs: 0 };
    },
    close,
  };
}

async function openPostgres<Tables>(url: string, schema: string, opts: SandboxDbOptions<Tables>): Promise<SandboxDb<Tables>> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid sandbox schema name ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // crashes the process. pg drops the client; the next query reports any lasting outage.
  pool.on('error', () => {});
  // A client checked out when its connection drops (a query under way, a transaction open) emits
  // 'error' on itself, and nothing listens there either: the process would crash. The query under
  // way is rejected anyway, and the pool discards the broken client when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  const root = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  // Every table name is qualified with the schema, whatever the connection's search_path says.
  const db = root.withSchema(schema);
  try {
    // Several gateway processes may start together on one database: one creates, the others wait.
    await root.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`${opts.lockName} ${schema}`}))`.execute(tx);
      await tx.schema.createSchema(schema).ifNotExists().execute();
      await opts.createTables(tx.withSchema(schema));
    });
  } catch (e) {
    await root.destroy();
    throw e;
  }
  return {
    kind: 'postgres',
    transaction: (fn) => db.transaction().setIsolationLevel('read committed').execute(fn),
    forUpdate: true,
    statement: (text) => makeStatement(statementText(text, { schema, forUpdate: true })),
    close: () => root.destroy(),
  };
}
