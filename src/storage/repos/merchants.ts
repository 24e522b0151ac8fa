import type { Selectable, Updateable } from 'kysely';
import type { Merchant } from '../../core/model.js';
import { DuplicateReferenceError, MissingRowError, type MerchantRepo } from '../../core/ports/store.js';
import type { MerchantsTable } from '../schema.js';
import { fromMs } from '../column-codecs.js';
import { isUniqueViolation } from '../unique-violation.js';
import type { RepoScope } from './repo-scope.js';
import { precompiled } from '../precompiled-query.js';

function toMerchant(r: Selectable<MerchantsTable>): Merchant {
  return { id: r.id, name: r.name, notifyUrl: r.notify_url, createdAt: fromMs(r.created_at) };
}

/** Every authenticated request reads its merchant (../precompiled-query.ts). */
const merchantById = precompiled<[id: string], Selectable<MerchantsTable>>((db, $) =>
  db.selectFrom('merchants').selectAll().where('id', '=', $(0)),
);

const merchantByIdForUpdate = precompiled<[id: string], Selectable<MerchantsTable>>((db, $, kind) => {
  const q = db.selectFrom('merchants').selectAll().where('id', '=', $(0));
  return kind === 'postgres' ? q.forUpdate() : q;
});

export function merchantRepo(scope: RepoScope): MerchantRepo {
  const { db, now } = scope;
  return {
    async insert(m) {
      try {
        const row = await db
          .insertInto('merchants')
          .values({ id: m.id, name: m.name, notify_url: m.notifyUrl, created_at: now() })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toMerchant(row);
      } catch (e) {
        if (isUniqueViolation(e, 'merchants_pkey', 'merchants.id')) throw new DuplicateReferenceError(m.id);
        throw e;
      }
    },

    async get(id) {
      const row = await merchantById.first(scope, id);
      return row ? toMerchant(row) : undefined;
    },

    async getForUpdate(id) {
      const row = await merchantByIdForUpdate.first(scope, id);
      return row ? toMerchant(row) : undefined;
    },

    async list() {
      const rows = await db.selectFrom('merchants').selectAll().orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
      return rows.map(toMerchant);
    },

    async update(id, patch) {
      const set: Updateable<MerchantsTable> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.notifyUrl !== undefined) set.notify_url = patch.notifyUrl;
      const row =
        Object.keys(set).length === 0
          ? await db.selectFrom('merchants').selectAll().where('id', '=', id).executeTakeFirst()
          : await db.updateTable('merchants').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      if (!row) throw new MissingRowError('merchant', id);
      return toMerchant(row);
    },
  };
}
