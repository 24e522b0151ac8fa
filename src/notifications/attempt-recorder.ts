/**
 * Records delivery attempts, several in one transaction: the attempts that finish while a
 * recording transaction is under way (or in the same turn of the event loop) are recorded together
 * in the next one. Under load a pass's deliveries end within a few milliseconds of each other, and
 * one transaction for all of them costs about what one costs for each (docs/benchmarks.md); alone,
 * an attempt is recorded at once. Every attempt is still durable before its caller hears of it.
 *
 * A transaction that fails (a row deleted meanwhile, say) takes none of the group with it: each of
 * its attempts is then recorded alone, so one bad row never keeps its neighbours unrecorded.
 */
import type { DeliveryAttempt, NotificationStatus, OutboxNotification } from '../core/model.js';
import type { Store } from '../core/ports/store.js';

export interface AttemptRecord {
  notification: OutboxNotification;
  attempt: Omit<DeliveryAttempt, 'id' | 'notificationId'>;
  next: { status: NotificationStatus; nextAttemptAt: Date; deliveredAt: Date | null };
}

interface Waiting {
  record: AttemptRecord;
  resolve: (n: OutboxNotification) => void;
  reject: (e: unknown) => void;
}

export interface AttemptRecorder {
  /** Resolves with the notification as it now stands, once its attempt is committed. */
  record(r: AttemptRecord): Promise<OutboxNotification>;
}

export function attemptRecorder(store: Pick<Store, 'transaction' | 'outbox'>): AttemptRecorder {
  let waiting: Waiting[] = [];
  let flushing = false;

  const alone = (w: Waiting): Promise<void> =>
    store.outbox.recordAttempt(w.record.notification, w.record.attempt, w.record.next).then(w.resolve, w.reject);

  async function together(group: Waiting[]): Promise<void> {
    let recorded: OutboxNotification[];
    try {
      recorded = await store.transaction(async (tx) => {
        const out: OutboxNotification[] = [];
        for (const { record: r } of group) out.push(await tx.outbox.recordAttempt(r.notification, r.attempt, r.next));
        return out;
      });
    } catch {
      await Promise.all(group.map(alone));
      return;
    }
    group.forEach((w, i) => w.resolve(recorded[i]!));
  }

  async function flush(): Promise<void> {
    while (waiting.length > 0) {
      const group = waiting;
      waiting = [];
      await (group.length === 1 ? alone(group[0]!) : together(group));
    }
    flushing = false;
  }

  return {
    record(record) {
      return new Promise<OutboxNotification>((resolve, reject) => {
        waiting.push({ record, resolve, reject });
        if (flushing) return;
        flushing = true;
        // after this turn's other answers have been read: they join this group
        setImmediate(() => void flush());
      });
    },
  };
}
