/**
 * WAL checkpoints in a worker thread (ADR 0013). SQLite's automatic checkpoint runs inside the
 * COMMIT that crosses its threshold: it copies the log into the database file and syncs both, and
 * with better-sqlite3 that is the event loop, stalled for milliseconds every few hundred creates
 * (the open-loop p99's tail). Here the writer's automatic checkpoint is off and a worker thread, on
 * a connection of its own, runs a PASSIVE checkpoint (it never blocks writers or readers) at most
 * every `intervalMs` after commits asked for one. If the worker cannot run, the writer's automatic
 * checkpoint is switched back on, so the log never grows without bound.
 *
 * A PASSIVE checkpoint copies the log as it was when it began; a log starts over from its beginning
 * only when a write transaction begins with all of it copied. Under a steady stream of writes that
 * never happens (each checkpoint ends with newer frames behind it), and the log grows by every byte
 * written: hundreds of megabytes a minute, every frame appended to new file pages the kernel must
 * zero, every read searching a longer log index. So once the log holds `restartFrames` frames,
 * restartDue() hands the writer a checkpoint to wait for, with its writes held back, before its next
 * batch: that checkpoint copies everything, and the next write starts the log over (ADR 0013).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The worker's code: CommonJS, evaluated, with better-sqlite3 resolved by the parent. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 0');
parentPort.on('message', (msg) => {
  if (msg === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (e) {
    parentPort.postMessage({ ok: false, message: String(e && e.message || e) });
  }
});
`;

/** How often, at most, a checkpoint runs after commits asked for one. */
const CHECKPOINT_INTERVAL_MS = 100;
/**
 * The log's length (frames of a 4 KiB page, about 64 MiB) at which it is made to start over. Each
 * start-over holds every writer for one checkpoint; at 4,000 frames that was every half second at
 * 700 creates a second (docs/benchmarks.md, 2026-12-04).
 */
export const RESTART_LOG_FRAMES = 16_000;
/** SQLite's own default threshold, in log pages, for a connection whose worker cannot run. */
const AUTO_CHECKPOINT_PAGES = 1000;

/** What checkpointInstead needs of a better-sqlite3 connection. */
interface WritingConnection {
  readonly open: boolean;
  pragma(source: string): unknown;
}

/**
 * A worker that checkpoints `connection`'s file in its place: the connection's automatic checkpoint
 * is switched off, and back on should the worker fail to start or die, so the log never grows
 * without bound. The caller asks for checkpoints (request() after its commits) and waits for a due
 * restart (restartDue() before its next write). `timing` defaults: at most every 100 ms, a restart
 * at 16,000 frames.
 */
export function checkpointInstead(
  connection: WritingConnection,
  path: string,
  timing: { intervalMs?: number | undefined; restartFrames?: number | undefined } = {},
): CheckpointWorker {
  connection.pragma('wal_autocheckpoint = 0');
  return new CheckpointWorker(path, {
    intervalMs: timing.intervalMs ?? CHECKPOINT_INTERVAL_MS,
    restartFrames: timing.restartFrames ?? RESTART_LOG_FRAMES,
    onBroken: () => {
      if (connection.open) connection.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    },
  });
}

export interface CheckpointResult {
  /** frames in the log, and how many of them are in the database file now */
  log: number;
  checkpointed: number;
}

export interface CheckpointStats {
  checkpoints: number;
  failures: number;
  /** checkpoints the writer waited for so that the log could start over */
  restarts: number;
  /** how long, in all, the writer waited for them (ms) */
  restartWaitMs: number;
}

interface WorkerAnswer {
  ok: boolean;
  log?: number;
  checkpointed?: number;
  message?: string;
}

export class CheckpointWorker {
  readonly stats: CheckpointStats = { checkpoints: 0, failures: 0, restarts: 0, restartWaitMs: 0 };
  readonly #worker: Worker;
  readonly #intervalMs: number;
  #running: Promise<CheckpointResult> | null = null;
  #abandon: ((e: Error) => void) | null = null;
  #lastEnded = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #restartFrames: number;
  /** frames in the log when the last checkpoint ran */
  #logFrames = 0;

  /**
   * onBroken: the worker could not start or died; the caller turns the automatic checkpoint back on.
   * restartFrames: the log's length, in frames, from which restartDue() asks for a restart.
   */
  constructor(path: string, opts: { intervalMs: number; restartFrames: number; onBroken: (e: Error) => void }) {
    this.#intervalMs = opts.intervalMs;
    this.#restartFrames = opts.restartFrames;
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    // the worker never keeps the process alive on its own
    this.#worker.unref();
    const broken = (e: Error): void => {
      if (this.#closed) return;
      this.#closed = true;
      if (this.#timer) clearTimeout(this.#timer);
      this.#abandon?.(e);
      opts.onBroken(e);
    };
    this.#worker.on('error', broken);
    this.#worker.on('exit', (code) => broken(new Error(`the checkpoint worker exited (code ${code})`)));
  }

  /** After a commit: a checkpoint soon, at most one every intervalMs, never two at once. */
  request(): void {
    if (this.#closed || this.#running || this.#timer) return;
    const wait = this.#lastEnded + this.#intervalMs - Date.now();
    if (wait <= 0) {
      void this.checkpoint().catch(() => undefined);
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.checkpoint().catch(() => undefined);
    }, wait);
    this.#timer.unref();
  }

  /**
   * Before the writer's next batch: undefined while the log is shorter than restartFrames; else a
   * promise to wait for, with no write running, that resolves once a checkpoint has copied the whole
   * log (so that the next write starts it over), or has tried twice: a reader of another process on
   * an old snapshot, or another process writing, can keep it from finishing; it never rejects.
   */
  restartDue(): Promise<void> | undefined {
    if (this.#closed || this.#logFrames < this.#restartFrames) return undefined;
    this.#logFrames = 0;
    this.stats.restarts += 1;
    const started = performance.now();
    return this.#copyAll().then(() => {
      this.stats.restartWaitMs += performance.now() - started;
      // its checkpoints read the whole log, which the writer's next write starts over: not a reason to
      // hold the batch after it too (each restart held two batches until 2026-12-06); the next checkpoint
      // reads the log's length again
      this.#logFrames = 0;
    });
  }

  async #copyAll(): Promise<void> {
    // the first may be one that began while writes were still running
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await this.checkpoint().catch(() => undefined);
      if (!result || result.checkpointed >= result.log) return;
    }
  }

  /** Runs a checkpoint now (or joins the one running) and resolves with its result. */
  checkpoint(): Promise<CheckpointResult> {
    if (this.#closed) return Promise.reject(new Error('the checkpoint worker is closed'));
    if (this.#running) return this.#running;
    this.#worker.ref();
    const running = new Promise<CheckpointResult>((resolve, reject) => {
      this.#abandon = reject;
      this.#worker.once('message', (answer: WorkerAnswer) => {
        this.#worker.unref();
        this.#running = null;
        this.#abandon = null;
        this.#lastEnded = Date.now();
        if (answer.ok) {
          this.stats.checkpoints += 1;
          this.#logFrames = answer.log ?? 0;
          resolve({ log: answer.log ?? 0, checkpointed: answer.checkpointed ?? 0 });
        } else {
          this.stats.failures += 1;
          reject(new Error(`checkpoint failed: ${answer.message}`));
        }
      });
    });
    this.#running = running;
    this.#worker.postMessage('checkpoint');
    return running;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#running?.catch(() => undefined);
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.ref();
    this.#worker.postMessage('close');
    await exited;
  }
}
