/**
 * The Alipay+ sandbox's own database: a SQLite file, or a schema of its own in a PostgreSQL
 * database. One table of JSON documents keyed by kind and id (payments, the index of request ids,
 * refunds, auth codes, access tokens, the sandbox's own key pair). It shares nothing with
 * walletgate's store, nor with the KakaoPay sandbox's.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';

/** Where the sandbox keeps its state. */
export type AlipayPlusStateLocation =
  /** a SQLite file (WAL, synchronous=FULL), created with its folder if missing */
  | { kind: 'sqlite'; file: string }
  /** a schema of its own in a PostgreSQL database, created if missing; `url` as `pg` takes it */
  | { kind: 'postgres'; url: string; schema: string };

interface DocRow {
  kind: string;
  id: string;
  doc: string;
}

interface Tables {
  aps_documents: DocRow;
}

/** What one transaction sees: documents read (and locked on PostgreSQL) and written. */
export interface DocTx {
  get<T>(kind: string, id: string): Promise<T | undefined>;
  /** Adds or replaces the document. */
  put(kind: string, id: string, doc: unknown): Promise<void>;
}

export interface StateDb {
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  run<T>(fn: (tx: DocTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export async function openStateDb(location: AlipayPlusStateLocation): Promise<StateDb> {
  return location.kind === 'sqlite' ? openSqlite(location.file) : openPostgres(location.url, location.schema);
}

function docTx(tx: Kysely<Tables>, lock: boolean): DocTx {
  return {
    async get<T>(kind: string, id: string): Promise<T | undefined> {
      const row = await tx
        .selectFrom('aps_documents')
        .select('doc')
        .where('kind', '=', kind)
        .where('id', '=', id)
        .$if(lock, (q) => q.forUpdate())
        .executeTakeFirst();
      return row ? (JSON.parse(row.doc) as T) : undefined;
    },
    async put(kind: string, id: string, doc: unknown): Promise<void> {
      await tx
        .insertInto('aps_documents')
        .values({ kind, id, doc: JSON.stringify(doc) })
        .onConflict((oc) => oc.columns(['kind', 'id']).doUpdateSet({ doc: JSON.stringify(doc) }))
        .execute();
    },
  };
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
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });
  try {
    await createTable(db);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return {
    run: <T>(fn: (tx: DocTx) => Promise<T>): Promise<T> =>
      // One connection, one caller at a time: fn runs inside BEGIN IMMEDIATE … COMMIT alone.
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await fn(docTx(conn, false));
          await sql`commit`.execute(conn);
          return result;
        } catch (e) {
          await sql`rollback`.execute(conn).catch(() => undefined);
          throw e;
        }
      }),
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, schema: string): Promise<StateDb> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid sandbox schema name ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that crashes the process.
  pool.on('error', () => {});
  const root = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const db = root.withSchema(schema);
  try {
    await root.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`walletgate alipayplus sandbox ${schema}`}))`.execute(tx);
      await tx.schema.createSchema(schema).ifNotExists().execute();
      await createTable(tx.withSchema(schema));
    });
  } catch (e) {
    await root.destroy();
    throw e;
  }
  return {
    run: (fn) =>
      db
        .transaction()
        .setIsolationLevel('read committed')
        .execute((tx) => fn(docTx(tx, true))),
    close: () => root.destroy(),
  };
}

async function createTable(db: Kysely<Tables>): Promise<void> {
  await db.schema
    .createTable('aps_documents')
    .ifNotExists()
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('aps_documents_pk', ['kind', 'id'])
    .execute();
}
