/**
 * Kept-alive HTTP/1.1 connections, per origin: one request at a time on each (no pipelining), the
 * most recently freed reused first, at most `maxSockets` an origin (later requests wait for one),
 * and at most `maxFree` kept idle. An idle connection is closed before the server would close it:
 * a second before the `Keep-Alive: timeout` it announced, else after `idleMs`. A connection that
 * errs, closes, answers with `Connection: close`, sends bytes nobody asked for, or is left by a
 * request whose deadline passed is destroyed, never reused.
 *
 * A request on a reused connection that the server closes before answering fails (as node:http's
 * does): a POST may have been acted on, so it is not sent again here; its caller retries as it does
 * any network failure (ADR 0039).
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { HttpParseError, ResponseParser, type ParsedResponse } from './response-parser.js';

export interface Origin {
  secure: boolean;
  /** the host name or address to connect to (an IPv6 address without its brackets) */
  host: string;
  port: number;
  /** names the origin in the pool */
  key: string;
}

/** The exchange took longer than its deadline. */
export class PostTimeoutError extends Error {
  override name = 'TimeoutError';
}

export interface PoolOptions {
  maxSockets: number;
  maxFree: number;
  /** how long a connection is kept idle when the server announced no keep-alive timeout */
  idleMs: number;
}

const DEFAULTS: PoolOptions = { maxSockets: 256, maxFree: 64, idleMs: 4_000 };

interface Exchange {
  parser: ResponseParser;
  payload: Buffer;
  resolve: (r: ParsedResponse) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  connection: Connection | null;
  settled: boolean;
}

