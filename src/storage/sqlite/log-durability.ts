/**
 * Which commits of the group-commit writer are durable (ADR 0013). With a log sync (the writer's
 * COMMIT only writes the WAL; syncLog fsyncs it off the event loop), a commit is durable once a
 * sync that started after it has returned: one sync at a time, and while it runs more batches
 * commit, so the next sync covers all of them (an fsync makes every frame written before it
 * durable). Without one (synchronous=FULL), a commit is durable when its COMMIT returns.
 *
 * An answer may be marked `withNextCommit` (ADR 0032): it is settled when its COMMIT returns and
 * starts no sync of its own; the next sync, which the next durable commit or read waits for, covers it.
 * Who must know when such a commit is durable waits passively (`afterNextSync`, ADR 0041): the next
 * sync tells it, and only if none has started within PASSIVE_PATIENCE_MS does it start one.
 *
 * A failed sync is final, as PostgreSQL's PANIC on a failed fsync: what it covered may be lost
 * without a later sync ever saying so, so every answer waiting then or later fails (the store must
 * be reopened).
 */

/** How long a passive waiter lets the next durable commit start the sync it needs before starting one itself. */
export const PASSIVE_PATIENCE_MS = 20;

/**
 * The upper bounds, in seconds, by which the log syncs' durations are counted: an fsync takes a
 * fraction of a millisecond on a quiet disk and tens of milliseconds in a busy moment, and every
 * durable answer waits for one (the p99 of a create follows their tail; docs/benchmarks.md).
 */
export const SYNC_SECONDS_BOUNDS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** How long the log syncs done so far took: a count per bound of SYNC_SECONDS_BOUNDS (not cumulative), and the sum. */
export interface SyncDurations {
  bounds: readonly number[];
  /** counts[i]: syncs that took more than bounds[i - 1] and at most bounds[i] seconds; longer ones are in no bucket */
  counts: readonly number[];
  sumSeconds: number;
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  /** the commit (its sequence number) that must be durable */
  upTo: number;
}

export class LogDurability {
  /** syncs done (0 without a log sync) */
  syncs = 0;
  readonly #durations = { bounds: SYNC_SECONDS_BOUNDS, counts: SYNC_SECONDS_BOUNDS.map(() => 0), sumSeconds: 0 };
  /** COMMITs made so far, and how many of them are known durable */
  #committed = 0;
  #durable = 0;
  #syncing = false;
  #waiters: Waiter[] = [];
  /** called once a sync covers their commit; they start no sync (but the timer below does) */
  #passive: Array<{ fn: () => void; upTo: number }> = [];
  #patience: ReturnType<typeof setTimeout> | undefined;
  #failure: Error | undefined;
  readonly #syncLog: (() => Promise<void>) | undefined;

  readonly #now: () => number;
  /** Told when a sync has ended, before the next one starts (GroupCommitDriver: commits the batch it held back for it). */
  onSyncEnd: (() => void) | undefined;

  /** `now`: a clock in milliseconds for the syncs' durations (performance.now; tests give their own) */
  constructor(syncLog: (() => Promise<void>) | undefined, now: () => number = () => performance.now()) {
    this.#syncLog = syncLog;
    this.#now = now;
  }

  /** How long the syncs done so far took. */
  get syncDurations(): SyncDurations {
    const d = this.#durations;
    return { bounds: d.bounds, counts: [...d.counts], sumSeconds: d.sumSeconds };
  }

  #timed(ms: number): void {
    const seconds = ms / 1000;
    const d = this.#durations;
    const i = d.bounds.findIndex((bound) => seconds <= bound);
    if (i >= 0) d.counts[i]! += 1;
    d.sumSeconds += seconds;
  }

  /** True while a log sync is under way: a commit made now is durable only with the next one. */
  get syncing(): boolean {
    return this.#syncing;
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

  /**
   * Runs fn once every commit made so far is durable, without starting a log sync for it: the next
   * sync that starts after now tells it (the next durable commit's, or a read's). If none has started
   * within PASSIVE_PATIENCE_MS, one is started. Never runs fn once a sync has failed. fn must not throw.
   */
  afterNextSync(fn: () => void): void {
    if (this.#failure !== undefined) return;
    if (this.#durable >= this.#committed) {
      queueMicrotask(fn);
      return;
    }
    this.#passive.push({ fn, upTo: this.#committed });
    this.#armPatience();
  }

  /** Stops the passive waiters' timer (the store is closing; its last sync has run). */
  close(): void {
    clearTimeout(this.#patience);
    this.#patience = undefined;
  }

  #armPatience(): void {
    if (this.#patience !== undefined || this.#passive.length === 0) return;
    this.#patience = setTimeout(() => {
      this.#patience = undefined;
      // a sync under way may have started before their commits: it re-arms this when it ends
      if (!this.#syncing) this.#startSync(true);
    }, PASSIVE_PATIENCE_MS);
  }

  #startSync(forPassive = false): void {
    if (this.#syncing || (this.#waiters.length === 0 && !(forPassive && this.#passive.length > 0))) return;
    if (this.#failure !== undefined) {
      this.#settle();
      return;
    }
    this.#syncing = true;
    const upTo = this.#committed;
    const started = this.#now();
    this.#syncLog!().then(
      () => {
        this.#syncing = false;
        this.syncs += 1;
        this.#timed(this.#now() - started);
        this.#durable = Math.max(this.#durable, upTo);
        this.#settle();
        // commits held back for this sync are made now, so that the next sync covers them
        this.onSyncEnd?.();
        this.#startSync();
        this.#armPatience();
      },
      (e: unknown) => {
        this.#syncing = false;
        this.#failure = e instanceof Error ? e : new Error(String(e));
        this.#settle();
        this.onSyncEnd?.();
      },
    );
  }

  /** Answers the waiters whose commit is durable, or fails every waiter once a sync has failed. */
  #settle(): void {
    const failure = this.#failure;
    if (this.#passive.length > 0) {
      const told = failure ? [] : this.#passive.filter((p) => p.upTo <= this.#durable);
      this.#passive = failure ? [] : this.#passive.filter((p) => p.upTo > this.#durable);
      for (const p of told) p.fn();
    }
    const ready = failure ? this.#waiters : this.#waiters.filter((w) => w.upTo <= this.#durable);
    this.#waiters = failure ? [] : this.#waiters.filter((w) => w.upTo > this.#durable);
    for (const w of ready) {
      if (failure) w.reject(failure);
      else w.resolve();
    }
  }
}
