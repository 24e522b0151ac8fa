/**
 * One HTTP request on a connection of its own (no keep-alive), as a merchant's server makes it, and
 * the one thing a test of crashes needs to know about it: did it get an answer? A server killed
 * while the request was under way gives none: the request may or may not have been carried out.
 */
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';

/** a vendor's JSON answer, walked by field name in assertions */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type HttpOutcome =
  | { answered: true; status: number; headers: Record<string, string | string[] | undefined>; text: string; json: Json }
  | { answered: false; error: string };

export interface HttpOnceOptions {
  method?: string;
  headers?: Record<string, string>;
  /** sent as JSON */
  body?: unknown;
  /** give up (and count it unanswered) after this long; default 30 s */
  timeoutMs?: number;
}

export function httpOnce(url: string, opts: HttpOnceOptions = {}): Promise<HttpOutcome> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: opts.method ?? (payload === undefined ? 'GET' : 'POST'),
        agent: false,
        headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
        timeout: opts.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => resolve({ answered: false, error: e.message }));
        res.on('end', () => {
          // a body cut short by the server's death is no answer
          if (!res.complete) return resolve({ answered: false, error: 'connection closed mid-answer' });
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ answered: true, status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => resolve({ answered: false, error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(payload);
  });
}

/** A loopback port that was free a moment ago (another process may take it before it is listened on). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}