function hangUp(): Error {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

class Connection {
  readonly socket: Socket;
  exchange: Exchange | null = null;
  idleTimer: NodeJS.Timeout | null = null;
  closed = false;

  constructor(
    readonly origin: Origin,
    readonly pool: KeepAliveConnections,
  ) {
    const { host, port } = origin;
    this.socket = origin.secure
      ? tlsConnect({ host, port, ...(isIP(host) === 0 ? { servername: host } : {}) })
      : netConnect({ host, port });
    this.socket.setNoDelay(true);
    this.socket.on('data', (d: Buffer) => this.#data(d));
    this.socket.on('end', () => this.#end());
    this.socket.on('error', (e: Error) => this.#failed(e));
    this.socket.on('close', () => this.#close());
  }

  #data(d: Buffer): void {
    const ex = this.exchange;
    if (!ex) return void this.socket.destroy(); // unasked-for bytes on an idle connection
    let response: ParsedResponse | null;
    try {
      response = ex.parser.push(d);
    } catch (e) {
      return this.#failed(e as Error);
    }
    if (response) this.pool.finished(this, ex, response);
  }

  #end(): void {
    const ex = this.exchange;
    if (!ex) return void this.socket.destroy();
    // closed before a byte of the answer: what node:http calls a hang-up (a kept connection the server had just closed, say)
    if (!ex.parser.started) return this.#failed(hangUp());
    let response: ParsedResponse;
    try {
      response = ex.parser.end();
    } catch (e) {
      return this.#failed(e as Error);
    }
    response.keepAlive = false;
    this.pool.finished(this, ex, response);
  }

  #failed(e: Error): void {
    const ex = this.exchange;
    this.socket.destroy();
    if (ex) this.pool.failed(ex, e);
  }

  #close(): void {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const ex = this.exchange;
    if (ex) this.pool.failed(ex, hangUp());
    this.pool.closed(this);
  }
}

export class KeepAliveConnections {
  readonly #opts: PoolOptions;
  /** idle connections by origin, the most recently freed last */
  readonly #free = new Map<string, Connection[]>();
  /** open connections (busy, idle or connecting) by origin */
  readonly #open = new Map<string, number>();
  /** requests waiting for a connection, by origin */
  readonly #waiting = new Map<string, Exchange[]>();

  constructor(opts: Partial<PoolOptions> = {}) {
    this.#opts = Object.assign({}, DEFAULTS, opts);
  }

  /** Sends `payload` (a whole request) to the origin; resolves with its response. */
  exchange(origin: Origin, payload: Buffer, timeoutMs: number): Promise<ParsedResponse> {
    return new Promise<ParsedResponse>((resolve, reject) => {
      const ex: Exchange = {
        parser: new ResponseParser(),
        payload,
        resolve,
        reject,
        timer: setTimeout(() => this.#timedOut(origin, ex, timeoutMs), timeoutMs),
        connection: null,
        settled: false,
      };
      const idle = this.#takeIdle(origin.key);
      if (idle) return this.#start(idle, ex);
      const open = this.#open.get(origin.key) ?? 0;
      if (open < this.#opts.maxSockets) return this.#start(this.#connect(origin), ex);
      const queue = this.#waiting.get(origin.key);
      if (queue) queue.push(ex);
      else this.#waiting.set(origin.key, [ex]);
    });
  }

  /**
   * Closes every idle connection now, instead of when its idle time runs out (a load that is over,
   * its server about to stop); connections under way are left to finish, and the pool stays usable.
   */
  closeIdle(): void {
    for (const free of this.#free.values()) for (const c of free) c.socket.destroy();
  }

  /** How many connections are open to the origin (for tests). */
  openTo(origin: Origin): number {
    return this.#open.get(origin.key) ?? 0;
  }

  finished(c: Connection, ex: Exchange, response: ParsedResponse): void {
    c.exchange = null;
    ex.connection = null;
    this.#settle(ex, null, response);
    const idleMs = response.keepAliveMs === null ? this.#opts.idleMs : response.keepAliveMs - 1_000;
    if (!response.keepAlive || ex.parser.surplus || c.closed || idleMs <= 0) return void c.socket.destroy();
    this.#release(c, idleMs);
  }

  failed(ex: Exchange, e: Error): void {
    if (ex.connection) ex.connection.exchange = null;
    ex.connection = null;
    this.#settle(ex, e instanceof HttpParseError ? new Error(`bad HTTP answer: ${e.message}`) : e, null);
  }

  closed(c: Connection): void {
    const key = c.origin.key;
    const free = this.#free.get(key);
    const i = free ? free.indexOf(c) : -1;
    if (i >= 0) free!.splice(i, 1);
    this.#open.set(key, (this.#open.get(key) ?? 1) - 1);
    // a request waiting for a connection gets a new one
    const next = this.#nextWaiting(key);
    if (next) this.#start(this.#connect(c.origin), next);
  }

  #connect(origin: Origin): Connection {
    this.#open.set(origin.key, (this.#open.get(origin.key) ?? 0) + 1);
    return new Connection(origin, this);
  }

  #start(c: Connection, ex: Exchange): void {
    if (c.idleTimer) {
      clearTimeout(c.idleTimer);
      c.idleTimer = null;
    }
    c.socket.ref();
    c.exchange = ex;
    ex.connection = c;
    c.socket.write(ex.payload);
  }

  #release(c: Connection, idleMs: number): void {
    const next = this.#nextWaiting(c.origin.key);
    if (next) return this.#start(c, next);
    const free = this.#free.get(c.origin.key) ?? [];
    if (free.length >= this.#opts.maxFree) return void c.socket.destroy();
    free.push(c);
    this.#free.set(c.origin.key, free);
    // an idle connection keeps no process alive, and is closed before the server would close it
    c.socket.unref();
    c.idleTimer = setTimeout(() => c.socket.destroy(), idleMs).unref();
  }

  #takeIdle(key: string): Connection | undefined {
    const free = this.#free.get(key);
    while (free && free.length > 0) {
      const c = free.pop()!;
      if (!c.closed && !c.socket.destroyed) return c;
    }
    return undefined;
  }

  #nextWaiting(key: string): Exchange | undefined {
    const queue = this.#waiting.get(key);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.#waiting.delete(key);
    return next;
  }

  #timedOut(origin: Origin, ex: Exchange, timeoutMs: number): void {
    const c = ex.connection;
    const queue = this.#waiting.get(origin.key);
    const i = queue ? queue.indexOf(ex) : -1;
    if (i >= 0) queue!.splice(i, 1);
    this.failed(ex, new PostTimeoutError(`no answer within ${timeoutMs} ms`));
    // its answer may still come: the connection cannot be trusted with another request
    c?.socket.destroy();
  }

  #settle(ex: Exchange, e: Error | null, response: ParsedResponse | null): void {
    if (ex.settled) return;
    ex.settled = true;
    clearTimeout(ex.timer);
    if (e) ex.reject(e);
    else ex.resolve(response!);
  }
}
