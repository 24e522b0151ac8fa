/**
 * An open-loop, fixed-rate load: request i is due at start + i / rate, and is sent then whether or
 * not the earlier ones have been answered (a closed loop waits, and so hides the queue a server
 * builds). Latency is measured from when a request was due, not from when it could be sent, so a
 * load generator that falls behind does not flatter the server (no coordinated omission); how late
 * each was sent is returned too (`sendLateMs`), so that the generator's own share of a latency shows. New
 * connections are opened as needed; more than `maxOutstanding` unanswered requests count the
 * rest as 'overload' errors instead of growing without bound.
 */
import type { KeepAliveConnections } from '../src/http-client/keep-alive-connections.js';
import { ErrorTally, keepAliveAgent, loopbackBase, Samples, send, type Call } from './http-call.js';
import { loadRun, type LoadRun } from './load-generator.js';

export interface OpenLoopOptions {
  base: string;
  headers: Record<string, string>;
  call: (n: number) => Call;
  /** requests a second */
  rate: number;
  durationMs: number;
  expectStatus: number;
  requestTimeoutMs?: number;
  maxOutstanding?: number;
  /**
   * The connections to send over, left open when the load ends: a warm-up's, handed on to the load
   * measured after it, so that the measure starts with the connections a steady load keeps instead
   * of opening them all again in its first second (docs/benchmarks.md, 2026-12-06 (fourth session)).
   * Default: a pool of its own (at most `maxOutstanding` connections), closed at the end.
   */
  agent?: KeepAliveConnections;
  onSecond?: (progress: { second: number; ok: number; errors: number; okThisSecond: number; outstanding: number }) => void;
}

/** More unanswered requests than this count as 'overload' errors (the default of `maxOutstanding`). */
const OPEN_LOOP_MAX_OUTSTANDING = 2_000;

/** A pool of connections for open loops to share (a warm-up's, handed on to its measure, as `agent`); closeIdle() after the last. */
export function openLoopConnections(): KeepAliveConnections {
  return keepAliveAgent(OPEN_LOOP_MAX_OUTSTANDING);
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

export async function runOpenLoop(opts: OpenLoopOptions): Promise<LoadRun> {
  if (!(opts.rate > 0)) throw new Error(`an open-loop rate must be positive, got ${opts.rate}`);
  const base = loopbackBase(opts.base);
  const maxOutstanding = opts.maxOutstanding ?? OPEN_LOOP_MAX_OUTSTANDING;
  const agent = opts.agent ?? keepAliveAgent(maxOutstanding);
  const timeoutMs = opts.requestTimeoutMs ?? 10_000;
  const latencies = new Samples();
  const late = new Samples();
  const errors = new ErrorTally();
  const pending = new Set<Promise<void>>();
  let okThisSecond = 0;

  const started = performance.now();
  const interval = 1000 / opts.rate;
  const total = Math.floor(opts.durationMs / interval);
  let lastAnswer = started;

  let second = 0;
  const ticker = setInterval(() => {
    second++;
    opts.onSecond?.({ second, ok: latencies.length, errors: errors.count, okThisSecond, outstanding: pending.size });
    okThisSecond = 0;
  }, 1000);

  const fire = (n: number, dueAt: number): void => {
    late.push(performance.now() - dueAt);
    if (pending.size >= maxOutstanding) {
      errors.record('overload', `more than ${maxOutstanding} requests unanswered`);
      return;
    }
    const p = send(agent, base, opts.headers, opts.call(n), timeoutMs).then(
      (answer) => {
        const t = performance.now();
        lastAnswer = Math.max(lastAnswer, t);
        if (answer.status === opts.expectStatus) {
          latencies.push(t - dueAt);
          okThisSecond++;
        } else {
          errors.record(String(answer.status), answer.body);
        }
      },
      (e: unknown) => {
        lastAnswer = Math.max(lastAnswer, performance.now());
        errors.recordFailure(e);
      },
    );
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  try {
    let n = 0;
    while (n < total) {
      const now = performance.now();
      while (n < total && started + n * interval <= now) {
        fire(n, started + n * interval);
        n++;
      }
      await tick();
    }
    await Promise.all(pending);
  } finally {
    clearInterval(ticker);
    if (!opts.agent) agent.closeIdle();
  }
  return { ...loadRun(latencies, errors, lastAnswer - started), sendLateMs: late.toArray() };
}
