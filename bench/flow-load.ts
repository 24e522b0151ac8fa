/**
 * The full-flow load: `concurrency` workers each run one payment from start to end and then the
 * next, until the duration is over:
 *   1. the merchant creates it (GlobalPay `POST /globalpay/v1/payments`, 201 with a RedirectURL);
 *   2. the customer approves it through the sandbox customer API (`POST {sandbox}/sandbox/customer`
 *      `{url: RedirectURL, action: 'approve'}`: the sandbox opens walletgate's link, walks the wallet
 *      pages and comes back to walletgate, which confirms with the wallet);
 *   3. walletgate notifies the merchant: the flow is complete when the Success notification reaches
 *      the bench's receiver (answered 204).
 * After the duration, flows still waiting get a drain period; a flow never heard of by then is lost.
 */
import { ErrorTally, keepAliveAgent, loopbackBase, Samples, send } from './http-call.js';
import type { LoadRun } from './load-generator.js';
import type { NotificationReceiver } from './notification-receiver.js';

export interface FlowOptions {
  /** walletgate, http://127.0.0.1:port */
  gateway: string;
  headers: Record<string, string>;
  /** the GlobalPay create-payment body for a MerchantTransactionID */
  createBody: (reference: string) => string;
  /** where POST /sandbox/customer is: the standalone sandbox, or walletgate when it runs the sandbox in-process */
  customerApi: string;
  receiver: NotificationReceiver;
  reference: (n: number) => string;
  concurrency: number;
  durationMs: number;
  /** how long flows still unheard are waited for after the duration */
  drainMs: number;
  requestTimeoutMs?: number;
  onSecond?: (progress: { second: number; completed: number; errors: number; completedThisSecond: number }) => void;
}

export interface FlowRun extends LoadRun {
  started: number;
  /** started flows whose Success notification arrived before the end of the drain */
  completed: number;
  lost: number;
  /** ids of the payments that succeeded, for the refund target */
  paymentIds: number[];
}

const delay = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());

export async function runFlows(opts: FlowOptions): Promise<FlowRun> {
  const gateway = loopbackBase(opts.gateway);
  const customerApi = loopbackBase(opts.customerApi);
  const gatewayAgent = keepAliveAgent(opts.concurrency);
  const sandboxAgent = keepAliveAgent(opts.concurrency);
  const timeoutMs = opts.requestTimeoutMs ?? 10_000;
  const latencies = new Samples();
  const errors = new ErrorTally();
  const references: string[] = [];
  /** approved, but not heard of when the worker stopped waiting */
  const late: string[] = [];
  let next = 0;
  let completedThisSecond = 0;

  const started = performance.now();
  const deadline = started + opts.durationMs;
  let lastHeard = started;

  let second = 0;
  const ticker = setInterval(() => {
    second++;
    opts.onSecond?.({ second, completed: latencies.length, errors: errors.count, completedThisSecond });
    completedThisSecond = 0;
  }, 1000);

  const heard = (t0: number): void => {
    const t = performance.now();
    lastHeard = Math.max(lastHeard, t);
    latencies.push(t - t0);
    completedThisSecond++;
  };

  const flow = async (reference: string): Promise<void> => {
    const t0 = performance.now();
    const created = await send(
      gatewayAgent,
      gateway,
      opts.headers,
      { method: 'POST', path: '/globalpay/v1/payments', body: opts.createBody(reference) },
      timeoutMs,
    );
    const redirect =
      created.status === 201 ? (JSON.parse(created.body) as { Payment?: { RedirectURL?: unknown } }).Payment?.RedirectURL : null;
    if (typeof redirect !== 'string') return errors.record(`create ${created.status}`, created.body);
    const approved = await send(
      sandboxAgent,
      customerApi,
      {},
      { method: 'POST', path: '/sandbox/customer', body: JSON.stringify({ url: redirect, action: 'approve' }) },
      timeoutMs,
    );
    if (approved.status !== 200) return errors.record(`customer ${approved.status}`, approved.body);
    const outcome = await Promise.race([opts.receiver.succeeded(reference), delay(timeoutMs)]);
    if (outcome !== 'timeout') return heard(t0);
    opts.receiver.forget(reference);
    late.push(reference);
  };

  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const reference = opts.reference(next++);
      references.push(reference);
      await flow(reference).catch((e: unknown) => errors.recordFailure(e));
    }
  };

  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    // the drain: flows whose notification is late (the worker stopped waiting) may still be heard
    const drainEnd = performance.now() + opts.drainMs;
    while (performance.now() < drainEnd && late.some((r) => opts.receiver.heard(r) === undefined)) await delay(50);
  } finally {
    clearInterval(ticker);
    gatewayAgent.closeIdle();
    sandboxAgent.closeIdle();
  }
  const paymentIds = references.map((r) => opts.receiver.heard(r)).filter((id): id is number => id !== undefined);
  // late ones (heard in the drain) count as completed, without a latency sample
  if (paymentIds.length > latencies.length) lastHeard = Math.max(lastHeard, performance.now());
  return {
    ok: paymentIds.length,
    errors: errors.count,
    errorsByKind: errors.byKind,
    errorSamples: errors.samples,
    latenciesMs: latencies.toArray(),
    elapsedMs: lastHeard - started,
    started: references.length,
    completed: paymentIds.length,
    lost: references.length - paymentIds.length,
    paymentIds,
  };
}
