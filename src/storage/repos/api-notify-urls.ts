/** A merchant's notification URL per API (migration 0014, ADR 0026). */
import type { Selectable } from 'kysely';
import type { ApiNotifyUrl, ApiNotifyUrlRepo } from '../../core/ports/store.js';
import type { MerchantNotifyUrlsTable } from '../dashboard-schema.js';
import { fromMs } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';
import { precompiled } from '../precompiled-query.js';

/** The API's URL of a merchant, as the dashboard reads it before it changes it (../precompiled-query.ts; notifications read it with their keys, ./notification-targets.ts). */
const urlOfApi = precompiled<[merchantId: string, dialect: string], Selectable<MerchantNotifyUrlsTable>>((db, $) =>
  db.selectFrom('merchant_notify_urls').selectAll().where('merchant_id', '=', $(0)).where('dialect', '=', $(1)),
);

function toApiNotifyUrl(r: Selectable<MerchantNotifyUrlsTable>): ApiNotifyUrl {
  return { merchantId: r.merchant_id, dialect: r.dialect, url: r.url, updatedAt: fromMs(r.updated_at) };
}

export function apiNotifyUrlRepo(scope: RepoScope): ApiNotifyUrlRepo {
  const { db, now } = scope;
  return {
    async get(merchantId, dialect) {
      const row = await urlOfApi.first(scope, merchantId, dialect);
      return row ? toApiNotifyUrl(row) : undefined;
    },

    async listByMerchant(merchantId) {
      const rows = await db
        .selectFrom('merchant_notify_urls')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .orderBy('dialect')
        .execute();
      return rows.map(toApiNotifyUrl);
    },

    async put(merchantId, dialect, url) {
      const updatedAt = now();
      const row = await db
        .insertInto('merchant_notify_urls')
        .values({ merchant_id: merchantId, dialect, url, updated_at: updatedAt })
        .onConflict((oc) => oc.columns(['merchant_id', 'dialect']).doUpdateSet({ url, updated_at: updatedAt }))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toApiNotifyUrl(row);
    },

    async delete(merchantId, dialect) {
      const res = await db
        .deleteFrom('merchant_notify_urls')
        .where('merchant_id', '=', merchantId)
        .where('dialect', '=', dialect)
        .executeTakeFirst();
      return res.numDeletedRows > 0n;
    },
  };
}
