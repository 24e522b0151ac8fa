import type { QueryScope } from '../precompiled-query.js';
import type { NotificationTargetCache } from './notification-target-cache.js';

/** What a repo is bound to: the root database or one open transaction (`run`: see QueryScope). */
export interface RepoScope extends QueryScope {
  /** The injected clock, in epoch milliseconds: every row this scope writes is stamped with it. */
  now(): number;
  /**
   * Runs a multi-statement write atomically: in a fresh transaction when the scope is the root
   * database, or directly when the scope already is a transaction. fn gets the transaction's scope:
   * its `db` for built queries, the scope itself for precompiled ones.
   */
  atomic<T>(fn: (tx: QueryScope) => Promise<T>): Promise<T>;
  /** The store's notification targets, kept across its transactions (notification-targets.ts). */
  targetCache: NotificationTargetCache;
}

/** 1-based page → SQL offset/limit, clamped to sane values. */
export function pageWindow(page: { index: number; size: number }): { offset: number; limit: number } {
  const size = Math.max(1, Math.floor(page.size));
  const index = Math.max(1, Math.floor(page.index));
  return { offset: (index - 1) * size, limit: size };
}
