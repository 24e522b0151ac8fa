/**
 * A closed-loop HTTP load generator over node:http with keep-alive: `concurrency` workers each send
 * a request, wait for the whole answer, and send the next, until the duration is over. Loopback
 * only, bounded in time (the duration plus at most one request timeout) and in memory (one latency
 * sample per successful request).
 */
import { Agent, request } from 'node:http';

export interface LoadOptions {
  /** http://127.0.0.1:port/path */
  url: string;
  headers: Record<string, string>;
  /** The JSON body of the n-th request of this run (n from 0). */
  body: (n: number) => string;
  concurrency: number;
  durationMs: number;
  /** An answer slower than this is a transport error ('timeout'). Default 10 s. */
  requestTimeoutMs?: number;
  /** Status that counts as success; anything else is an error. */
  expectStatus: number;
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
}

const MAX_ERROR_SAMPLES = 5;

interface Answer {
  status: number;
  body: string;
}

function send(agent: Agent, url: URL, headers: Record<string, string>, body: Buffer, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(body.length) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'timeout' })));
    req.on('error', reject);
    req.end(body);
  });
}

export async function runLoad(opts: LoadOptions): Promise<LoadRun> {
  const url = new URL(opts.url);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`loopback only, got ${url.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency, maxFreeSockets: opts.concurrency });
  const timeoutMs = opts.requestTimeoutMs ?? 10_000;

  let latencies = new Float64Array(16_384);
  let ok = 0;
  let errors = 0;
  let okThisSecond = 0;
  let next = 0;
  const errorsByKind = new Map<string, number>();
  const errorSamples: string[] = [];
  const recordError = (kind: string, detail: string): void => {
    errors++;
    const seen = errorsByKind.get(kind) ?? 0;
    errorsByKind.set(kind, seen + 1);
    // one sample per kind of error, a few kinds at most
    if (seen === 0 && errorSamples.length < MAX_ERROR_SAMPLES) errorSamples.push(`${kind}: ${detail.slice(0, 600)}`);
  };

  const started = performance.now();
  const deadline = started + opts.durationMs;
  let lastAnswer = started;

  let second = 0;
  const ticker = setInterval(() => {
    second++;
    opts.onSecond?.({ second, ok, errors, okThisSecond });
    okThisSecond = 0;
  }, 1000);

  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const body = Buffer.from(opts.body(next++), 'utf8');
      const t0 = performance.now();
      try {
        const answer = await send(agent, url, opts.headers, body, timeoutMs);
        const t1 = performance.now();
        lastAnswer = Math.max(lastAnswer, t1);
        if (answer.status === opts.expectStatus) {
          if (ok === latencies.length) {
            const grown = new Float64Array(latencies.length * 2);
            grown.set(latencies);
            latencies = grown;
          }
          latencies[ok++] = t1 - t0;
          okThisSecond++;
        } else {
          recordError(String(answer.status), answer.body);
        }
      } catch (e) {
        lastAnswer = Math.max(lastAnswer, performance.now());
        const err = e as NodeJS.ErrnoException;
        recordError(err.code ?? 'error', err.message);
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    clearInterval(ticker);
    agent.destroy();
  }
  return { ok, errors, errorsByKind, errorSamples, latenciesMs: latencies.subarray(0, ok), elapsedMs: lastAnswer - started };
}
