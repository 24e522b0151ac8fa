/** The one Store implementation: Kysely over SQLite or PostgreSQL, with small dialect switches. */
import { sql } from 'kysely';
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { ExclusiveStore, Repos, Store } from '../core/ports/store.js';
import type { Database, StoreKind } from './schema.js';
import { migrateToLatest, pendingMigrations } from './migrations.js';
import { refuseUnstorableText } from './refuse-unstorable-text.js';
import { DURABLE_WITH_NEXT_COMMIT, runLongImmediate, runTransaction, runUnderAdvisoryLock, savepointsOn } from './run-transaction.js';
import type { RepoScope } from './repos/repo-scope.js';
import type { DirectRun, QueryScope } from './precompiled-query.js';
import { authVersionOverKysely, type ReadAuthVersion } from './auth-version.js';
import { apiNotifyUrlRepo } from './repos/api-notify-urls.js';
import { notificationTargetRepo } from './repos/notification-targets.js';
import { newNotificationTargetCache } from './repos/notification-target-cache.js';
import { credentialRepo } from './repos/credentials.js';
import { customerProfileRepo } from './repos/customer-profiles.js';
import { idempotencyRepo } from './repos/idempotency.js';
import { inboxRepo } from './repos/inbox.js';
import { incomingTransferRepo } from './repos/incoming-transfers.js';
import { merchantRepo } from './repos/merchants.js';
import { operationRepo } from './repos/operations.js';
import { outboxRepo } from './repos/outbox.js';
import { paymentRepo } from './repos/payments.js';
import { preapprovalRepo } from './repos/preapprovals.js';
import { refundRepo } from './repos/refunds.js';
import { auditLogRepo } from './repos/audit-log.js';
import { dashboardSessionRepo } from './repos/dashboard-sessions.js';
import { dashboardUserRepo } from './repos/dashboard-users.js';
import { loginFailureRepo } from './repos/login-failures.js';
import { paymentAnalyticsRepo } from './repos/payment-analytics.js';
import { reportRowRepo } from './repos/report-rows.js';
import { reportRunRepo } from './repos/report-runs.js';
import { dataApiTokenRepo } from './repos/data-api-tokens.js';
import { refundBatchRepo } from './repos/refund-batches.js';
import { pendingSignInRepo } from './repos/pending-sign-ins.js';

type RepoName = Exclude<keyof Repos, 'afterCommit' | 'afterDurable'>;

/** How each repo is made over a scope. */
const REPO_FACTORIES: { readonly [K in RepoName]: (scope: RepoScope) => Repos[K] } = {
  merchants: merchantRepo,
  credentials: credentialRepo,
  apiNotifyUrls: apiNotifyUrlRepo,
  notificationTargets: notificationTargetRepo,
  payments: paymentRepo,
  preapprovals: preapprovalRepo,
  refunds: refundRepo,
  operations: operationRepo,
  outbox: outboxRepo,
  idempotency: idempotencyRepo,
  customerProfiles: customerProfileRepo,
  inbox: inboxRepo,
  incomingTransfers: incomingTransferRepo,
  dashboardUsers: dashboardUserRepo,
  dashboardSessions: dashboardSessionRepo,
  pendingSignIns: pendingSignInRepo,
  loginFailures: loginFailureRepo,
  auditLog: auditLogRepo,
  reportRuns: reportRunRepo,
  reportRows: reportRowRepo,
  paymentAnalytics: paymentAnalyticsRepo,
  dataApiTokens: dataApiTokenRepo,
  refundBatches: refundBatchRepo,
};

/** Every repo over `scope`, made now: the root store's, made once. */
function bindRepos(scope: RepoScope, afterDurable: (fn: () => void) => void): Repos {
  // a write outside a transaction is a durable transaction of its own (inside `exclusively` on SQLite, a savepoint of it)
  const repos: Partial<Record<keyof Repos, unknown>> = { afterCommit: queueMicrotask, afterDurable };
  for (const name of Object.keys(REPO_FACTORIES) as RepoName[]) repos[name] = REPO_FACTORIES[name](scope);
  return repos as Repos;
}

/**
 * A transaction's repos, each made the first time the transaction uses it. A transaction uses a few
 * of the 22, and making all of them for every transaction took about 7 µs and some 200 closures
 * (two to four transactions a request). Made once per transaction, a repo keeps what it holds for it
 * (the payment rows it has locked).
 */
class TransactionRepos implements Repos {
  readonly afterCommit: (fn: () => void) => void;
  readonly afterDurable: (fn: () => void) => void;
  readonly #scope: RepoScope;
  readonly #made: Partial<Record<RepoName, unknown>> = {};

  constructor(scope: RepoScope, afterCommit: (fn: () => void) => void, afterDurable: (fn: () => void) => void) {
    this.#scope = scope;
    this.afterCommit = afterCommit;
    this.afterDurable = afterDurable;
  }

