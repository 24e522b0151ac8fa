/**
 * Turns core events into outbox rows, inside the transaction that changed the state. The dialect
 * that created a record renders its notification (vendor shape, vendor signature); this module only
 * finds the merchant's URL (the API's own when the merchant set one, ADR 0026, else the merchant's)
 * and its live credentials (a rotated key past its overlap signs nothing) and writes the row.
 */
import type { CustomerLinks } from '../core/ports/customer-links.js';
import type { CoreEvent } from '../core/events.js';
import { credentialLive, type DialectId } from '../core/model.js';
import { unsealSecret } from '../core/secrets.js';
import type { NewNotification, Repos } from '../core/ports/store.js';
import type { DialectNotifications, Notify, RenderedNotification } from '../core/ports/notify.js';
import type { OutboxNotification } from '../core/model.js';
import type { Dispatcher } from './dispatcher.js';

export interface NotifierOptions {
  /** The renderer of each registered dialect (src/dialects/index.ts); a record of an unknown dialect raises nothing. */
  renderers: Readonly<Record<DialectId, DialectNotifications | undefined>>;
  masterKey: string;
  links: CustomerLinks;
  /** What "now" is for a key's expiry (CoreDeps.clock); default the system clock. */
  clock?: () => Date;
  /** Called once rows written are committed (Repos.afterCommit): a hint to deliver them now. */
  onEnqueued?: () => void;
  /**
   * This process's dispatcher, when one runs: rows are then written leased to it and handed to it
   * once committed (ADR 0040), instead of waiting for a claim; else they are claimed as usual.
   */
  dispatcher?: () => Pick<Dispatcher, 'leaseMs' | 'take'> | undefined;
  /** Where a notification that cannot be rendered is reported (it must never undo the state change). */
  onRenderError?: (err: Error, event: CoreEvent) => void;
}

function subjectOf(event: CoreEvent) {
  switch (event.type) {
    case 'payment.updated':
      return { record: event.payment, resourceType: 'payment' as const, resourceId: event.payment.id };
    case 'preapproval.updated':
      return { record: event.preapproval, resourceType: 'preapproval' as const, resourceId: event.preapproval.id };
    case 'refund.updated':
      return { record: event.refund, resourceType: 'refund' as const, resourceId: event.refund.id };
  }
}

export function createNotifier(opts: NotifierOptions): Notify {
  return async (tx: Repos, event: CoreEvent, requestId: string | undefined) => {
    const { record, resourceType, resourceId } = subjectOf(event);
    const dialect = opts.renderers[record.dialect];
    if (!dialect?.raises(event)) return;
    // the merchant's URLs and the API's keys, in one read
    const target = await tx.notificationTargets.get(record.merchantId, record.dialect);
    // A dialect may name a URL of its own per record (RenderedNotification.url), so a merchant without one is rendered too.
    if (!target) return;
    const now = opts.clock?.() ?? new Date();
    const credentials = target.credentials.filter((c) => credentialLive(c, now));
    if (credentials.length === 0) return;
    let rendered: RenderedNotification | RenderedNotification[] | null;
    try {
      const keys = credentials.map((c) => ({ kind: c.kind, keyId: c.keyId, secret: unsealSecret(c.secretSealed, opts.masterKey) }));
      rendered = dialect.render(event, { keys, links: opts.links });
    } catch (e) {
      // The wallet has already acted: the state change must be recorded even if the notification
      // cannot be signed (e.g. a master key that does not match). Reported loudly instead.
      opts.onRenderError?.(e as Error, event);
      return;
    }
    const all = (rendered === null ? [] : Array.isArray(rendered) ? rendered : [rendered]).flatMap((n) => {
      const url = n.url ?? target.apiNotifyUrl ?? target.merchantNotifyUrl;
      return url === null ? [] : [Object.assign({}, n, { url })];
    });
    const rowOf = (n: RenderedNotification & { url: string }, leaseUntil: Date | null): NewNotification => ({
      // the request (or sweeper pass) that changed the state: logged with each attempt, sent as X-Walletgate-Request-Id
      requestId: requestId ?? null,
      merchantId: record.merchantId,
      dialect: record.dialect,
      event: n.event,
      resourceType,
      resourceId,
      url: n.url,
      headers: n.headers,
      body: n.body,
      ack: n.ack,
      leaseUntil,
    });
    const here = all.length > 0 ? opts.dispatcher?.() : undefined;
    if (here) {
      // leased to this process's dispatcher, and handed to it without a claim (ADR 0040) once the change is
      // durable (ADR 0041), so nothing is delivered that a power cut could take back
      const leaseUntil = new Date(now.getTime() + here.leaseMs);
      const rows: OutboxNotification[] = [];
      for (const n of all) rows.push(await tx.outbox.enqueue(rowOf(n, leaseUntil)));
      tx.afterDurable(() => here.take(rows));
      return;
    }
    for (const n of all) await tx.outbox.add(rowOf(n, null));
    // told once the rows are committed: told now, the dispatcher could look before they exist
    const onEnqueued = opts.onEnqueued;
    if (all.length > 0 && onEnqueued) tx.afterCommit(onEnqueued);
  };
}
