/**
 * What a notification needs when a state change raises one (../../notifications/render-notification.ts):
 * the merchant's URL, the URL it set for the API and the API's credentials, in one statement. They
 * were three (the merchant, its credentials, the API's URL), read inside the transaction of every
 * change that notifies: a Checkout.com or ecommpay create, an approval, a refund.
 */
import type { Selectable } from 'kysely';
import type { NotificationTargetRepo } from '../../core/ports/store.js';
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

export function notificationTargetRepo(scope: RepoScope): NotificationTargetRepo {
  return {
    async get(merchantId, dialect) {
      const { rows } = await targetOfMerchantApi.execute(scope, merchantId, dialect);
      const first = rows[0];
      if (!first) return undefined;
      return {
        merchantNotifyUrl: first.merchant_notify_url,
        apiNotifyUrl: first.api_notify_url,
        credentials: rows.filter((r) => r.id !== null).map((r) => toCredential(r as Selectable<CredentialsTable>)),
      };
    },
  };
}
