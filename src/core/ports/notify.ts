/**
 * The notification port: turns a core event into the merchant notifications it means, written as
 * outbox rows inside the caller's transaction (so a state change and its notifications commit
 * together). src/notifications/render-notification.ts implements it with each dialect's renderer.
 */
import type { CoreEvent } from '../events.js';
import type { Repos } from './store.js';

export type Notify = (tx: Repos, event: CoreEvent) => Promise<void>;
