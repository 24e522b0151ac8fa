/**
 * Whether this gateway can take payments now (/ready), as a load balancer or an orchestrator asks:
 * the database answers, its schema has every migration this code has, and the master key opens the
 * stored keys (without it no notification could be signed). /health only says the process is alive.
 * The master-key check reads every stored key, so it runs again only when the keys have changed
 * (the store's auth version) or when it last failed.
 */
import type { CoreDeps } from './deps.js';
import { assertMasterKeyOpensCredentials } from './merchants/master-key-check.js';

export type ReadinessCheckName = 'database' | 'migrations' | 'master_key';

export interface ReadinessCheck {
  name: ReadinessCheckName;
  ok: boolean;
  /** What was found, for a person: "sqlite answered", "2 migrations not applied: 0011_…". */
  detail: string;
}

export interface Readiness {
  ready: boolean;
  checks: ReadinessCheck[];
}

/** A check that has not answered in this long has failed (a database that hangs is not ready). */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(what: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([what, late]).finally(() => clearTimeout(timer));
}

const failure = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A readiness checker for one gateway: it remembers which key set the master key last opened. */
export function readinessChecker(deps: Pick<CoreDeps, 'store' | 'masterKey'>, timeoutMs = READINESS_CHECK_TIMEOUT_MS) {
  let openedAtVersion: number | null = null;

  async function database(): Promise<ReadinessCheck> {
    try {
      await withTimeout(deps.store.ping(), timeoutMs);
      return { name: 'database', ok: true, detail: `${deps.store.kind} answered` };
    } catch (e) {
      return { name: 'database', ok: false, detail: `${deps.store.kind} did not answer: ${failure(e)}` };
    }
  }

  async function migrations(): Promise<ReadinessCheck> {
    try {
      const pending = await withTimeout(deps.store.pendingMigrations(), timeoutMs);
      return pending.length === 0
        ? { name: 'migrations', ok: true, detail: 'the schema is current' }
        : { name: 'migrations', ok: false, detail: `${pending.length} not applied: ${pending.join(', ')}` };
    } catch (e) {
      return { name: 'migrations', ok: false, detail: `could not be read: ${failure(e)}` };
    }
  }

  async function masterKey(): Promise<ReadinessCheck> {
    try {
      const version = await withTimeout(deps.store.authVersion(), timeoutMs);
      if (version === null || version !== openedAtVersion) {
        await withTimeout(assertMasterKeyOpensCredentials(deps.store, deps.masterKey), timeoutMs);
        openedAtVersion = version;
      }
      return { name: 'master_key', ok: true, detail: 'opens every stored key' };
    } catch (e) {
      openedAtVersion = null;
      return { name: 'master_key', ok: false, detail: failure(e) };
    }
  }

  return async function checkReadiness(): Promise<Readiness> {
    const db = await database();
    // without a database the other two cannot be known: say so rather than time out twice more
    const rest: ReadinessCheck[] = db.ok
      ? await Promise.all([migrations(), masterKey()])
      : [
          { name: 'migrations', ok: false, detail: 'not checked: the database did not answer' },
          { name: 'master_key', ok: false, detail: 'not checked: the database did not answer' },
        ];
    const checks = [db, ...rest];
    return { ready: checks.every((c) => c.ok), checks };
  };
}
