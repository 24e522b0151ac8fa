/**
 * A transaction's precompiled queries sent straight to its connection (issue 10, docs/benchmarks.md).
 *
 * Through Kysely, one query on an open transaction passes its executor, the transaction's
 * connection provider (a promise chain that runs one query at a time), the driver's connection and
 * each plugin's result transform: about fifteen promises before and after a SQLite statement that
 * itself runs synchronously. A create-payment made some 280 promises, most of them there. A
 * precompiled query (./precompiled-query.ts) needs none of those layers: its SQL is compiled, its
 * parameters are checked for unstorable text by the plan, and the one plugin's result transform
 * returns the result as it is (./refuse-unstorable-text.ts). So a transaction takes its connection
 * from Kysely once, on its first precompiled query, and hands every precompiled query to it.
 *
 * Order: a connection runs what it is given in the order given (SQLite's group commit runs each
 * statement at once; pg queues them on its client), as Kysely's provider would.
 * After the transaction: a query is refused once the transaction's function has settled, as Kysely
 * refuses one on a committed transaction, so a stray query can never land on a connection that a
 * later transaction has taken from the pool.
 */
import type { CompiledQuery, DatabaseConnection, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.js';

/** Runs a compiled query on one open transaction's connection. */
export interface DirectQueries {
  run<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** What a transaction holds: the runner, and its end (called once the transaction's function has settled). */
export interface TransactionConnection extends DirectQueries {
  end(): void;
}

const ENDED = 'walletgate: a query was sent on a transaction that has already ended';

/** The direct runner of the transaction `tx` (a Kysely bound to one open transaction). */
export function transactionConnection(tx: Kysely<Database>): TransactionConnection {
  let connection: DatabaseConnection | undefined;
  let taking: Promise<DatabaseConnection> | undefined;
  let ended = false;
  return {
    run<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
      if (ended) return Promise.reject(new Error(ENDED));
      if (connection) return connection.executeQuery<R>(query);
      // the provider hands over the transaction's one connection and is free again at once
      taking ??= tx.getExecutor().provideConnection(async (c) => {
        connection = c;
        return c;
      });
      return taking.then((c) => {
        if (ended) throw new Error(ENDED);
        return c.executeQuery<R>(query);
      });
    },
    end() {
      ended = true;
    },
  };
}
