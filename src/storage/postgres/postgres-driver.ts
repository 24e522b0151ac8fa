/**
 * Kysely's PostgreSQL driver for walletgate's pool, with fewer and cheaper round trips for the hot
 * queries (issue 10, docs/benchmarks.md):
 *
 * - **named statements**: a precompiled query (../precompiled-query.ts: a bounded set of fixed SQL
 *   texts) runs as a server-side prepared statement, parsed and planned once per pooled
 *   connection, named after its text. Each store has its own pool and every connection of a pool
 *   the same search_path, so a name always means the same tables on its connection.
 * - **BEGIN with the first statement**: a transaction's BEGIN waits and goes with its first
 *   statement when that is a named one (named-statement-query.ts: one round trip, and the statement
 *   does not run if the BEGIN fails); otherwise it is sent alone first. A transaction that ran no
 *   statement sends nothing at all.
 * - **rows described once**: a named statement's result columns are asked for (Describe) on its
 *   first run on a connection only; later runs reuse the column parsers pg built then
 *   (named-statement-query.ts).
 *
 * - **writes sent ahead**: inside a transaction, a precompiled write whose answer nobody reads
 *   (`send`, ../precompiled-query.ts: an operation's line, an outbox row, the update of a payment
 *   the transaction holds) is queued, and goes in the same batch as the transaction's next
 *   statement, or as its COMMIT (named-statement-query.ts; ADR 0036).
 *   Statements still run in the order they were asked for; a failed write fails the statement it
 *   went with (that statement does not run), so the transaction rolls back: never a COMMIT after it.
 *   Its values are converted when it is queued, so a value pg cannot send fails the write's own call.
 *
 * Everything else is as Kysely's own PostgresDriver does it (results, COMMIT answered with ROLLBACK,
 * a connection whose ROLLBACK failed is discarded).
 */
import { createHash } from 'node:crypto';
import { AbortedTransactionError, CompiledQuery } from 'kysely';
import type { DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';
import type pg from 'pg';
import { isAnswerless, isPrecompiled } from '../precompiled-query.js';
import { NamedStatementQuery, prepareValue, type NamedStatement, type RowShape, type UnnamedStatement } from './named-statement-query.js';

/** Which of the savings are on (all by default; off only to measure them against each other). */
export interface PostgresDriverOptions {
  namedStatements: boolean;
  beginWithFirstStatement: boolean;
  /** A named statement's rows described once per connection (named-statement-query.ts). */
  describeOnce: boolean;
  /** Writes without an answer sent with the transaction's next statement or its COMMIT. */
  writesAhead: boolean;
}

const names = new Map<string, string>();

/** A statement's name: unique per SQL text, 43 bytes (PostgreSQL's limit is 63). */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = 'walletgate_' + createHash('sha256').update(text).digest('hex').slice(0, 32);
    names.set(text, name);
  }
  return name;
}

/**
 * A prepared `select *` or `returning *` whose table gained or lost a column since it was prepared
 * (a migration by another process): PostgreSQL refuses it ("cached plan must not change result
 * type") before running it, and on this connection from then on. The connection is closed at its
 * release, so its successor prepares the statement again.
 */
function isStalePlan(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === '0A000';
}

function beginSql(settings: TransactionSettings): string {
  if (!settings.isolationLevel && !settings.accessMode) return 'begin';
  let text = 'start transaction';
  if (settings.isolationLevel) text += ` isolation level ${settings.isolationLevel}`;
  if (settings.accessMode) text += ` ${settings.accessMode}`;
  return text;
}

