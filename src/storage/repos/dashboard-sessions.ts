import type { Selectable } from 'kysely';
import type { DashboardSession, DashboardSessionRepo } from '../../core/ports/dashboard-store.js';
import type { DashboardSessionsTable } from '../dashboard-schema.js';
import { fromMs, toMs } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

function toSession(r: Selectable<DashboardSessionsTable>): DashboardSession {
  return {
    idHash: r.id_hash,
    userId: Number(r.user_id),
    csrfToken: r.csrf_token,
    createdAt: fromMs(r.created_at),
    lastSeenAt: fromMs(r.last_seen_at),
    expiresAt: fromMs(r.expires_at),
    ip: r.ip,
    userAgent: r.user_agent,
  };
}

export function dashboardSessionRepo({ db }: RepoScope): DashboardSessionRepo {
  return {
    async insert(s) {
      const row = await db
        .insertInto('dashboard_sessions')
        .values({
          id_hash: s.idHash,
          user_id: s.userId,
          csrf_token: s.csrfToken,
          created_at: toMs(s.createdAt),
          last_seen_at: toMs(s.lastSeenAt),
          expires_at: toMs(s.expiresAt),
          ip: s.ip,
          user_agent: s.userAgent,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSession(row);
    },

    async get(idHash) {
      const row = await db.selectFrom('dashboard_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return row ? toSession(row) : undefined;
    },

    async touch(idHash, lastSeenAt) {
      const r = await db
        .updateTable('dashboard_sessions')
        .set({ last_seen_at: toMs(lastSeenAt) })
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async delete(idHash) {
      const r = await db.deleteFrom('dashboard_sessions').where('id_hash', '=', idHash).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async deleteByUser(userId, keep) {
      let q = db.deleteFrom('dashboard_sessions').where('user_id', '=', userId);
      if (keep !== undefined) q = q.where('id_hash', '<>', keep);
      const r = await q.executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async deleteEnded(now, idleBefore) {
      const r = await db
        .deleteFrom('dashboard_sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', toMs(now)), eb('last_seen_at', '<=', toMs(idleBefore))]))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
