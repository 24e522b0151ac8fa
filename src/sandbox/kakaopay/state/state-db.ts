/**
 * The sandbox's own database: a SQLite file, or a schema of its own in a PostgreSQL database. Two
 * tables, one row per tid and per sid, each holding the record as a JSON document (record-codec.ts)
 * beside a few columns for a person looking at the tables. It shares nothing with walletgate's store.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';

/** Where the sandbox keeps its state. */
export type SandboxStateLocation =
  /** a SQLite file (WAL, synchronous=FULL), created with its folder if missing */
  | { kind: 'sqlite'; file: string }
  /** a schema of its own in a PostgreSQL database, created if missing; `url` as `pg` takes it */
  | { kind: 'postgres'; url: string; schema: string };

export interface PaymentRow {
  tid: string;
  cid: string;
  status: string;
  partner_order_id: string;
  sid: string | null;
  /** epoch ms */
  created_at: number;
  /** the whole SandboxPayment, record-codec.ts */
  doc: string;
}

export interface SidRow {
  sid: string;
  cid: string;
  status: string;
  /** epoch ms */
  created_at: number;
  /** the whole SandboxSid, record-codec.ts */
  doc: string;
}

export interface SandboxTables {
  sandbox_payments: PaymentRow;
  sandbox_sids: SidRow;
}

export interface StateDb {
  kind: SandboxStateLocation['kind'];
  /**
   * Runs fn in one transaction, committed when fn resolves and rolled back when it throws. SQLite:
   * BEGIN IMMEDIATE, so writers (in this process and others) take turns. PostgreSQL: READ COMMITTED,
   * and the reads in fn lock their rows (`forUpdate`).
   */
  transaction<T>(fn: (tx: Kysely<SandboxTables>) => Promise<T>): Promise<T>;
  /** Adds FOR UPDATE on PostgreSQL; SQLite's immediate transaction already excludes other writers. */
  forUpdate: boolean;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Opens (creating if needed) the sandbox's tables at `location`. */
export async function openStateDb(location: SandboxStateLocation): Promise<StateDb> {
  return location.kind === 'sqlite' ? openSqlite(location.file) : openPostgres(location.url, location.schema);
}

async function openSqlite(file: string): Promise<StateDb> {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('busy_timeout = 5000');
  } catch (e) {
    database.close();
    throw e;
  }
  const db = new Kysely<SandboxTables>({ dialect: new SqliteDialect({ database }) });
  const transaction = <T>(fn: (tx: Kysely<SandboxTables>) => Promise<T>): Promise<T> =>
    // Kysely hands this one connection to one caller at a time, so the whole of fn runs inside
    // BEGIN IMMEDIATE … COMMIT with no other request's statements in between.
    db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      let result: T;
      try {
        result = await fn(conn);
        await sql`commit`.execute(conn);
      } catch (e) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw e;
      }
      return result;
    });
  try {
    await createTables(db);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return { kind: 'sqlite', transaction, forUpdate: false, close: () => db.destroy() };
}

async function openPostgres(url: string, schema: string): Promise<StateDb> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid sandbox schema name ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // crashes the process. pg drops the client; the next query reports any lasting outage.
  pool.on('error', () => {});
  const root = new Kysely<SandboxTables>({ dialect: new PostgresDialect({ pool }) });
  // Every table name is qualified with the schema, whatever the connection's search_path says.
  const db = root.withSchema(schema);
  const stateDb: StateDb = {
    kind: 'postgres',
    transaction: (fn) => db.transaction().setIsolationLevel('read committed').execute(fn),
    forUpdate: true,
    close: () => root.destroy(),
  };
  try {
    // Several gateway processes may start together on one database: one creates, the others wait.
    await root.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`walletgate kakaopay sandbox ${schema}`}))`.execute(tx);
      await tx.schema.createSchema(schema).ifNotExists().execute();
      await createTables(tx.withSchema(schema));
    });
  } catch (e) {
    await root.destroy();
    throw e;
  }
  return stateDb;
}

/** The sandbox's whole migration: the two tables, if they are not there yet. */
async function createTables(db: Kysely<SandboxTables>): Promise<void> {
  await db.schema
    .createTable('sandbox_payments')
    .ifNotExists()
    .addColumn('tid', 'text', (c) => c.primaryKey())
    .addColumn('cid', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('partner_order_id', 'text', (c) => c.notNull())
    .addColumn('sid', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sandbox_sids')
    .ifNotExists()
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('cid', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();
}
