/**
 * The sweeper's reads and writes of the records waiting for a customer (ADR 0051): payments created
 * or pending the customer, agreements pending. Each query says the waiting statuses in the words of
 * migration 0021's partial index, so SQLite and PostgreSQL both read that index: the never-looked-at
 * records are its `sweep_at is null` range in creation order, the ones due again its range up to now.
 */
import { sql, type Kysely } from 'kysely';
import type { WaitingSweep } from '../../core/ports/store.js';
import type { Database } from '../schema.js';
import { toMs } from '../column-codecs.js';
import { WAITING_FOR_SWEEP } from '../migration-0021-sweep-schedule.js';

export function waitingSweep<Row, T>(
  db: Kysely<Database>,
  table: keyof typeof WAITING_FOR_SWEEP,
  decode: (row: Row) => T,
): WaitingSweep<T> {
  const waiting = WAITING_FOR_SWEEP[table];
  const from = sql.table(table);
  const rows = async (q: ReturnType<typeof sql<Row>>) => (await q.execute(db)).rows.map(decode);
  return {
    listUnswept: (createdBy, limit) =>
      rows(
        // ordered by sweep_at too, null in all of them: PostgreSQL takes `is null` for no equality, and
        // would otherwise sort every never-looked-at row instead of reading the index in its order
        sql<Row>`select * from ${from} where ${waiting} and sweep_at is null and created_at <= ${toMs(createdBy)}
          order by sweep_at, created_at, id limit ${limit}`,
      ),
    listSweepDue: (now, limit) =>
      rows(sql<Row>`select * from ${from} where ${waiting} and sweep_at <= ${toMs(now)} order by sweep_at, created_at, id limit ${limit}`),
    async deferSweep(id, at) {
      await sql`update ${from} set sweep_at = ${toMs(at)} where id = ${id} and ${waiting}`.execute(db);
    },
  };
}
