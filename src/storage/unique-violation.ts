/** Recognises a driver's unique-constraint violation on a named index, for both drivers. */

interface DriverError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
}

/**
 * True when `e` is a unique violation of index `indexName`. PostgreSQL reports the index in
 * `constraint` (code 23505); SQLite (SQLITE_CONSTRAINT_UNIQUE) names the columns in the message,
 * so the caller passes those as `sqliteColumns` ("payments.merchant_id, payments.unique_reference").
 */
export function isUniqueViolation(e: unknown, indexName: string, sqliteColumns: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const err = e as DriverError;
  if (err.code === '23505') return err.constraint === indexName;
  if (err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return typeof err.message === 'string' && err.message.includes(sqliteColumns);
  }
  return false;
}
