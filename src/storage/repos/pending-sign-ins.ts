/** Right passwords waiting for their TOTP code (migration 0014, ADR 0026). */
import type { PendingSignInRepo } from '../../core/ports/dashboard-store.js';
import { fromMs, toMs } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

export function pendingSignInRepo({ db }: RepoScope): PendingSignInRepo {
  return {
    async insert(p) {
      await db
        .insertInto('dashboard_pending_sign_ins')
        .values({ id_hash: p.idHash, user_id: p.userId, created_at: toMs(p.createdAt), expires_at: toMs(p.expiresAt), ip: p.ip })
        .execute();
    },

    async get(idHash) {
      const r = await db.selectFrom('dashboard_pending_sign_ins').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return r
        ? { idHash: r.id_hash, userId: Number(r.user_id), createdAt: fromMs(r.created_at), expiresAt: fromMs(r.expires_at), ip: r.ip }
        : undefined;
    },

    async delete(idHash) {
      const res = await db.deleteFrom('dashboard_pending_sign_ins').where('id_hash', '=', idHash).executeTakeFirst();
      return res.numDeletedRows > 0n;
    },

    async deleteByUser(userId) {
      await db.deleteFrom('dashboard_pending_sign_ins').where('user_id', '=', userId).execute();
    },
  };
}
