/**
 * One HTTP request over a keep-alive agent, the whole answer read: what every load of the bench
 * sends (closed loop, open loop, the full flow). Loopback only.
 */
import { Agent, request } from 'node:http';

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

export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, maxFreeSockets: Math.min(maxSockets, 1024) });
}

export function send(agent: Agent, base: URL, headers: Record<string, string>, call: Call, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = call.body === undefined ? undefined : Buffer.from(call.body, 'utf8');
    const all = call.headers ? { ...headers, ...call.headers } : headers;
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        path: call.path,
        method: call.method,
        headers: body ? { ...all, 'content-type': 'application/json', 'content-length': String(body.length) } : all,
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
