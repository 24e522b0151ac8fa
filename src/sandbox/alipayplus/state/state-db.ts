/**
 * The Alipay+ sandbox's own database: a SQLite file, or a schema of its own in a PostgreSQL
 * database. One table of JSON documents keyed by kind and id (payments, the index of request ids,
 * refunds, auth codes, access tokens, the sandbox's own key pair). It shares nothing with
 * walletgate's store, nor with the KakaoPay sandbox's.
 */
import type { Kysely } from 'kysely';
import { openSandboxDb, type SandboxDb, type SandboxStateLocation } from '../../state/open-sandbox-db.js';

/** Where the sandbox keeps its state. */
export type AlipayPlusStateLocation = SandboxStateLocation;

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
  /** Adds the document unless one is there already (another process may have added it first). */
  add(kind: string, id: string, doc: unknown): Promise<void>;
}

export interface StateDb {
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  run<T>(fn: (tx: DocTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openStateDb(location: AlipayPlusStateLocation): Promise<StateDb> {
  const db = await openSandboxDb<Tables>(location, { lockName: 'walletgate alipayplus sandbox', createTables: createTable });
  const statements = docStatements(db);
  return {
    run: (fn) => db.transaction((tx) => fn(docTx(tx, statements))),
    close: () => db.close(),
  };
}

/** The three statements every request runs, written once per database (SandboxDb.statement). */
function docStatements(db: SandboxDb<Tables>) {
  return {
    /** [kind, id] → the document, locked for the transaction */
    get: db.statement<Pick<DocRow, 'doc'>>('select "doc" from {aps_documents} where "kind" = ? and "id" = ? {forUpdate}'),
    /** [kind, id, doc] */
    put: db.statement(
      'insert into {aps_documents} ("kind", "id", "doc") values (?, ?, ?) on conflict ("kind", "id") do update set "doc" = excluded."doc"',
    ),
    /** [kind, id, doc] */
    add: db.statement('insert into {aps_documents} ("kind", "id", "doc") values (?, ?, ?) on conflict ("kind", "id") do nothing'),
  };
}

function docTx(tx: Kysely<Tables>, statements: ReturnType<typeof docStatements>): DocTx {
  return {
    async get<T>(kind: string, id: string): Promise<T | undefined> {
      const [row] = await statements.get(tx, [kind, id]);
      return row ? (JSON.parse(row.doc) as T) : undefined;
    },
    async put(kind: string, id: string, doc: unknown): Promise<void> {
      await statements.put(tx, [kind, id, JSON.stringify(doc)]);
    },
    async add(kind: string, id: string, doc: unknown): Promise<void> {
      await statements.add(tx, [kind, id, JSON.stringify(doc)]);
    },
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
