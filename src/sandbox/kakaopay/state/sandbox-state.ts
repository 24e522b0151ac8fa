/**
 * The emulator's state, kept in its own database (state-db.ts) so that it outlives the process:
 * a gateway restarted on the same data can still refund its earlier payments and charge its
 * earlier SIDs. Each request runs in one transaction with a SandboxSession: what it reads is
 * locked until it is done, so two requests on one tid or sid (from this process or another one on
 * the same database) take turns instead of overwriting each other.
 */
import { SandboxSession } from './sandbox-session.js';
import { openStateDb, stateStatements } from './state-db.js';
import type { SandboxStateLocation } from './state-db.js';

export type { SandboxStateLocation } from './state-db.js';

export interface SandboxState {
  /**
   * Runs fn with a session in one transaction. When fn resolves, what it added or changed is
   * written and committed; when it throws, nothing is. (A KakaoPay error answer that comes after
   * the work, such as [lost], must therefore be returned by fn, not thrown.)
   */
  run<T>(fn: (session: SandboxSession) => Promise<T>): Promise<T>;
  /** Where the state is, for a person: the SQLite file, or `postgres schema <name>`. */
  describe(): string;
  close(): Promise<void>;
}

export async function openSandboxState(location: SandboxStateLocation, opts: { now: () => Date; tidTtlMs: number }): Promise<SandboxState> {
  const stateDb = await openStateDb(location).catch((e: unknown) => {
    throw new Error(`The KakaoPay sandbox cannot open its state (${describeLocation(location)}): ${(e as Error).message}`, { cause: e });
  });
  const statements = stateStatements(stateDb);
  return {
    run: (fn) =>
      stateDb.transaction(async (tx) => {
        const session = new SandboxSession(tx, statements, opts.now, opts.tidTtlMs);
        const result = await fn(session);
        await session.flush();
        return result;
      }),
    describe: () => describeLocation(location),
    close: () => stateDb.close(),
  };
}

function describeLocation(location: SandboxStateLocation): string {
  return location.kind === 'sqlite' ? location.file : `postgres schema ${location.schema}`;
}
