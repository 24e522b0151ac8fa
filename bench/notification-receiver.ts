/**
 * The merchant's notification endpoint for the full-flow target: a local HTTP server that answers
 * every POST 204 (GlobalPay's acknowledgement; an ecommpay callback 200, its own) and tells the flow which payments it heard succeed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NotificationReceiver {
  url: string;
  /** Resolves when a Success notification of this MerchantTransactionID arrives (or has arrived). */
  succeeded(reference: string): Promise<number>;
  /** Stop waiting for it (the flow gave up); a late notification still counts as received. */
  forget(reference: string): void;
  /** The payment id of this MerchantTransactionID if its Success notification has arrived. */
  heard(reference: string): number | undefined;
  /** every notification received, whatever it said */
  received(): number;
  close(): Promise<void>;
}

interface GlobalPayNotice {
  Payment?: { ID?: unknown; MerchantTransactionID?: unknown; Status?: { ID?: unknown } };
}

export async function startNotificationReceiver(): Promise<NotificationReceiver> {
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (paymentId: number) => void>();
  let count = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      count++;
      let notice: GlobalPayNotice & { project_id?: unknown };
      try {
        notice = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GlobalPayNotice;
      } catch {
        res.writeHead(204).end();
        return;
      }
      // each API's acknowledgement: an ecommpay callback (it names its project) takes 200 only
      res.writeHead(notice.project_id === undefined ? 204 : 200).end();
      const p = notice.Payment;
      if (!p || p.Status?.ID !== 2 || typeof p.MerchantTransactionID !== 'string' || typeof p.ID !== 'number') return;
      arrived.set(p.MerchantTransactionID, p.ID);
      waiting.get(p.MerchantTransactionID)?.(p.ID);
      waiting.delete(p.MerchantTransactionID);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/notify`,
    succeeded(reference) {
      const id = arrived.get(reference);
      if (id !== undefined) return Promise.resolve(id);
      return new Promise((resolve) => waiting.set(reference, resolve));
    },
    forget(reference) {
      waiting.delete(reference);
    },
    heard: (reference) => arrived.get(reference),
    received: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
