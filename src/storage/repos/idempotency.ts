import type { IdempotencyRepo } from '../../core/ports/store.js';
import { fromMs } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

export function idempotencyRepo({ db, now }: RepoScope): IdempotencyRepo {
  /** An update of the claim made at `claimedAt`, while it is still open (no answer stored yet). */
  const openClaim = (merchantId: string, dialect: string, key: string, claimedAt: Date) =>
    db
      .updateTable('idempotency')
      .where('merchant_id', '=', merchantId)
      .where('dialect', '=', dialect)
      .where('key', '=', key)
      .where('response_status', '=', 0)
      .where('created_at', '=', claimedAt.getTime());
  return {
    async get(merchantId, dialect, key) {
      const r = await db
        .selectFrom('idempotency')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .where('dialect', '=', dialect)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!r) return undefined;
      return {
        merchantId: r.merchant_id,
        dialect: r.dialect,
        key: r.key,
        requestHash: r.request_hash,
        responseStatus: r.response_status,
        responseBody: r.response_body,
        createdAt: fromMs(r.created_at),
      };
    },

    async put(rec) {
      const res = await db
        .insertInto('idempotency')
        .values({
          merchant_id: rec.merchantId,
          dialect: rec.dialect,
          key: rec.key,
          request_hash: rec.requestHash,
          response_status: rec.responseStatus,
          response_body: rec.responseBody,
          created_at: now(),
        })
        .onConflict((oc) => oc.columns(['merchant_id', 'dialect', 'key']).doNothing())
        .executeTakeFirst();
      return (res.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    async complete(merchantId, dialect, key, response, claimedAt) {
      let q = db
        .updateTable('idempotency')
        .set({ response_status: response.status, response_body: response.body })
        .where('merchant_id', '=', merchantId)
        .where('dialect', '=', dialect)
        .where('key', '=', key)
        .where('response_status', '=', 0);
      if (claimedAt) q = q.where('created_at', '=', claimedAt.getTime());
      await q.execute();
    },

    async release(merchantId, dialect, key, createdAt) {
      let q = db
        .deleteFrom('idempotency')
        .where('merchant_id', '=', merchantId)
        .where('dialect', '=', dialect)
        .where('key', '=', key)
        .where('response_status', '=', 0)
        // a claim that names what its request made stays, for a retry to resume
        .where('response_body', '=', '');
      if (createdAt) q = q.where('created_at', '=', createdAt.getTime());
      await q.execute();
    },

    async recordMade(merchantId, dialect, key, claimedAt, made) {
      const res = await openClaim(merchantId, dialect, key, claimedAt).set({ response_body: made }).executeTakeFirst();
      return res.numUpdatedRows === 1n;
    },

    async takeOver(merchantId, dialect, key, claimedAt) {
      // strictly later, so the old claim time never names the new claim
      const at = Math.max(now(), claimedAt.getTime() + 1);
      const res = await openClaim(merchantId, dialect, key, claimedAt).set({ created_at: at }).executeTakeFirst();
      return res.numUpdatedRows === 1n ? fromMs(at) : undefined;
    },
  };
}
