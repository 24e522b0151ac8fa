/**
 * A transaction's BEGIN and its first statement in one round trip, with the statement run only if
 * the BEGIN succeeded.
 *
 * pg sends each query with its own Sync and waits for its answer before sending the next, so a
 * BEGIN costs a round trip of its own. This query writes, in one batch: the statement's Parse (when
 * this connection has not prepared it yet), the BEGIN (Parse, Bind, Execute of the unnamed
 * statement), the statement's Bind, Describe and Execute, and a single Sync. In the extended
 * protocol an error makes the server skip every message up to the Sync, so a BEGIN that fails
 * leaves the statement unrun: it never runs outside the transaction. (Sending BEGIN as a simple
 * query ahead of the statement would not give that: a simple query carries its own Sync.)
 *
 * Only for named statements (postgres-driver.ts uses it for precompiled queries): their Parse can
 * go first, so the unnamed statement the BEGIN uses never replaces the statement before its Bind,
 * and the parse bookkeeping pg keeps per connection stays right (each ParseComplete it sees is
 * booked under this query's name and text, which is true of both).
 *
 * It relies on pg 8's Query internals (prepare, handleCommandComplete, the connection's message
 * writers and parsedStatements); test/storage/postgres-driver.test.ts checks them.
 */
import pg from 'pg';

/** What of pg's Connection this writes with. */
interface WireConnection {
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string | undefined>;
  submittedNamedStatements: Record<string, string | undefined>;
  parse(msg: { text: string; name: string; types?: unknown }): void;
  bind(msg: { portal: string; statement: string; values: unknown[] }): void;
  execute(msg: { portal: string }): void;
}

/** pg's Query as seen from inside: what this class calls or replaces. */
interface QueryInternals {
  text: string;
  name: string;
  types?: unknown;
  prepare(connection: WireConnection): void;
  handleCommandComplete(msg: unknown, connection: WireConnection): void;
}

export type QueryCallback = (error: Error | undefined, result: pg.QueryResult) => void;

export class BeginWithStatement extends pg.Query {
  constructor(beginSql: string, statement: { name: string; text: string; values: unknown[] }, callback: QueryCallback) {
    super(statement, callback as unknown as (error: Error | undefined, result: unknown) => void);
    const self = this as unknown as QueryInternals;
    // The BEGIN's CommandComplete comes first: not the statement's result.
    const handleCommandComplete = self.handleCommandComplete;
    let beginCompleted = false;
    self.handleCommandComplete = (msg, connection) => {
      if (!beginCompleted) {
        beginCompleted = true;
        return;
      }
      handleCommandComplete.call(self, msg, connection);
    };
    this.submit = (connection) => {
      const wire = connection as unknown as WireConnection;
      const unparsed = wire.parsedStatements[self.name] === undefined && wire.submittedNamedStatements[self.name] === undefined;
      wire.stream.cork?.();
      try {
        if (unparsed) {
          wire.parse({ text: self.text, name: self.name, types: self.types });
          wire.submittedNamedStatements[self.name] = self.text;
        }
        wire.parse({ text: beginSql, name: '' });
        wire.bind({ portal: '', statement: '', values: [] });
        wire.execute({ portal: '' });
        // Bind, Describe, Execute and Sync of the (now parsed) named statement, as pg sends them.
        self.prepare(wire);
      } finally {
        wire.stream.uncork?.();
      }
    };
  }
}
