/**
 * One run of a named (server-side prepared) statement, with less on the wire than pg sends by itself:
 *
 * - **described once per connection**: pg asks for the result's row description (Describe) on every
 *   run and rebuilds its column parsers from it. The first run on a connection does that and keeps
 *   what it built (`shapes`, one per connection); later runs send Bind, Execute and Sync only, and
 *   reuse it. A prepared statement's result columns cannot change silently: when its table changes,
 *   PostgreSQL refuses to run it (0A000, postgres-driver.ts closes the connection).
 * - **BEGIN in the same round trip** (`begin`): pg sends each query with its own Sync and waits for
 *   its answer before sending the next, so a BEGIN costs a round trip of its own. With `begin`, one
 *   batch carries the statement's Parse (when this connection has not prepared it yet), the BEGIN
 *   (Parse, Bind, Execute of the unnamed statement), the statement's Bind (Describe) Execute, and a
 *   single Sync. In the extended protocol an error makes the server skip every message up to the
 *   Sync, so a BEGIN that fails leaves the statement unrun: it never runs outside the transaction.
 *   (A BEGIN sent as a simple query ahead of it would not give that: a simple query carries its own
 *   Sync.) The statement's Parse goes first, so the unnamed statement the BEGIN uses never replaces
 *   it before its Bind, and each ParseComplete pg books under this query's name is true of it.
 *
 * - **writes sent ahead** (`prefix.writes`, postgres-driver.ts): writes nobody reads an answer of,
 *   queued by the transaction, go in the same batch before the statement, each as Bind and Execute
 *   of its own named statement (no Describe: they return no rows). Their CommandCompletes come
 *   before the statement's and are not its result. An error in one of them makes the server skip
 *   the rest up to the Sync, the statement too, and it is this query's error.
 * - **an unnamed statement** (`{ text }`, COMMIT): Parse, Bind and Execute of the unnamed statement,
 *   so writes sent ahead can go in the same batch as the COMMIT that ends their transaction.
 *
 * Every Parse of a batch goes first, before anything in it runs, so a Parse is skipped only when an
 * earlier Parse failed (a wrong SQL text: a programming error).
 *
 * It relies on pg 8's Query and Result internals (prepare, handleCommandComplete, the connection's
 * message writers, parsedStatements, the result's fields and parsers);
 * test/storage/postgres-driver.test.ts checks them.
 */
import pg from 'pg';

/** What of pg's Connection this writes with. */
interface WireConnection {
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string | undefined>;
  submittedNamedStatements: Record<string, string | undefined>;
  parse(msg: { text: string; name: string; types?: unknown }): void;
  bind(msg: { portal: string; statement: string; values: unknown[]; valueMapper?: unknown }): void;
  execute(msg: { portal: string }): void;
  close(msg: { type: 'S'; name: string }): void;
  sync(): void;
}

/** The columns of a statement's rows as pg's Result keeps them, built from its first row description. */
export interface RowShape {
  fields: unknown[];
  parsers: unknown[] | undefined;
  empty: unknown;
}

/** pg's Result as seen from inside. */
interface ResultInternals {
  fields: unknown[];
  _parsers: unknown[] | undefined;
  _prebuiltEmptyResultObject: unknown;
}

/** pg's Query as seen from inside: what this class calls or replaces. */
interface QueryInternals {
  text: string;
  name: string;
  types?: unknown;
  values: unknown[];
  binary?: boolean;
  _result: ResultInternals;
  _accumulateRows: boolean;
  prepare(connection: WireConnection): void;
  handleCommandComplete(msg: unknown, connection: WireConnection): void;
  handleError(error: Error, connection: WireConnection): void;
}

/**
 * pg's own value conversion for Bind (Dates, Buffers, arrays, objects as JSON), the one its prepare
 * uses; postgres-driver.ts converts the writes it queues with it too.
 */
const pgUtils = (pg as unknown as { utils?: { prepareValue?: unknown } }).utils;
if (typeof pgUtils?.prepareValue !== 'function') throw new Error('pg.utils.prepareValue is missing: named-statement-query.ts needs pg 8');
export const prepareValue = pgUtils.prepareValue as (value: unknown) => unknown;

