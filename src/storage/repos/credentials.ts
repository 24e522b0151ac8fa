import type { Selectable } from 'kysely';
import type { Credential } from '../../core/model.js';
import { DuplicateCredentialError, type CredentialRepo } from '../../core/ports/store.js';
import type { CredentialsTable } from '../schema.js';
import { fromMs, toMs, toMsOrNull } from '../column-codecs.js';
import { isUniqueViolation } from '../unique-violation.js';
import type { RepoScope } from './repo-scope.js';
import { precompiled } from '../precompiled-query.js';

/** A merchant's keys, every API's (../precompiled-query.ts; a notification reads its own API's with its URLs, ./notification-targets.ts). */
const credentialsOfMerchant = precompiled<[merchantId: string], Selectable<CredentialsTable>>((db, $) =>
  db.selectFrom('credentials').selectAll().where('merchant_id', '=', $(0)).orderBy('id', 'asc'),
);

/** The keys of a key id: every request signed with a key's secret (ecommpay) reads their sealed copies, which the auth cache never keeps. */
const credentialsOfKeyId = precompiled<[dialect: string, keyId: string], Selectable<CredentialsTable>>((db, $) =>
  db.selectFrom('credentials').selectAll().where('dialect', '=', $(0)).where('key_id', '=', $(1)).orderBy('id', 'asc'),
);

export function toCredential(r: Selectable<CredentialsTable>): Credential {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    dialect: r.dialect,
    kind: r.kind,
    keyId: r.key_id,
    secretHash: r.secret_hash,
    secretSealed: r.secret_sealed,
    label: r.label,
    createdAt: fromMs(r.created_at),
    expiresAt: r.expires_at === null ? null : fromMs(r.expires_at),
  };
}

export function credentialRepo(scope: RepoScope): CredentialRepo {
  const { db, now, atomic } = scope;
  return {
    insert(c) {
      // The key id's owner and the key, in one transaction: the first key of a key id makes its
      // merchant the owner (a concurrent one waits on the primary key, then finds the owner), and
      // credentials(dialect, key_id, merchant_id) references that row, so no other merchant's key can join it.
      return atomic(async ({ db: tx }) => {
        const createdAt = now();
        await tx
          .insertInto('dialect_identities')
          .values({ dialect: c.dialect, key_id: c.keyId, merchant_id: c.merchantId, created_at: createdAt })
          // any unique index: the owner index (dialect, key_id, merchant_id) may be the one a
          // concurrent insert of the same owner trips first on PostgreSQL
          .onConflict((oc) => oc.doNothing())
          .execute();
        const owner = await tx
          .selectFrom('dialect_identities')
          .select('merchant_id')
          .where('dialect', '=', c.dialect)
          .where('key_id', '=', c.keyId)
          .executeTakeFirstOrThrow();
        if (owner.merchant_id !== c.merchantId)
          throw new DuplicateCredentialError('key_id', c.dialect, c.keyId, { merchantId: owner.merchant_id });
        const holder = await tx
          .selectFrom('credentials')
          .select(['id', 'merchant_id', 'dialect'])
          .where('secret_hash', '=', c.secretHash)
          .executeTakeFirst();
        if (holder)
          throw new DuplicateCredentialError('secret', c.dialect, c.keyId, {
            merchantId: holder.merchant_id,
            credentialId: holder.id,
            dialect: holder.dialect,
          });
        try {
          const row = await tx
            .insertInto('credentials')
            .values({
              merchant_id: c.merchantId,
              dialect: c.dialect,
              kind: c.kind ?? 'api_key',
              key_id: c.keyId,
              secret_hash: c.secretHash,
              secret_sealed: c.secretSealed,
              label: c.label,
              created_at: createdAt,
              expires_at: c.expiresAt ? toMs(c.expiresAt) : null,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          return toCredential(row);
        } catch (e) {
          // A concurrent insert of the same secret committed after the look-up above.
          if (isUniqueViolation(e, 'credentials_secret_hash', 'credentials.secret_hash'))
            throw new DuplicateCredentialError('secret', c.dialect, c.keyId, undefined);
          throw e;
        }
      });
    },

    async findByKeyId(dialect, keyId) {
      const { rows } = await credentialsOfKeyId.execute(scope, dialect, keyId);
      return rows.map(toCredential);
    },

    async keyIdOwner(dialect, keyId) {
      const row = await db
        .selectFrom('dialect_identities')
        .select('merchant_id')
        .where('dialect', '=', dialect)
        .where('key_id', '=', keyId)
        .executeTakeFirst();
      return row?.merchant_id;
    },

    async findBySecretHash(secretHash) {
      const row = await db.selectFrom('credentials').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
      return row ? toCredential(row) : undefined;
    },

    async listByMerchant(merchantId) {
      const { rows } = await credentialsOfMerchant.execute(scope, merchantId);
      return rows.map(toCredential);
    },

    async get(merchantId, id) {
      const row = await db
        .selectFrom('credentials')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toCredential(row) : undefined;
    },

    async setExpiry(merchantId, id, expiresAt) {
      const row = await db
        .updateTable('credentials')
        .set({ expires_at: toMsOrNull(expiresAt) })
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toCredential(row) : undefined;
    },

    async delete(merchantId, id) {
      const res = await db.deleteFrom('credentials').where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst();
      return res.numDeletedRows > 0n;
    },
  };
}
