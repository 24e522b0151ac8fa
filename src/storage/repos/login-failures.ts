import { sql, type Selectable } from 'kysely';
import type { LoginFailureRepo, LoginFailures } from '../../core/ports/dashboard-store.js';
import type { LoginFailuresTable } from '../dashboard-schema.js';
import { fromMs, fromMsOrNull, toMs } from '../column-codecs.js';
import type { RepoScope } from './repo-scope.js';

function toFailures(r: Selectable<LoginFailuresTable>): LoginFailures {
  return { key: r.key, failures: Number(r.failures), lastFailureAt: fromMs(r.last_failure_at), lockedUntil: fromMsOrNull(r.locked_until) };
}

export function loginFailureRepo({ db }: RepoScope): LoginFailureRepo {
  return {
    async get(key) {
      const row = await db.selectFrom('login_failures').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? toFailures(row) : undefined;
    },

    async recordFailure(key, at, forgetBefore) {
      // one statement: concurrent failures each add one (the row is locked by the upsert on both databases)
      const row = await db
        .insertInto('login_failures')
        .values({ key, failures: 1, last_failure_at: toMs(at), locked_until: null })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            failures: sql<number>`case when login_failures.last_failure_at < ${toMs(forgetBefore)} then 1 else login_failures.failures + 1 end`,
            last_failure_at: toMs(at),
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toFailures(row);
    },

    async lock(key, until) {
      await db
        .updateTable('login_failures')
        .set({ locked_until: toMs(until) })
        .where('key', '=', key)
        .execute();
    },

    async clear(key) {
      await db.deleteFrom('login_failures').where('key', '=', key).execute();
    },

    async deleteForgotten(forgetBefore, now) {
      const r = await db
        .deleteFrom('login_failures')
        .where('last_failure_at', '<', toMs(forgetBefore))
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', toMs(now))]))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
