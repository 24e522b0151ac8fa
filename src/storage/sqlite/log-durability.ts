/**
 * Which commits of the group-commit writer are durable (ADR 0013). With a log sync (the writer's
 * COMMIT only writes the WAL; syncLog fsyncs it off the event loop), a commit is durable once a
 * sync that started after it has returned: one sync at a time, and while it runs more batches
 * commit, so the next sync covers all of them (an fsync makes every frame written before it
 * durable). Without one (synchronous=FULL), a commit is durable when its COMMIT returns.
 *
 * An answer may be marked `withNextCommit` (ADR 0032): it is settled when its COMMIT returns and
 * starts no sync of its own; the next sync, which the next durable commit or read waits for, covers it.
 *
 * A failed sync is final, as PostgreSQL's PANIC on a failed fsync: what it covered may be lost
 * without a later sync ever saying so, so every answer waiting then or later fails (the store must
 * be reopened).
 */

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  /** the commit (its sequence number) that must be durable */
  upTo: number;
}

export class LogDurability {
  /** syncs done (0 without a log sync) */
  syncs = 0;
  /** COMMITs made so far, and how many of them are known durable */
  #committed = 0;
  #durable = 0;
  #syncing = false;
  #waiters: Waiter[] = [];
  #failure: Error | undefined;
  readonly #syncLog: (() => Promise<void>) | undefined;

  constructor(syncLog: (() => Promise<void>) | undefined) {
    this.#syncLog = syncLog;
  }

  /** True while some commit is not known durable yet. */
  get pending(): boolean {
    return this.#durable < this.#committed;
  }

  /** A COMMIT returned: `answers` are settled once it is durable (those marked withNextCommit at once). */
  committed(answers: ReadonlyArray<{ resolve: () => void; reject: (e: unknown) => void; withNextCommit?: boolean }>): void {
    const seq = ++this.#committed;
    if (!this.#syncLog) {
      this.#durable = seq;
      for (const a of answers) a.resolve();
      return;
    }
    let waiting = false;
    for (const a of answers) {
      if (a.withNextCommit === true) {
        a.resolve();
      } else {
        this.#waiters.push({ resolve: a.resolve, reject: a.reject, upTo: seq });
        waiting = true;
      }
    }
    if (waiting) this.#startSync();
  }

  /** Resolves once every commit made so far is durable. */
  everythingDurable(): Promise<void> {
    const seq = this.#committed;
    if (this.#durable >= seq) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ resolve, reject, upTo: seq });
      this.#startSync();
    });
  }

  #startSync(): void {
    if (this.#syncing || this.#waiters.length === 0) return;
    if (this.#failure !== undefined) {
      this.#settle();
      return;
    }
    this.#syncing = true;
    const upTo = this.#committed;
    this.#syncLog!().then(
      () => {
        this.#syncing = false;
        this.syncs += 1;
        this.#durable = Math.max(this.#durable, upTo);
        this.#settle();
        this.#startSync();
      },
      (e: unknown) => {
        this.#syncing = false;
        this.#failure = e instanceof Error ? e : new Error(String(e));
        this.#settle();
      },
    );
  }

  /** Answers the waiters whose commit is durable, or fails every waiter once a sync has failed. */
  #settle(): void {
    const failure = this.#failure;
    const ready = failure ? this.#waiters : this.#waiters.filter((w) => w.upTo <= this.#durable);
    this.#waiters = failure ? [] : this.#waiters.filter((w) => w.upTo > this.#durable);
    for (const w of ready) {
      if (failure) w.reject(failure);
      else w.resolve();
    }
  }
}