class PooledConnection implements DatabaseConnection {
  /** The BEGIN not sent yet: it goes with the transaction's first statement. */
  #pendingBegin: string | undefined;
  /** Writes without an answer, queued in the open transaction: they go with its next statement or its COMMIT. */
  #pendingWrites: NamedStatement[] = [];
  /** A ROLLBACK failed: the connection's state is unknown, nothing more runs on it (as Kysely's driver). */
  #discarded = false;
  /** Between BEGIN (sent or pending) and COMMIT or ROLLBACK. */
  #inTransaction = false;
  /** The rows of each named statement run on this connection, as first described (named-statement-query.ts). */
  readonly #shapes: Map<string, RowShape> | undefined;
  /** Close the client at release instead of pooling it again (its prepared statements went stale). */
  #closeOnRelease = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly options: PostgresDriverOptions,
  ) {
    this.#shapes = options.describeOnce ? new Map() : undefined;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#discarded) throw new Error('Postgres connection has been discarded');
    const name = this.options.namedStatements && isPrecompiled(compiled) ? statementName(compiled.sql) : undefined;
    if (name !== undefined && this.#inTransaction && this.options.writesAhead && isAnswerless(compiled)) {
      // converted now, so that a value pg cannot send fails this call and not a later one
      this.#pendingWrites.push({ name, text: compiled.sql, values: compiled.parameters.map(prepareValue) });
      return { rows: [] };
    }
    const values = [...compiled.parameters];
    const begin = this.#pendingBegin;
    this.#pendingBegin = undefined;
    let result: pg.QueryResult;
    try {
      if (name !== undefined && (begin !== undefined || this.#shapes !== undefined || this.#pendingWrites.length > 0)) {
        result = await this.#batch({ name, text: compiled.sql, values }, begin);
      } else {
        if (begin !== undefined || this.#pendingWrites.length > 0) await this.#flush(begin);
        result = await (name !== undefined
          ? this.client.query({ name, text: compiled.sql, values })
          : this.client.query(compiled.sql, values));
      }
    } catch (e) {
      if (name === undefined || !isStalePlan(e)) throw e;
      this.#closeOnRelease = true;
      // Refused before it ran: outside a transaction it runs again unprepared; inside one, the
      // transaction is aborted and fails as any transaction meeting a concurrent schema change may.
      if (begin !== undefined || this.#inTransaction) throw e;
      result = await this.client.query(compiled.sql, values);
    }
    const { command, rowCount, rows } = result;
    if (command === 'ROLLBACK' || command === 'COMMIT') return { rows: [{ command } as R] };
    const affected = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
    const answered = (rows ?? []) as R[];
    return affected ? { numAffectedRows: BigInt(rowCount ?? 0), rows: answered } : { rows: answered };
  }

  /** One round trip: the pending BEGIN and writes, then the statement, with one Sync. */
  #batch(statement: NamedStatement | UnnamedStatement, begin: string | undefined): Promise<pg.QueryResult> {
    const writes = this.#pendingWrites;
    this.#pendingWrites = [];
    return new Promise((resolve, reject) => {
      const query = new NamedStatementQuery(statement, this.#shapes, { begin, writes }, (e, result) => {
        if (!e) return resolve(result);
        // pg books a Parse's completion under its batch's statement only, so a write sent ahead stays
        // "submitted" by name: after a failed batch, whether it was prepared is unknown, and the
        // connection is not pooled again (its successor prepares every statement anew).
        if (query.parsedWrites) this.#closeOnRelease = true;
        reject(e);
      });
      void this.client.query(query);
    });
  }

  /** Sends the pending BEGIN and writes ahead of a statement that cannot carry them (a built query): the last write carries the rest. */
  async #flush(begin: string | undefined): Promise<void> {
    const last = this.#pendingWrites.pop();
    if (last === undefined) {
      if (begin !== undefined) await this.client.query(begin);
      return;
    }
    await this.#batch(last, begin);
  }

  // eslint-disable-next-line require-yield -- as Kysely's driver without a cursor: streaming is not offered
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming is not supported by walletgate's PostgreSQL driver");
  }

  begin(settings: TransactionSettings): Promise<void> {
    const text = beginSql(settings);
    this.#inTransaction = true;
    if (this.options.beginWithFirstStatement) {
      this.#pendingBegin = text;
      return Promise.resolve();
    }
    return this.client.query(text).then(() => undefined);
  }

  async commit(): Promise<void> {
    this.#inTransaction = false;
    if (this.#pendingWrites.length > 0) {
      // the writes, and the BEGIN if nothing else was sent, go with the COMMIT: one round trip
      const begin = this.#pendingBegin;
      this.#pendingBegin = undefined;
      const { command } = await this.#batch({ text: 'commit' }, begin);
      if (command === 'ROLLBACK') throw new AbortedTransactionError();
      return;
    }
    if (this.#takePendingBegin()) return;
    const { rows } = await this.executeQuery<{ command?: string }>(CompiledQuery.raw('commit'));
    // PostgreSQL completes COMMIT with a ROLLBACK tag if an earlier statement error left the transaction aborted.
    if (rows[0]?.command === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollback(): Promise<void> {
    this.#inTransaction = false;
    // never sent: nothing to undo
    this.#pendingWrites = [];
    if (this.#takePendingBegin()) return;
    try {
      await this.executeQuery(CompiledQuery.raw('rollback'));
    } catch (e) {
      this.#discarded = true;
      throw e;
    }
  }

  release(): void {
    this.#pendingBegin = undefined;
    this.#pendingWrites = [];
    this.#inTransaction = false;
    this.client.release(this.#discarded || this.#closeOnRelease);
  }

  /** A transaction that ran no statement: its BEGIN was never sent, so there is nothing to end. */
  #takePendingBegin(): boolean {
    if (this.#pendingBegin === undefined) return false;
    this.#pendingBegin = undefined;
    return true;
  }
}

export class PostgresDriver implements Driver {
  #pool: pg.Pool | undefined;
  readonly #connections = new WeakMap<pg.PoolClient, PooledConnection>();

  constructor(
    pool: pg.Pool,
    private readonly options: PostgresDriverOptions,
  ) {
    this.#pool = pool;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#pool) throw new Error('driver has already been destroyed');
    const client = await this.#pool.connect();
    // `destroy` was called while the connection was being acquired.
    if (!this.#pool) {
      client.release();
      throw new Error('driver has already been destroyed');
    }
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new PooledConnection(client, this.options);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return (connection as PooledConnection).begin(settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return (connection as PooledConnection).commit();
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return (connection as PooledConnection).rollback();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PooledConnection).release();
  }

  async destroy(): Promise<void> {
    const pool = this.#pool;
    if (!pool) return;
    this.#pool = undefined;
    await pool.end();
  }
}