export type QueryCallback = (error: Error | undefined, result: pg.QueryResult) => void;

export interface NamedStatement {
  name: string;
  text: string;
  values: unknown[];
}

/** What goes before a statement in its batch: the transaction's BEGIN, and writes queued in it (postgres-driver.ts). */
export interface BatchPrefix {
  begin?: string | undefined;
  writes?: readonly NamedStatement[];
}

/** A statement without a name: run as the unnamed statement, without parameters or rows (COMMIT). */
export interface UnnamedStatement {
  name?: undefined;
  text: string;
}

export class NamedStatementQuery extends pg.Query {
  /** Whether the batch carried the Parse of a write sent ahead (whose name pg does not book: see postgres-driver.ts). */
  parsedWrites = false;

  constructor(
    statement: NamedStatement | UnnamedStatement,
    shapes: Map<string, RowShape> | undefined,
    prefix: BatchPrefix,
    callback: QueryCallback,
  ) {
    super(
      statement.name === undefined ? { text: statement.text } : statement,
      callback as unknown as (error: Error | undefined, result: unknown) => void,
    );
    const self = this as unknown as QueryInternals;
    const { begin } = prefix;
    const writes = prefix.writes ?? [];
    const named = statement.name !== undefined;
    const shape = named ? shapes?.get(statement.name) : undefined;
    /** CommandCompletes still to come before the statement's own: the BEGIN's, then each write's. */
    let ahead = (begin === undefined ? 0 : 1) + writes.length;
    const handleCommandComplete = self.handleCommandComplete;
    self.handleCommandComplete = (msg, connection) => {
      if (ahead > 0) {
        ahead--;
        return;
      }
      if (named && shapes !== undefined && shape === undefined && self._result.fields.length > 0) {
        const r = self._result;
        shapes.set(statement.name, { fields: r.fields, parsers: r._parsers, empty: r._prebuiltEmptyResultObject });
      }
      handleCommandComplete.call(self, msg, connection);
    };
    const prepare = self.prepare;
    const run = (wire: WireConnection): void => {
      if (!named) {
        wire.parse({ text: statement.text, name: '' });
        wire.bind({ portal: '', statement: '', values: [] });
        wire.execute({ portal: '' });
        wire.sync();
        return;
      }
      if (shape === undefined) return prepare.call(self, wire);
      // As pg's prepare, without the Describe: the rows' shape is the one this connection saw first.
      try {
        wire.bind({ portal: '', statement: self.name, values: self.values, valueMapper: prepareValue });
      } catch (e) {
        wire.close({ type: 'S', name: self.name });
        wire.sync();
        self.handleError(e as Error, wire);
        return;
      }
      const r = self._result;
      r.fields = shape.fields;
      r._parsers = shape.parsers;
      r._prebuiltEmptyResultObject = shape.empty;
      self._accumulateRows = true;
      wire.execute({ portal: '' });
      wire.sync();
    };
    this.submit = (connection) => {
      const wire = connection as unknown as WireConnection;
      const unparsed = (name: string): boolean =>
        wire.parsedStatements[name] === undefined && wire.submittedNamedStatements[name] === undefined;
      wire.stream.cork?.();
      try {
        if (named && unparsed(statement.name)) {
          wire.parse({ text: self.text, name: self.name, types: self.types });
          wire.submittedNamedStatements[self.name] = self.text;
        }
        for (const w of writes) {
          if (!unparsed(w.name)) continue;
          wire.parse({ text: w.text, name: w.name });
          wire.submittedNamedStatements[w.name] = w.text;
          this.parsedWrites = true;
        }
        if (begin !== undefined) {
          wire.parse({ text: begin, name: '' });
          wire.bind({ portal: '', statement: '', values: [] });
          wire.execute({ portal: '' });
        }
        // a write's values were converted when it was queued (postgres-driver.ts): strings, Buffers
        // or null, which Bind writes as they are, so it neither converts them again nor throws
        for (const w of writes) {
          wire.bind({ portal: '', statement: w.name, values: w.values });
          wire.execute({ portal: '' });
        }
        run(wire);
      } finally {
        wire.stream.uncork?.();
      }
    };
  }
}
