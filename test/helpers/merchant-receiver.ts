/**
 * A merchant's notification endpoint on a real port: records every request and answers 204 (or
 * whatever the test sets), and lets a test await a notification instead of sleeping.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedNotification {
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  answeredWith: number;
}

export interface MerchantReceiver {
  url: string;
  received: ReceivedNotification[];
  /** Status code for the next answers (default 204). */
  answerWith(status: number): void;
  /**
   * Runs around each notification's answer: `before` is awaited before answering (a test may kill
   * the sender meanwhile, so the answer never arrives), `after` runs once the answer is written.
   * null removes them.
   */
  intercept(hooks: { before?: (n: ReceivedNotification) => Promise<void> | void; after?: (n: ReceivedNotification) => void } | null): void;
  /** Resolves with the first notification (already received or future) matching the predicate. */
  waitFor(pred: (n: ReceivedNotification) => boolean, timeoutMs?: number): Promise<ReceivedNotification>;
  close(): Promise<void>;
}

export async function startMerchantReceiver(): Promise<MerchantReceiver> {
  const received: ReceivedNotification[] = [];
  const waiters: { pred: (n: ReceivedNotification) => boolean; resolve: (n: ReceivedNotification) => void }[] = [];
  let status = 204;
  let hooks: Parameters<MerchantReceiver['intercept']>[0] = null;
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET') {
      // the merchant's own pages (ReturnURL) for browsers; only POSTs are notifications
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Shop</title><h1>Thank you for your order</h1>');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    const answer = async (n: ReceivedNotification) => {
      const around = hooks;
      if (around?.before) await around.before(n);
      // the sender may be gone by now (killed by the hook): then there is no one to answer
      if (!res.destroyed) res.writeHead(status).end();
      around?.after?.(n);
    };
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // keep {} — the test asserting on it will fail loudly
      }
      const n: ReceivedNotification = { headers: req.headers, body, json, answeredWith: status };
      received.push(n);
      void answer(n);
      for (const w of [...waiters]) {
        if (w.pred(n)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(n);
        }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    answerWith: (s) => (status = s),
    intercept: (h) => (hooks = h),
    waitFor(pred, timeoutMs = 20_000) {
      const found = received.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { pred, resolve: (n: ReceivedNotification) => (clearTimeout(t), resolve(n)) };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(
            new Error(
              `no matching notification within ${timeoutMs} ms; got ${received.length}: ${received.map((r) => r.body.slice(0, 120)).join(' | ')}`,
            ),
          );
        }, timeoutMs);
        waiters.push(w);
      });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
