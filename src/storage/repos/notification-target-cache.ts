/**
 * What a store keeps of its notification targets (notification-targets.ts, ADR 0042): by merchant
 * and API, each with the `auth` version it was read at. Its own module, so that RepoScope, which
 * carries it, and the repo, which fills it, do not import each other.
 */
import type { NotificationTarget } from '../../core/ports/store.js';

/** Targets a store keeps, by merchant and API, each with the version it was read at. */
export interface NotificationTargetCache {
  readonly entries: Map<string, { version: number; target: NotificationTarget | undefined }>;
}

export function newNotificationTargetCache(): NotificationTargetCache {
  return { entries: new Map() };
}
