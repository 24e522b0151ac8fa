/** The SQL of every statement better-sqlite3 prepares while a call runs, for tests that read what the SQLite store sends. */
import Database from 'better-sqlite3';

/** The SQL of every statement better-sqlite3 prepares while fn runs (in this process). */
export async function preparedDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const proto = Database.prototype as unknown as { prepare: (sql: string, ...rest: unknown[]) => unknown };
  const original = proto.prepare;
  const seen: string[] = [];
  proto.prepare = function (this: unknown, sql: string, ...rest: unknown[]) {
    seen.push(sql);
    return original.call(this, sql, ...rest);
  };
  try {
    await fn();
  } finally {
    proto.prepare = original;
  }
  return seen;
}
