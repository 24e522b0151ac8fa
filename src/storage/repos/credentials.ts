import type { Selectable } from 'kysely';
import type { Credential } from '../../core/model.js';
import type { CredentialRepo } from '../../core/ports/store.js';
import type { CredentialsTable } from '../schema.js';
import { fromMs } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

function toCredential(r: Selectable<CredentialsTable>): Credential {
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
  };
}

export function credentialRepo({ db, now }: RepoScope): CredentialRepo {
  return {
    async insert(c) {
      const row = await db
        .insertInto('credentials')
        .values({
          merchant_id: c.merchantId,
          dialect: c.dialect,
          kind: c.kind ?? 'api_key',
          key_id: c.keyId,
          secret_hash: c.secretHash,
          secret_sealed: c.secretSealed,
          label: c.label,
          created_at: now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCredential(row);
    },

    async findByKeyId(dialect, keyId) {
      const rows = await db
        .selectFrom('credentials')
        .selectAll()
        .where('dialect', '=', dialect)
        .where('key_id', '=', keyId)
        .orderBy('id', 'asc')
        .execute();
      return rows.map(toCredential);
    },

    async findApiKeysBySecretHash(dialect, secretHash) {
      const rows = await db
        .selectFrom('credentials')
        .selectAll()
        .where('dialect', '=', dialect)
        .where('kind', '=', 'api_key')
        .where('secret_hash', '=', secretHash)
        .orderBy('id', 'asc')
        .execute();
      return rows.map(toCredential);
    },

    async findBySecretHash(secretHash) {
      const rows = await db.selectFrom('credentials').selectAll().where('secret_hash', '=', secretHash).orderBy('id', 'asc').execute();
      return rows.map(toCredential);
    },

    async listByMerchant(merchantId) {
      const rows = await db.selectFrom('credentials').selectAll().where('merchant_id', '=', merchantId).orderBy('id', 'asc').execute();
      return rows.map(toCredential);
    },

    async delete(merchantId, id) {
      const res = await db.deleteFrom('credentials').where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst();
      return res.numDeletedRows > 0n;
    },
  };
}
