/**
 * The outbox dispatcher: claims due notifications with a lease (so several gateway processes never
 * deliver one row at once), POSTs the stored bytes, judges the answer by the row's ack rule
 * (GlobalPay: exactly 204), and records every attempt. At-least-once: a crash after delivery but
 * before recording means one more delivery, never none.
 */
import type { Logger } from '../core/deps.js';
import type { AckRule, DialectId, OutboxNotification } from '../core/model.js';
import type { RetrySchedule } from '../core/ports/notify.js';
import type { Store } from '../core/ports/store.js';
import { httpPost } from '../http-client/post.js';
import { attemptRecorder } from './attempt-recorder.js';
import { nextAttemptAt } from './retry-schedule.js';

export interface DispatcherOptions {
  store: Store;
  log: Logger;
  clock?: () => Date;
  /** How often to look for due rows when nothing wakes us (ms). */
  pollMs?: number;
  leaseMs?: number;
  /** The most rows one claim leases (default 32). */
  batchSize?: number;
  /** The most deliveries under way at once, to all merchants together (default 64). */
  concurrency?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** A dialect's own retry schedule (DialectNotifications.retrySchedule), by the row's dialect; else the default. */
  retrySchedules?: Readonly<Record<DialectId, RetrySchedule | undefined>>;
}

export interface Dispatcher {
  /** Delivers everything due now, once; resolves with the number of attempts made. */
  runOnce(): Promise<number>;
  /** Hint that rows were written: deliver soon. */
  wake(): void;
  /** How long a row is leased: what the writer of a row handed over (`take`) leases it for. */
  readonly leaseMs: number;
  /**
   * Committed rows this process wrote already leased to it (NewNotification.leaseUntil, ADR 0040):
   * delivered without a claim, as room allows (at once, or as deliveries end). A row with less of its
   * lease left at its turn than a delivery may take is left to the claims (another process may have
   * it by then); rows handed to a stopped dispatcher are made due again at once, for whichever
   * dispatcher runs next.
   */
  take(rows: readonly OutboxNotification[]): void;
  /** Calls fn after every recorded attempt; returns the unsubscribe function. */
  onAttempt(fn: (n: OutboxNotification) => void): () => void;
  stop(): Promise<void>;
}

export function isAcknowledged(rule: AckRule, status: number): boolean {
  switch (rule) {
    case 'status_204':
      return status === 204;
    case 'status_200':
      return status === 200;
    case 'status_2xx':
      return status >= 200 && status < 300;
  }
}

/** What a 2xx that is not the acknowledgement an API needs is told. */
const WRONG_2XX: Record<AckRule, string> = {
  status_204: ' (this API needs 204 No Content)',
  status_200: ' (this API needs 200 OK)',
  status_2xx: '',
};

export async function deliverOne(
  n: OutboxNotification,
  opts: { fetch?: typeof fetch | undefined; timeoutMs: number },
): Promise<{ statusCode: number | null; error: string | null; durationMs: number; responseExcerpt: string | null }> {
  const started = performance.now();
  // the stored headers, then ours (not a spread with keys after it: ADR 0037)
  const headers: Record<string, string> = {};
  for (const name of Object.keys(n.headers)) headers[name] = n.headers[name]!;
  headers['User-Agent'] = 'walletgate-notifications/1';
  headers['X-Walletgate-Notification-Id'] = String(n.id);
  // the request whose state change raised it, for the merchant to match with its own logs (docs/operations.md)
  if (n.requestId !== null) headers['X-Walletgate-Request-Id'] = n.requestId;
  try {
    let res: { status: number };
    let text: string;
    if (opts.fetch) {
      const answer = await opts.fetch(n.url, {
        method: 'POST',
        headers,
        body: n.body,
        signal: AbortSignal.timeout(opts.timeoutMs),
        redirect: 'manual',
      });
      res = answer;
      text = await answer.text().catch(() => '');
    } else {
      const answer = await httpPost(n.url, headers, n.body, opts.timeoutMs);
      res = answer;
      text = answer.text;
    }
    const ok = isAcknowledged(n.ack, res.status);
    return {
      statusCode: res.status,
      error: ok ? null : `HTTP ${res.status}${res.status >= 200 && res.status < 300 ? WRONG_2XX[n.ack] : ''}`,
      durationMs: Math.round(performance.now() - started),
      responseExcerpt: text.slice(0, 500) || null,
    };
  } catch (e) {
    const err = e as Error;
    const reason =
      err.name === 'TimeoutError' ? `timed out after ${opts.timeoutMs} ms` : ((err.cause as Error | undefined)?.message ?? err.message);
    return { statusCode: null, error: reason, durationMs: Math.round(performance.now() - started), responseExcerpt: null };
  }
}

