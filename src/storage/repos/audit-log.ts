import type { Selectable } from 'kysely';
import type { AuditEntry, AuditLogRepo } from '../../core/ports/dashboard-store.js';
import type { AuditLogTable } from '../dashboard-schema.js';
import { fromJson, fromMs, toJson } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

function toEntry(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: Number(r.id),
    merchantId: r.merchant_id,
    userId: r.user_id === null ? null : Number(r.user_id),
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    detail: fromJson<Record<string, unknown>>(r.detail),
    ip: r.ip,
    createdAt: fromMs(r.created_at),
  };
}

export function auditLogRepo({ db, now }: RepoScope): AuditLogRepo {
  return {
    async append(e) {
      const row = await db
        .insertInto('audit_log')
        .values({
          merchant_id: e.merchantId,
          user_id: e.userId,
          actor: e.actor,
          action: e.action,
          subject: e.subject,
          detail: toJson(e.detail),
          ip: e.ip,
          created_at: now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toEntry(row);
    },

    async list(merchantId, limit) {
      let q = db.selectFrom('audit_log').selectAll();
      if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
      return (await q.orderBy('id', 'desc').limit(limit).execute()).map(toEntry);
    },
  };
}
