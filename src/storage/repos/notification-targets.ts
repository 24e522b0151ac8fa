/**
 * What a notification needs when a state change raises one (../../notifications/render-notification.ts):
 * the merchant's URL, the URL it set for the API and the API's credentials, in one statement. They
 * were three (the merchant, its credentials, the API's URL), read inside the transaction of every
 * change that notifies: a Checkout.com or ecommpay create, an approval, a refund.
 *
 * Kept per store (ADR 0042), tagged with the `auth` version of `cache_versions`, which triggers bump
 * in the same transaction as any write to `merchants`, `credentials` or `merchant_notify_urls`
 * (migrations 0007 and 0020). The version is read in the transaction that raises the notification,
 * so it sees every change committed before, and one made earlier in the same transaction (or, on
 * SQLite, in the same group-commit batch): a target kept at that version is the one the join would
 * read now. One primary-key read instead of a three-table join and its rows.
 */
import type { Selectable } from 'kysely';
import type { NotificationTarget, NotificationTargetRepo } from '../../core/ports/store.js';
import type { CredentialsTable } from '../schema.js';
import { precompiled } from '../precompiled-query.js';
import type { RepoScope } from './repo-scope.js';
import { toCredential } from './credentials.js';

/** A credential's columns, null on the one row of a merchant without a credential of the API. */
type CredentialColumns = { [K in keyof Selectable<CredentialsTable>]: Selectable<CredentialsTable>[K] | null };
type Row = CredentialColumns & { merchant_notify_url: string | null; api_notify_url: string | null };

/** One row a credential of the API (or one with none), each carrying the two URLs; none for an unknown merchant. */
const targetOfMerchantApi = precompiled<[merchantId: string, dialect: string], Row>((db, $) =>
  db
    .selectFrom('merchants as m')
    .leftJoin('merchant_notify_urls as u', (j) => j.onRef('u.merchant_id', '=', 'm.id').on('u.dialect', '=', $(1)))
    .leftJoin('credentials as c', (j) => j.onRef('c.merchant_id', '=', 'm.id').on('c.dialect', '=', $(1)))
    // every credential column, as the table has them (toCredential reads the same)
    .selectAll('c')
    .select(['m.notify_url as merchant_notify_url', 'u.url as api_notify_url'])
    .where('m.id', '=', $(0))
    .orderBy('c.id', 'asc'),
);

/** The version the targets are kept at, read in the caller's transaction (no row: nothing may be kept). */
const authVersion = precompiled<[], { version: number | string }>((db) =>
  db.selectFrom('cache_versions').select('version').where('name', '=', 'auth'),
);

/** At most this many merchant and API pairs are kept; past it the cache starts again empty. */
const MAX_KEPT = 10_000;

export function notificationTargetRepo(scope: RepoScope): NotificationTargetRepo {
  const read = async (merchantId: string, dialect: string): Promise<NotificationTarget | undefined> => {
    const { rows } = await targetOfMerchantApi.execute(scope, merchantId, dialect);
    const first = rows[0];
    if (!first) return undefined;
    // shared by every later caller at this version: nobody may change it
    return Object.freeze({
      merchantNotifyUrl: first.merchant_notify_url,
      apiNotifyUrl: first.api_notify_url,
      credentials: Object.freeze(
        rows.filter((r) => r.id !== null).map((r) => Object.freeze(toCredential(r as Selectable<CredentialsTable>))),
      ),
    }) as NotificationTarget;
  };
  return {
    async get(merchantId, dialect) {
      const cache = scope.targetCache;
      const row = await authVersion.first(scope);
      if (row === undefined) return read(merchantId, dialect);
      const version = Number(row.version);
      const key = `${merchantId}\u0000${dialect}`;
      const kept = cache.entries.get(key);
      if (kept !== undefined && kept.version === version) return kept.target;
      const target = await read(merchantId, dialect);
      if (cache.entries.size >= MAX_KEPT) cache.entries.clear();
      cache.entries.set(key, { version, target });
      return target;
    },
  };
}