export function startDispatcher(opts: DispatcherOptions): Dispatcher {
  const clock = opts.clock ?? (() => new Date());
  const pollMs = opts.pollMs ?? 500;
  const leaseMs = opts.leaseMs ?? 60_000;
  const batch = opts.batchSize ?? 32;
  const concurrency = opts.concurrency ?? 64;
  const deliver = { fetch: opts.fetch, timeoutMs: opts.timeoutMs ?? 10_000 };
  let stopped = false;
  let running: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let wakeRequested = false;
  /** whether a pass under way should claim again: its last claim was full, or rows were written since */
  let moreDue = false;
  /** wakes a pass waiting for room or work: a delivery was recorded, or rows were written */
  let nudge: (() => void) | undefined;
  /** when the pending timer fires (performance.now()); a wake never moves it later */
  let timerDueAt = 0;
  const listeners = new Set<(n: OutboxNotification) => void>();
  /** deliveries under way, claimed or handed over: never more than `concurrency` */
  let underWay = 0;
  /** rows handed over (take) that wait for room, oldest first */
  let handed: OutboxNotification[] = [];
  /** deliveries of handed rows under way (stop waits for them) */
  const handedUnderWay = new Set<Promise<void>>();

  const recorder = attemptRecorder(opts.store);

  async function attempt(n: OutboxNotification): Promise<void> {
    const result = await deliverOne(n, deliver);
    const now = clock();
    const attemptNo = n.attempts + 1;
    const delivered = result.error === null;
    const schedule = opts.retrySchedules?.[n.dialect] ?? nextAttemptAt;
    const retryAt = delivered ? null : schedule(n.createdAt, attemptNo, now);
    const status = delivered ? 'delivered' : retryAt ? 'pending' : 'failed';
    const recorded = await recorder.record({
      notification: n,
      attempt: {
        attempt: attemptNo,
        at: now,
        statusCode: result.statusCode,
        error: result.error,
        durationMs: result.durationMs,
        responseExcerpt: result.responseExcerpt,
      },
      next: { status, nextAttemptAt: retryAt ?? now, deliveredAt: delivered ? now : null },
    });
    const fields = {
      reqId: n.requestId,
      notificationId: n.id,
      event: n.event,
      attempt: attemptNo,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
    };
    if (delivered) opts.log.info(fields, 'notification delivered');
    else
      opts.log.warn(
        Object.assign({}, fields, { error: result.error, next: retryAt?.toISOString() ?? 'gave up' }),
        'notification not acknowledged',
      );
    // the attempt is recorded: a listener that throws is reported as itself, and keeps no other from hearing of it
    for (const fn of listeners) {
      try {
        fn(recorded);
      } catch (e) {
        opts.log.error({ notificationId: n.id, err: (e as Error).message }, 'notification attempt listener failed');
      }
    }
  }

  /**
   * A pass: claims due rows and delivers them, keeping up to `concurrency` deliveries under way; as
   * each is recorded it makes room for the next claim, so a slow answer holds up no other row. A
   * claim comes back short when nothing else is due: the pass then ends once what it claimed is
   * recorded, unless rows were written meanwhile (wake).
   */
  async function runOnce(): Promise<number> {
    let total = 0;
    const oneEnded = () => new Promise<void>((resolve) => (nudge = resolve));
    moreDue = true;
    for (;;) {
      const room = Math.min(batch, concurrency - underWay);
      if (moreDue && room > 0 && !stopped) {
        moreDue = false;
        let due: OutboxNotification[];
        try {
          due = await opts.store.outbox.claimDue(clock(), leaseMs, room);
        } catch (e) {
          // the pass ends (and is reported) once what it already claimed is recorded
          while (underWay > 0) await oneEnded();
          throw e;
        }
        // a full claim may have left rows behind
        if (due.length === room) moreDue = true;
        total += due.length;
        for (const n of due) void start(n);
        continue;
      }
      if (underWay === 0) return total;
      await oneEnded();
    }
  }

  /** One delivery under way: counted until its attempt is recorded (or failed to be). */
  function start(n: OutboxNotification): Promise<void> {
    underWay++;
    return attempt(n)
      .catch((e: unknown) => {
        // its lease runs out and it is delivered again: at least once
        opts.log.error({ notificationId: n.id, err: (e as Error).message }, 'notification attempt not recorded');
      })
      .finally(() => {
        underWay--;
        nudge?.();
        startHanded();
      });
  }

  /**
   * Whether a handed row is still this dispatcher's to deliver or give back: more of its lease is left
   * than a delivery may take. Else the claims have it once the lease runs out (another process may),
   * so it is never delivered twice at once, nor made due again after another has delivered it.
   */
  const stillOurs = (n: OutboxNotification): boolean =>
    n.leaseUntil === null || n.leaseUntil.getTime() - clock().getTime() > deliver.timeoutMs;

  /** Starts handed rows while there is room (claimed and handed deliveries count alike); answers how many it started. */
  function startHanded(): number {
    let started = 0;
    while (handed.length > 0 && underWay < concurrency && !stopped) {
      const n = handed.shift()!;
      if (!stillOurs(n)) continue;
      const delivery = start(n).finally(() => handedUnderWay.delete(delivery));
      handedUnderWay.add(delivery);
      started++;
    }
    return started;
  }

  /** Rows handed over that will not be delivered here: due again at once, for the next dispatcher to claim. */
  async function giveBack(rows: readonly OutboxNotification[]): Promise<void> {
    const now = clock();
    for (const n of rows.filter(stillOurs)) {
      await opts.store.outbox.reschedule(n.id, now).catch((e: unknown) => {
        // its lease runs out and a claim has it then
        opts.log.error({ notificationId: n.id, err: (e as Error).message }, 'notification handed back not made due');
      });
    }
  }

  /** One pass at a time per dispatcher: the poll timer and an explicit runOnce() never overlap. */
  function pass(): Promise<number> {
    const p: Promise<number> = runOnce().finally(() => {
      if (running === p) running = null;
    });
    running = p;
    return p;
  }

  function tick(): void {
    if (stopped) return;
    if (running) {
      void running.catch(() => 0).finally(() => schedule(0));
      return;
    }
    pass()
      .catch((e: unknown) => {
        opts.log.error({ err: (e as Error).message }, 'notification dispatcher pass failed');
        return 0;
      })
      .finally(() => {
        schedule(wakeRequested ? 0 : pollMs);
        wakeRequested = false;
      });
  }

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timerDueAt = performance.now() + ms;
    timer = setTimeout(tick, ms);
    timer.unref();
  }

  schedule(0);
  return {
    runOnce: async () => {
      while (running) await running.catch(() => 0);
      return pass();
    },
    // rows were committed (Repos.afterCommit): a pass now, or right after the one running; a sooner
    // pass already due stays as it is (a burst of wakes must never keep postponing it)
    wake: () => {
      if (running) {
        moreDue = wakeRequested = true;
        nudge?.();
      } else if (timerDueAt > performance.now()) schedule(0);
    },
    leaseMs,
    take: (rows) => {
      if (stopped) {
        void giveBack(rows);
        return;
      }
      for (const n of rows) handed.push(n);
      // as many as there is room for start now; the rest as deliveries end
      startHanded();
    },
    onAttempt: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      while (running) await running.catch(() => 0);
      while (handedUnderWay.size > 0) await Promise.all([...handedUnderWay]);
      const left = handed;
      handed = [];
      await giveBack(left);
    },
  };
}
