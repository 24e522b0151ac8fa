/**
 * The notification port: turns a core event into the merchant notifications it means, written as
 * outbox rows inside the caller's transaction (so a state change and its notifications commit
 * together). src/notifications/render-notification.ts implements it with each dialect's renderer,
 * whose contract is below: a dialect (src/dialects/…/notification.ts) implements DialectNotifications.
 */
import type { CustomerLinks } from './customer-links.js';
import type { CoreEvent } from '../events.js';
import type { AckRule, CredentialKind } from '../model.js';
import type { Repos } from './store.js';

/** `requestId`: the request (or timer pass) whose state change raised the event (CoreDeps.requestId), stored on each row. */
export type Notify = (tx: Repos, event: CoreEvent, requestId: string | undefined) => Promise<void>;

export interface RenderedNotification {
  event: string;
  body: string;
  headers: Record<string, string>;
  ack: AckRule;
  /**
   * Where this notification goes instead of the merchant's notification URL: a URL the merchant
   * named for this payment (ecommpay general.merchant_callback_url). Absent: the merchant's URL.
   */
  url?: string;
}

/** One of the merchant's credentials for the dialect, unsealed: what a renderer signs with. */
export interface RenderKey {
  kind: CredentialKind;
  keyId: string;
  secret: string;
}

/**
 * Renders one event in a dialect. `keys` holds the merchant's credentials for that dialect, oldest
 * first; a renderer picks what it signs with (GlobalPay: the API key the record was made with, else
 * the first; Adyen: the HMAC key of the payment's merchant account) and returns null when the merchant has nothing to sign with or the
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
  /**
   * When to try an unacknowledged notification again (ecommpay publishes its own schedule); absent:
   * walletgate's default (src/notifications/retry-schedule.ts).
   */
  retrySchedule?: RetrySchedule;
}

/**
 * The time of the next attempt after `attempt` failed ones (1-based) of a notification written at
 * `createdAt`, or null to give up (the row is marked failed; a manual resend still works).
 */
export type RetrySchedule = (createdAt: Date, attempt: number, now: Date) => Date | null;
