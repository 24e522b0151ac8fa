/**
 * notifyPayment (upstream.md §2.4): once a payment reaches S or F, the sandbox POSTs it to the
 * acquirer's paymentNotifyUrl, signed with the sandbox's key over the receiver's own path, and
 * retries while the acknowledgement's result is not S (after 1, 2, 4… s, at most `attempts` times).
 * Retries stop when the sandbox closes.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { signatureHeader } from './signature.js';
import { paymentFields, paymentResult } from './payment-records.js';
import type { ApsPayment } from './model.js';

export interface Notifier {
  /** Starts delivering the payment's notification in the background. */
  notify(p: ApsPayment): void;
  close(): Promise<void>;
}

export interface NotifierOptions {
  /** the sandbox's private key (PEM), with which each notification is signed */
  privateKeyPem: () => Promise<string>;
  attempts: number;
  log: { warn(obj: object, msg: string): void };
}

function ackIsS(text: string): boolean {
  try {
    const body = JSON.parse(text) as { result?: { resultStatus?: unknown } };
    return body.result?.resultStatus === 'S';
  } catch {
    return false;
  }
}

export function createNotifier(opts: NotifierOptions): Notifier {
  const stop = new AbortController();
  const inFlight = new Set<Promise<void>>();

  async function deliver(url: URL, clientId: string, rawBody: string): Promise<void> {
    for (let attempt = 0; attempt < opts.attempts && !stop.signal.aborted; attempt++) {
      if (attempt > 0) await delay(1000 * 2 ** (attempt - 1), undefined, { signal: stop.signal }).catch(() => undefined);
      if (stop.signal.aborted) return;
      try {
        const privateKeyPem = await opts.privateKeyPem();
        const time = new Date().toISOString();
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=UTF-8',
            'client-id': clientId,
            'request-time': time,
            signature: signatureHeader({ method: 'POST', path: url.pathname, clientId, time, rawBody }, privateKeyPem),
          },
          body: rawBody,
          signal: AbortSignal.any([stop.signal, AbortSignal.timeout(10_000)]),
        });
        if (res.status === 200 && ackIsS(await res.text())) return;
        opts.log.warn({ url: url.href, status: res.status, attempt }, 'alipayplus sandbox: notifyPayment not acknowledged with S');
      } catch (e) {
        if (stop.signal.aborted) return;
        opts.log.warn({ url: url.href, attempt, error: (e as Error).message }, 'alipayplus sandbox: notifyPayment failed');
      }
    }
  }

  return {
    notify(p) {
      if (p.notifyUrl === null) return;
      let url: URL;
      try {
        url = new URL(p.notifyUrl);
      } catch {
        return;
      }
      const rawBody = JSON.stringify({ paymentResult: paymentResult(p), ...paymentFields(p) });
      const run = deliver(url, p.clientId, rawBody).finally(() => inFlight.delete(run));
      inFlight.add(run);
    },
    async close() {
      stop.abort();
      await Promise.all([...inFlight]);
    },
  };
}
