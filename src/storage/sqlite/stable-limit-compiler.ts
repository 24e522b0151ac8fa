/**
 * Kysely's SQLite compiler, with a bound LIMIT written as `limit cast(? as integer)`.
 *
 * better-sqlite3's SQLite is built with SQLITE_ENABLE_STAT4, whose query planner may look at the
 * value bound to a LIMIT parameter: such a parameter marks its statement to be prepared again each
 * time it is bound, and better-sqlite3 binds every parameter on every run. So every run of a
 * statement with `limit ?` (Kysely writes every `.limit(n)` so) was a new prepare: 4 µs on a small
 * table, 9 µs for a refund's lookup by reference, 6–24 µs for the outbox lease and a dashboard list
 * (docs/benchmarks.md, 2026-12-03 (late night)). To the planner, `cast(? as integer)` is an
 * expression, not a bound value, and the statement is prepared once. The rows are the same:
 * walletgate binds whole numbers to a LIMIT. OFFSET is not looked at, so it stays as it is.
 */
import { SqliteDialect, SqliteQueryCompiler, type LimitNode, type QueryCompiler } from 'kysely';

export class StableLimitSqliteCompiler extends SqliteQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    this.append('limit cast(');
    this.visitNode(node.limit);
    this.append(' as integer)');
  }
}

/** Kysely's SqliteDialect with that compiler: the store's connection of its own (migrations, the start-up lock) writes the same SQL. */
export class StableLimitSqliteDialect extends SqliteDialect {
  override createQueryCompiler(): QueryCompiler {
    return new StableLimitSqliteCompiler();
  }
}
