import type { Selectable } from 'kysely';
import type { CustomerProfile } from '../../core/model.js';
import type { CustomerProfileRepo } from '../../core/ports/store.js';
import type { CustomerProfilesTable } from '../schema.js';
import { fromMs } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';
import { precompiled } from '../precompiled-query.js';

function toProfile(r: Selectable<CustomerProfilesTable>): CustomerProfile {
  return { id: Number(r.id), merchantId: r.merchant_id, email: r.email, name: r.name, phone: r.phone, createdAt: fromMs(r.created_at) };
}

/** Every Checkout.com create with a customer e-mail looks its profile up (../precompiled-query.ts). */
const profileByEmail = precompiled<[merchantId: string, email: string], Selectable<CustomerProfilesTable>>((db, $) =>
  db.selectFrom('customer_profiles').selectAll().where('merchant_id', '=', $(0)).where('email', '=', $(1)),
);

export function customerProfileRepo(scope: RepoScope): CustomerProfileRepo {
  const { db, now } = scope;
  return {
    async insert(p) {
      // ON CONFLICT DO NOTHING on both databases: a concurrent insert of the same e-mail waits for
      // the first and then writes nothing, without aborting the caller's transaction.
      const row = await db
        .insertInto('customer_profiles')
        .values({
          merchant_id: p.merchantId,
          email: p.email === null ? null : p.email.toLowerCase(),
          name: p.name,
          phone: p.phone,
          created_at: now(),
        })
        .onConflict((oc) => oc.columns(['merchant_id', 'email']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toProfile(row) : undefined;
    },

    async get(merchantId, id) {
      const row = await db
        .selectFrom('customer_profiles')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toProfile(row) : undefined;
    },

    async findByEmail(merchantId, email) {
      const row = await profileByEmail.first(scope, merchantId, email.toLowerCase());
      return row ? toProfile(row) : undefined;
    },
  };
}