  #repo<K extends RepoName>(name: K): Repos[K] {
    return (this.#made[name] ??= REPO_FACTORIES[name](this.#scope)) as Repos[K];
  }

  get merchants(): Repos['merchants'] {
    return this.#repo('merchants');
  }
  get credentials(): Repos['credentials'] {
    return this.#repo('credentials');
  }
  get apiNotifyUrls(): Repos['apiNotifyUrls'] {
    return this.#repo('apiNotifyUrls');
  }
  get notificationTargets(): Repos['notificationTargets'] {
    return this.#repo('notificationTargets');
  }
  get payments(): Repos['payments'] {
    return this.#repo('payments');
  }
  get preapprovals(): Repos['preapprovals'] {
    return this.#repo('preapprovals');
  }
  get refunds(): Repos['refunds'] {
    return this.#repo('refunds');
  }
  get operations(): Repos['operations'] {
    return this.#repo('operations');
  }
  get outbox(): Repos['outbox'] {
    return this.#repo('outbox');
  }
  get idempotency(): Repos['idempotency'] {
    return this.#repo('idempotency');
  }
  get customerProfiles(): Repos['customerProfiles'] {
    return this.#repo('customerProfiles');
  }
  get inbox(): Repos['inbox'] {
    return this.#repo('inbox');
  }
  get incomingTransfers(): Repos['incomingTransfers'] {
    return this.#repo('incomingTransfers');
  }
  get dashboardUsers(): Repos['dashboardUsers'] {
    return this.#repo('dashboardUsers');
  }
  get dashboardSessions(): Repos['dashboardSessions'] {
    return this.#repo('dashboardSessions');
  }
  get pendingSignIns(): Repos['pendingSignIns'] {
    return this.#repo('pendingSignIns');
  }
  get loginFailures(): Repos['loginFailures'] {
    return this.#repo('loginFailures');
  }
  get auditLog(): Repos['auditLog'] {
    return this.#repo('auditLog');
  }
  get reportRuns(): Repos['reportRuns'] {
    return this.#repo('reportRuns');
  }
  get reportRows(): Repos['reportRows'] {
    return this.#repo('reportRows');
  }
  get paymentAnalytics(): Repos['paymentAnalytics'] {
    return this.#repo('paymentAnalytics');
  }
  get dataApiTokens(): Repos['dataApiTokens'] {
    return this.#repo('dataApiTokens');
  }
  get refundBatches(): Repos['refundBatches'] {
    return this.#repo('refundBatches');
  }
}

/** What every store factory accepts. */
export interface StoreOptions {
  /** Stamps created_at / updated_at; default the system clock. The composition root hands in the core's clock. */
  clock?: () => Date;
}

/** What the factories add. */
interface KyselyStoreOptions extends StoreOptions {
  /** SQLite: runs fn on a connection of its own while no other transaction of this store runs. */
  aside?: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>;
  /** The version read with a statement prepared once (./auth-version.ts); default: through Kysely. */
  authVersion?: ReadAuthVersion;
  /** The driver's own way to run a compiled query (QueryScope.run); default: through Kysely. */
  direct?: DirectQueries;
  /**
   * SQLite's group commit: runs fn once every commit made so far is durable, starting no log sync for
   * it unless none comes soon (ADR 0041); how a transaction durable with the next commit tells
   * Repos.afterDurable. Without it (PostgreSQL) every commit is durable when it returns.
   */
  afterNextSync?: (fn: () => void) => void;
}

/**
 * How a driver runs a compiled query without Kysely's executor, on the connection Kysely would have
 * used: SQLite's group commit has one writer, and the transaction holding its lock is the one whose
 * function is running (sqlite/group-commit-driver.ts).
 */
export interface DirectQueries {
  /** Inside the transaction that holds the writer now. */
  inTransaction(query: CompiledQuery): QueryResult<unknown>;
  /** Outside any transaction: a read, or a write as a transaction of its own. */
  alone(query: CompiledQuery): Promise<QueryResult<unknown>>;
}

/**
 * A transaction's own DirectRun: runs its queries while its function runs, and refuses any after
 * that (a repo kept past its transaction would otherwise write into whichever holds the writer then),
 * in Kysely's words, as Kysely's Transaction refuses a query after its end.
 */
function runWhileOpen(direct: DirectQueries): { run: DirectRun; close(ended: 'committed' | 'rolled back'): void } {
  let ended: string | undefined;
  return {
    run(query) {
      if (ended) throw new Error(`Transaction is already ${ended}`);
      return direct.inTransaction(query);
    },
    close(how) {
      ended = how;
    },
  };
}

/** How long a SQLite start-up waits for other processes' start-ups on the same file before it gives up. */
const SQLITE_EXCLUSIVE_PATIENCE_MS = 120_000;

