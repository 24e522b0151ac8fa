/** The Data API's tokens (migration 0011, ADR 0023), one Kysely code path for SQLite and PostgreSQL. */
import type { Selectable } from 'kysely';
import type { DataApiToken, DataApiTokenRepo } from '../../core/ports/data-api-store.js';
import type { DataApiTokensTable } from '../dashboard-schema.js';
import { fromMs, fromMsOrNull, toMs } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

function toToken(r: Selectable<DataApiTokensTable>): DataApiToken {
  return {
    id: Number(r.id),
    merchantId: r.merchant_id,
    name: r.name,
    secretHash: r.secret_hash,
    createdBy: r.created_by === null ? null : Number(r.created_by),
    createdAt: fromMs(r.created_at),
    lastUsedAt: fromMsOrNull(r.last_used_at === null ? null : Number(r.last_used_at)),
    revokedAt: fromMsOrNull(r.revoked_at === null ? null : Number(r.revoked_at)),
  };
}

export function dataApiTokenRepo({ db, now }: RepoScope): DataApiTokenRepo {
  const byId = (id: number) => db.selectFrom('data_api_tokens').selectAll().where('id', '=', id);
  return {
    async insert(t) {
      const row = await db
        .insertInto('data_api_tokens')
        .values({ merchant_id: t.merchantId, name: t.name, secret_hash: t.secretHash, created_by: t.createdBy, created_at: now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toToken(row);
    },

    async get(merchantId, id) {
      const q = merchantId === undefined ? byId(id) : byId(id).where('merchant_id', '=', merchantId);
      const row = await q.executeTakeFirst();
      return row ? toToken(row) : undefined;
    },

    async findBySecretHash(secretHash) {
      const row = await db.selectFrom('data_api_tokens').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
      return row ? toToken(row) : undefined;
    },

    async list(merchantId) {
      let q = db.selectFrom('data_api_tokens').selectAll();
      if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
      return (await q.orderBy('id', 'desc').execute()).map(toToken);
    },

    async revoke(id, at) {
      await db
        .updateTable('data_api_tokens')
        .set({ revoked_at: toMs(at) })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      const row = await byId(id).executeTakeFirst();
      return row ? toToken(row) : undefined;
    },

    async touch(id, at) {
      await db
        .updateTable('data_api_tokens')
        .set({ last_used_at: toMs(at) })
        .where('id', '=', id)
        .execute();
    },
  };
}
