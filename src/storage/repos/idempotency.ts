import type { Insertable, Selectable } from 'kysely';
import type { IdempotencyRepo } from '../../core/ports/store.js';
import type { IdempotencyTable } from '../schema.js';
import { fromMs } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';
import { precompiled, precompiledPerShape } from '../precompiled-query.js';

type Key = [merchantId: string, dialect: string, key: string];

// Every request with an idempotency key claims, completes or reads one (../precompiled-query.ts).
const claimByKey = precompiled<Key, Selectable<IdempotencyTable>>((db, $) =>
  db.selectFrom('idempotency').selectAll().where('merchant_id', '=', $(0)).where('dialect', '=', $(1)).where('key', '=', $(2)),
);
const insertClaim = precompiledPerShape((db, row: Insertable<IdempotencyTable>) =>
  db
    .insertInto('idempotency')
    .values(row)
    .onConflict((oc) => oc.columns(['merchant_id', 'dialect', 'key']).doNothing()),
);
/** The open claim (no answer stored yet) of a key; with `created_at` too when the claim time is known. */
const openClaimOf = (db: RepoScope['db'], $: <I extends number>(i: I) => [...Key, number][I]) =>
  db
    .updateTable('idempotency')
    .where('merchant_id', '=', $(0))
    .where('dialect', '=', $(1))
    .where('key', '=', $(2))
    .where('response_status', '=', 0);
const completeAny = precompiled<[...Key, status: number, body: string], never>((db, $) =>
  openClaimOf(db, $).set({ response_status: $(3), response_body: $(4) }),
);
const completeClaimedAt = precompiled<[...Key, claimedAt: number, status: number, body: string], never>((db, $) =>
  openClaimOf(db, $)
    .set({ response_status: $(4), response_body: $(5) })
    .where('created_at', '=', $(3)),
);
const releaseOpen = (db: RepoScope['db'], $: <I extends number>(i: I) => [...Key, number][I]) =>
  db
    .deleteFrom('idempotency')
    .where('merchant_id', '=', $(0))
    .where('dialect', '=', $(1))
    .where('key', '=', $(2))
    .where('response_status', '=', 0)
    // a claim that names what its request made stays, for a retry to resume
    .where('response_body', '=', '');
const releaseAny = precompiled<Key, never>((db, $) => releaseOpen(db, $));
const releaseCreatedAt = precompiled<[...Key, createdAt: number], never>((db, $) => releaseOpen(db, $).where('created_at', '=', $(3)));
const recordMadeOn = precompiled<[...Key, claimedAt: number, made: string], never>((db, $) =>
  openClaimOf(db, $)
    .where('created_at', '=', $(3))
    .set({ response_body: $(4) }),
);
const takeOverAt = precompiled<[...Key, claimedAt: number, at: number], never>((db, $) =>
  openClaimOf(db, $)
    .where('created_at', '=', $(3))
    .set({ created_at: $(4) }),
);

export function idempotencyRepo(scope: RepoScope): IdempotencyRepo {
  const { now } = scope;
  return {
    async get(merchantId, dialect, key) {
      const r = await claimByKey.first(scope, merchantId, dialect, key);
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
      const createdAt = now();
      const res = await insertClaim.execute(scope, {
        merchant_id: rec.merchantId,
        dialect: rec.dialect,
        key: rec.key,
        request_hash: rec.requestHash,
        response_status: rec.responseStatus,
        response_body: rec.responseBody,
        created_at: createdAt,
      });
      return (res.numAffectedRows ?? 0n) > 0n ? fromMs(createdAt) : undefined;
    },

    async complete(merchantId, dialect, key, response, claimedAt) {
      if (claimedAt) await completeClaimedAt.execute(scope, merchantId, dialect, key, claimedAt.getTime(), response.status, response.body);
      else await completeAny.execute(scope, merchantId, dialect, key, response.status, response.body);
    },

    async release(merchantId, dialect, key, createdAt) {
      if (createdAt) await releaseCreatedAt.execute(scope, merchantId, dialect, key, createdAt.getTime());
      else await releaseAny.execute(scope, merchantId, dialect, key);
    },

    async recordMade(merchantId, dialect, key, claimedAt, made) {
      const res = await recordMadeOn.execute(scope, merchantId, dialect, key, claimedAt.getTime(), made);
      return res.numAffectedRows === 1n;
    },

    async takeOver(merchantId, dialect, key, claimedAt) {
      // strictly later, so the old claim time never names the new claim
      const at = Math.max(now(), claimedAt.getTime() + 1);
      const res = await takeOverAt.execute(scope, merchantId, dialect, key, claimedAt.getTime(), at);
      return res.numAffectedRows === 1n ? fromMs(at) : undefined;
    },
  };
}
