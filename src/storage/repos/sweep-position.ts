/**
 * Where the sweeper's last page of records with an unknown outcome ended (SweepPosition): the running
 * sweeper reads on from there, so records whose wallet gives no answer cannot hold the head of the
 * list on every pass (ADR 0051). A row value comparison, which both databases read as a range of
 * their `(…, updated_at)` index.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { SweepPosition } from '../../core/ports/store.js';
import { toMs } from '../column-codecs.js';

/** Rows after `p` in (updated_at, id) order. */
export function afterPosition(p: SweepPosition): Expression<SqlBool> {
  return sql<SqlBool>`(updated_at, id) > (${toMs(p.updatedAt)}, ${p.id})`;
}
