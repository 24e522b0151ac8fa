/**
 * Turns core events into outbox rows, inside the transaction that changed the state. The dialect
 * that created a record renders its notification (vendor shape, vendor signature); this module only
 * finds the merchant's URL and credential and writes the row.
 */
import type { CustomerLinks } from '../core/deps.js';
import type { CoreEvent } from '../core/events.js';
import type { AckRule, CredentialKind, DialectId } from '../core/model.js';
import { unsealSecret } from '../core/secrets.js';
import type { Repos } from '../core/ports/store.js';
import type { Notify } from '../core/ports/notify.js';

export interface RenderedNotification {
  event: string;
  body: string;
  headers: Record<string, string>;
  ack: AckRule;
}

/** One of the merchant's credentials for the dialect, unsealed: what a renderer signs with. */
export interface RenderKey {
  kind: CredentialKind;
  keyId: string;
  secret: string;
}

/**
 * Renders one event in a dialect. `keys` holds the merchant's credentials for that dialect, oldest
 * first; a renderer picks what it signs with (GlobalPay: the first API key; Adyen: the HMAC key of
 * the payment's merchant account) and returns null when the merchant has nothing to sign with or the
 * event is not news in that dialect. One event may be several notifications (Checkout.com sends
 * payment_approved and payment_captured for one approval): one outbox row each, in order.
 */
export type NotificationRenderer = (
  event: CoreEvent,
  ctx: { keys: RenderKey[]; links: CustomerLinks },
) => RenderedNotification | RenderedNotification[] | null;

/**
 * A dialect's notifications: `raises` says, from the event alone, whether it is news in that
 * dialect (checked before the merchant's URL and credentials are read: most state changes in a
 * busy gateway are waiting states nobody is notified of); `render` makes them.
 */
export interface DialectNotifications {
  raises: (event: CoreEvent) => boolean;
  render: NotificationRenderer;
}

export interface NotifierOptions {
  renderers: Partial<Record<DialectId, DialectNotifications>>;
  masterKey: string;
  links: CustomerLinks;
  /** Called after a row is written (after commit is not guaranteed): a hint to deliver soon. */
  onEnqueued?: () => void;
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
  return async (tx: Repos, event: CoreEvent) => {
    const { record, resourceType, resourceId } = subjectOf(event);
    const dialect = opts.renderers[record.dialect];
    if (!dialect?.raises(event)) return;
    const merchant = await tx.merchants.get(record.merchantId);
    if (!merchant?.notifyUrl) return;
    const credentials = (await tx.credentials.listByMerchant(record.merchantId)).filter((c) => c.dialect === record.dialect);
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
    const all = rendered === null ? [] : Array.isArray(rendered) ? rendered : [rendered];
    for (const n of all) {
      await tx.outbox.enqueue({
        merchantId: record.merchantId,
        dialect: record.dialect,
        event: n.event,
        resourceType,
        resourceId,
        url: merchant.notifyUrl,
        headers: n.headers,
        body: n.body,
        ack: n.ack,
      });
    }
    if (all.length > 0) opts.onEnqueued?.();
  };
}
