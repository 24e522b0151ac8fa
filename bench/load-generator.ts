/**
 * A closed-loop HTTP load generator over node:http with keep-alive: `concurrency` workers each send
 * a request, wait for the whole answer, and send the next, until the duration is over. Loopback
 * only, bounded in time (the duration plus at most one request timeout) and in memory (one latency
 * sample per successful request). Closed loops hide queueing: see open-loop-load.ts for latency.
 */
import { ErrorTally, keepAliveAgent, loopbackBase, Samples, send, type Call } from './http-call.js';

export interface LoadOptions {
  /** http://127.0.0.1:port */
  base: string;
  headers: Record<string, string>;
  /** The n-th request of this run (n from 0). */
  call: (n: number) => Call;
  concurrency: number;
  durationMs: number;
  /** An answer slower than this is a transport error ('timeout'). Default 10 s. */
  requestTimeoutMs?: number;
  /** Status that counts as success; anything else is an error. */
  expectStatus: number;
  /** Called with every successful answer's body (to keep the ids a later target uses). */
  onAnswer?: (body: string) => void;
  /** Called about once a second with the running totals. */
  onSecond?: (progress: { second: number; ok: number; errors: number; okThisSecond: number }) => void;
}

export interface LoadRun {
  ok: number;
  errors: number;
  errorsByKind: Map<string, number>;
  errorSamples: string[];
  /** Latency of every successful request, in ms, in completion order. */
  latenciesMs: Float64Array;
  /** From the first request to the last answer. */
  elapsedMs: number;
  /**
   * An open loop's: how late each request was sent after it was due, in ms (the load generator's own
   * delay: its timer's granularity, and its core shared with the sandbox). It is inside each latency,
   * which is measured from when a request was due.
   */
  sendLateMs?: Float64Array;
}

export async function runLoad(opts: LoadOptions): Promise<LoadRun> {
  const base = loopbackBase(opts.base);
  const agent = keepAliveAgent(opts.concurrency);
  const timeoutMs = opts.requestTimeoutMs ?? 10_000;
  const latencies = new Samples();
  const errors = new ErrorTally();
  let okThisSecond = 0;
  let next = 0;

  const started = performance.now();
  const deadline = started + opts.durationMs;
  let lastAnswer = started;

  let second = 0;
  const ticker = setInterval(() => {
    second++;
    opts.onSecond?.({ second, ok: latencies.length, errors: errors.count, okThisSecond });
    okThisSecond = 0;
  }, 1000);

  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const call = opts.call(next++);
      const t0 = performance.now();
      try {
        const answer = await send(agent, base, opts.headers, call, timeoutMs);
        const t1 = performance.now();
        lastAnswer = Math.max(lastAnswer, t1);
        if (answer.status === opts.expectStatus) {
          latencies.push(t1 - t0);
          okThisSecond++;
          opts.onAnswer?.(answer.body);
        } else {
          errors.record(String(answer.status), answer.body);
        }
      } catch (e) {
        lastAnswer = Math.max(lastAnswer, performance.now());
        errors.recordFailure(e);
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    clearInterval(ticker);
    agent.closeIdle();
  }
  return loadRun(latencies, errors, lastAnswer - started);
}

/** What a load's tallies add up to. */
export function loadRun(latencies: Samples, errors: ErrorTally, elapsedMs: number): LoadRun {
  return {
    ok: latencies.length,
    errors: errors.count,
    errorsByKind: errors.byKind,
    errorSamples: errors.samples,
    latenciesMs: latencies.toArray(),
    elapsedMs,
  };
}

/** Two loads run side by side (two servers sharing the load) as one: answers added, the longer time. */
export function mergeRuns(runs: LoadRun[]): LoadRun {
  const latencies = new Samples();
  const errorsByKind = new Map<string, number>();
  for (const r of runs) {
    for (const v of r.latenciesMs) latencies.push(v);
    for (const [k, n] of r.errorsByKind) errorsByKind.set(k, (errorsByKind.get(k) ?? 0) + n);
  }
  return {
    ok: latencies.length,
    errors: runs.reduce((s, r) => s + r.errors, 0),
    errorsByKind,
    errorSamples: runs.flatMap((r) => r.errorSamples).slice(0, 5),
    latenciesMs: latencies.toArray(),
    elapsedMs: Math.max(...runs.map((r) => r.elapsedMs)),
  };
}
