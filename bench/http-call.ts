/**
 * One HTTP request over kept-alive connections, the whole answer read: what every load of the bench
 * sends (closed loop, open loop, the full flow). Loopback only. The loads share CPU 1 with the
 * sandbox, so they send with walletgate's own HTTP/1.1 client (src/http-client, ADR 0039): node:http's
 * cost the load generator about 190 µs of CPU a request against 45–85 µs, and held the floor's
 * reading below what the floor could do (docs/benchmarks.md, 2026-12-05 (sixth session)).
 */
import { KeepAliveConnections } from '../src/http-client/keep-alive-connections.js';
import { httpRequestThrough } from '../src/http-client/post.js';

export interface Answer {
  status: number;
  body: string;
}

export interface Call {
  method: 'GET' | 'POST';
  /** path and query on the target, e.g. /globalpay/v1/payments */
  path: string;
  /** a JSON body (POST) */
  body?: string;
  /** headers of this request alone (an idempotency key), beside the load's */
  headers?: Record<string, string>;
}

/** The host:port a loop sends to; throws unless it is the loopback. */
export function loopbackBase(base: string): URL {
  const url = new URL(base);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`loopback only, got ${url.hostname}`);
  return url;
}

/** A load's own connections: as many as it keeps requests in flight; closeIdle() when the load is over. */
export function keepAliveAgent(maxSockets: number): KeepAliveConnections {
  return new KeepAliveConnections({ maxSockets, maxFree: Math.min(maxSockets, 1024) });
}

export async function send(
  agent: KeepAliveConnections,
  base: URL,
  headers: Record<string, string>,
  call: Call,
  timeoutMs: number,
): Promise<Answer> {
  const all = call.headers ? Object.assign({}, headers, call.headers) : headers;
  const withType = call.body === undefined ? all : Object.assign({}, all, { 'content-type': 'application/json' });
  try {
    const answer = await httpRequestThrough(agent, call.method, base.origin + call.path, withType, call.body, timeoutMs);
    return { status: answer.status, body: answer.text };
  } catch (e) {
    // counted by kind (ErrorTally): a deadline passed is a timeout, as node:http's client said
    if ((e as Error).name === 'TimeoutError') throw Object.assign(new Error('request timed out'), { code: 'timeout' });
    throw e;
  }
}

/** Counts errors by kind and keeps one sample of each of the first few kinds. */
export class ErrorTally {
  count = 0;
  readonly byKind = new Map<string, number>();
  readonly samples: string[] = [];

  record(kind: string, detail: string): void {
    this.count++;
    const seen = this.byKind.get(kind) ?? 0;
    this.byKind.set(kind, seen + 1);
    if (seen === 0 && this.samples.length < 5) this.samples.push(`${kind}: ${detail.slice(0, 600)}`);
  }

  recordFailure(e: unknown): void {
    const err = e as NodeJS.ErrnoException;
    this.record(err.code ?? 'error', err.message);
  }
}

/** A growable array of latency samples in ms. */
export class Samples {
  private values = new Float64Array(16_384);
  length = 0;

  push(v: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = v;
  }

  toArray(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}
