import type { Selectable } from 'kysely';
import { MissingRowError } from '../../core/ports/store.js';
import type { DashboardUser, DashboardUserRepo } from '../../core/ports/dashboard-store.js';
import type { DashboardUsersTable } from '../dashboard-schema.js';
import { fromFlag, fromMs, fromMsOrNull, toFlag, toMsOrNull } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

function toUser(r: Selectable<DashboardUsersTable>): DashboardUser {
  return {
    id: Number(r.id),
    email: r.email,
    merchantId: r.merchant_id,
    role: r.role,
    passwordHash: r.password_hash,
    mustChangePassword: fromFlag(r.must_change_password),
    createdAt: fromMs(r.created_at),
    disabledAt: fromMsOrNull(r.disabled_at),
    totpSecretSealed: r.totp_secret_sealed,
    totpEnabledAt: fromMsOrNull(r.totp_enabled_at),
    totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
  };
}

export function dashboardUserRepo({ db, now }: RepoScope): DashboardUserRepo {
  return {
    async insert(u) {
      // ON CONFLICT DO NOTHING: a concurrent add of the same e-mail writes nothing, without aborting the caller's transaction
      const row = await db
        .insertInto('dashboard_users')
        .values({
          email: u.email.toLowerCase(),
          merchant_id: u.merchantId,
          role: u.role,
          password_hash: u.passwordHash,
          must_change_password: toFlag(u.mustChangePassword),
          created_at: now(),
          disabled_at: null,
          totp_secret_sealed: null,
          totp_enabled_at: null,
          totp_last_step: null,
        })
        .onConflict((oc) => oc.column('email').doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toUser(row) : undefined;
    },

    async get(id) {
      const row = await db.selectFrom('dashboard_users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : undefined;
    },

    async getByEmail(email) {
      const row = await db.selectFrom('dashboard_users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
      return row ? toUser(row) : undefined;
    },

    async update(id, patch) {
      const row = await db
        .updateTable('dashboard_users')
        .set({
          ...(patch.merchantId !== undefined ? { merchant_id: patch.merchantId } : {}),
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
          ...(patch.mustChangePassword !== undefined ? { must_change_password: toFlag(patch.mustChangePassword) } : {}),
          ...(patch.disabledAt !== undefined ? { disabled_at: toMsOrNull(patch.disabledAt) } : {}),
          ...(patch.totpSecretSealed !== undefined ? { totp_secret_sealed: patch.totpSecretSealed } : {}),
          ...(patch.totpEnabledAt !== undefined ? { totp_enabled_at: toMsOrNull(patch.totpEnabledAt) } : {}),
          ...(patch.totpLastStep !== undefined ? { totp_last_step: patch.totpLastStep } : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new MissingRowError('dashboard_users', id);
      return toUser(row);
    },

    async list(merchantId) {
      let q = db.selectFrom('dashboard_users').selectAll().where('disabled_at', 'is', null);
      if (merchantId !== undefined) q = q.where('merchant_id', '=', merchantId);
      return (await q.orderBy('email').execute()).map(toUser);
    },
  };
}