/** The store over `db`, whose transactions `transact` opens (a fresh one, or a savepoint in an open one). */
function storeOver(
  db: Kysely<Database>,
  kind: StoreKind,
  now: () => number,
  transact: <T>(fn: (tx: Kysely<Database>) => Promise<T>) => Promise<T>,
  direct?: DirectQueries,
  /** Repos.afterDurable of a transaction durable with the next commit: the driver's passive wait for its log sync */
  afterNextSync?: (fn: () => void) => void,
  /**
   * Inside `exclusively` on SQLite, whose transactions are savepoints of one held open: every
   * Repos.afterDurable waits here for that one's commit.
   */
  heldOpen?: (fn: () => void) => void,
): ExclusiveStore {
  /** Runs fn in a new transaction, given the scope its queries run in (with the driver's own run while it is open). */
  const inTransaction = <T>(fn: (tx: QueryScope) => Promise<T>): Promise<T> =>
    transact(async (tx) => {
      if (!direct) return fn({ db: tx, kind });
      const own = runWhileOpen(direct);
      try {
        const value = await fn({ db: tx, kind, run: own.run });
        own.close('committed');
        return value;
      } catch (e) {
        own.close('rolled back');
        throw e;
      }
    });
  // what notifications are sent to, kept across this store's transactions (ADR 0042)
  const targetCache = newNotificationTargetCache();
  return {
    kind,
    ...bindRepos(
      { db, kind, now, targetCache, atomic: inTransaction, ...(direct ? { run: (q: CompiledQuery) => direct.alone(q) } : {}) },
      heldOpen ?? queueMicrotask,
    ),
    transaction: async (fn, options) => {
      const committed: Array<() => void> = [];
      const durable: Array<() => void> = [];
      // SQLite's group commit takes the word (it sends nothing); PostgreSQL commits durably (ADR 0032)
      const withNextCommit = options?.durability === 'with-next-commit' && kind === 'sqlite';
      const result = await inTransaction(async (tx) => {
        if (withNextCommit) {
          if (tx.run) await tx.run(DURABLE_WITH_NEXT_COMMIT);
          else await tx.db.executeQuery(DURABLE_WITH_NEXT_COMMIT);
        }
        return fn(
          new TransactionRepos(
            Object.assign({}, tx, { now, targetCache, atomic: <T>(inner: (scope: QueryScope) => Promise<T>) => inner(tx) }),
            (f) => committed.push(f),
            (f) => durable.push(f),
          ),
        );
      });
      for (const f of committed) f();
      if (durable.length > 0) {
        // committed is durable now, unless held open (exclusively) or durable with the next commit (ADR 0041)
        const later = heldOpen ?? (withNextCommit ? afterNextSync : undefined);
        for (const f of durable) {
          if (later) later(f);
          else f();
        }
      }
      return result;
    },
    migrate: () => migrateToLatest(db as Kysely<unknown>, kind),
    pendingMigrations: () => pendingMigrations(db as Kysely<unknown>, kind),
    authVersion: authVersionOverKysely(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
  };
}

/**
 * Wraps an open Kysely instance (the factories in sqlite/ and postgres/ build it). Owns `db`: close()
 * destroys it. Every query goes through the unstorable-text guard, on both databases alike.
 */
export function createKyselyStore(opened: Kysely<Database>, kind: StoreKind, opts: KyselyStoreOptions = {}): Store {
  const db = opened.withPlugin(refuseUnstorableText);
  const clock = opts.clock;
  const now = clock ? () => clock().getTime() : Date.now;
  const over = storeOver(db, kind, now, (fn) => runTransaction(db, kind, fn), opts.direct, opts.afterNextSync);
  const root: ExclusiveStore = opts.authVersion ? { ...over, authVersion: opts.authVersion } : over;
  const aside = opts.aside;
  if (kind === 'postgres' || !aside) {
    return {
      ...root,
      // The lock is held on a connection of its own; fn works through the pool meanwhile.
      exclusively: (name, fn) => runUnderAdvisoryLock(db, name, () => fn(root)),
      close: () => db.destroy(),
    };
  }
  return {
    ...root,
    // DDL and the migration table on a connection of their own, with group commit paused
    migrate: () => aside((own) => migrateToLatest(own as Kysely<unknown>, kind)),
    // The lock's transaction is on a connection of its own: fn gets a store on it, whose transactions are savepoints.
    exclusively: async (_name, fn) => {
      // told once the held-open transaction has committed (its own connection's COMMIT syncs), never if it rolls back
      const durable: Array<() => void> = [];
      const result = await aside((own) => {
        const guarded = own.withPlugin(refuseUnstorableText);
        return runLongImmediate(guarded, SQLITE_EXCLUSIVE_PATIENCE_MS, (conn) =>
          fn(storeOver(conn, kind, now, savepointsOn(conn), undefined, undefined, (f) => durable.push(f))),
        );
      });
      for (const f of durable) f();
      return result;
    },
    close: () => db.destroy(),
  };
}
