import type { Selectable } from 'kysely';
import type { InboxEntry, InboxRepo } from '../../core/ports/store.js';
import { MissingRowError } from '../../core/ports/store.js';
import type { InboxTable } from '../schema.js';
import { fromMs, fromMsOrNull } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

function toEntry(r: Selectable<InboxTable>): InboxEntry {
  return {
    id: r.id,
    connector: r.connector,
    notificationId: r.notification_id,
    receivedAt: fromMs(r.received_at),
    headers: r.headers,
    body: r.body,
    status: r.status,
    error: r.error,
    appliedAt: fromMsOrNull(r.applied_at),
  };
}

export function inboxRepo({ db, now }: RepoScope): InboxRepo {
  const settle = async (id: number, set: Partial<Pick<InboxTable, 'status' | 'error' | 'applied_at'>>): Promise<InboxEntry> => {
    const row = await db.updateTable('inbox').set(set).where('id', '=', id).returningAll().executeTakeFirst();
    if (!row) throw new MissingRowError('inbox', id);
    return toEntry(row);
  };
  return {
    async record(entry) {
      // the unique (connector, notification_id) decides between concurrent copies: one row, one isNew
      const inserted = await db
        .insertInto('inbox')
        .values({
          connector: entry.connector,
          notification_id: entry.notificationId,
          received_at: now(),
          headers: entry.headers,
          body: entry.body,
          status: 'received',
          error: null,
          applied_at: null,
        })
        .onConflict((oc) => oc.columns(['connector', 'notification_id']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { entry: toEntry(inserted), isNew: true };
      const kept = await db
        .selectFrom('inbox')
        .selectAll()
        .where('connector', '=', entry.connector)
        .where('notification_id', '=', entry.notificationId)
        .executeTakeFirstOrThrow();
      return { entry: toEntry(kept), isNew: false };
    },

    markApplied: (id) => settle(id, { status: 'applied', error: null, applied_at: now() }),
    markRejected: (id, error) => settle(id, { status: 'rejected', error }),

    async listUnapplied(limit) {
      const rows = await db.selectFrom('inbox').selectAll().where('status', '=', 'received').orderBy('id', 'asc').limit(limit).execute();
      return rows.map(toEntry);
    },
  };
}
