/** The dashboard's fixed rules (ADR 0022, docs/dashboard.md): how long a session lives, how sign-ins are throttled, what a password must be. */
import type { DashboardRole } from '../ports/dashboard-store.js';

/** A session unused this long ends. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** A session ends this long after sign-in, however busy. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** last_seen_at is written at most this often (a page load within it slides nothing). */
export const SESSION_TOUCH_EVERY_MS = 60_000;

/** Failures under one key before it locks: an account (its e-mail) or an address. */
export const ACCOUNT_FAILURE_LIMIT = 5;
export const ADDRESS_FAILURE_LIMIT = 20;
/** The first lock; each further failure doubles it, up to the ceiling. */
export const FIRST_LOCK_MS = 30_000;
export const LONGEST_LOCK_MS = 15 * 60_000;
/** Failures older than this are forgotten (the count starts again). */
export const FAILURE_MEMORY_MS = 60 * 60_000;

/** How long a key with `failures` failures is locked from now; 0: not locked. */
export function lockFor(failures: number, limit: number): number {
  if (failures < limit) return 0;
  return Math.min(LONGEST_LOCK_MS, FIRST_LOCK_MS * 2 ** Math.min(failures - limit, 10));
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export const DEMO_USER_EMAIL = 'demo@walletgate.test';

/** What each role may do, in the words the dashboard shows. */
export const ROLE_MEANING: Record<DashboardRole, string> = {
  owner: 'everything for the merchant: payments, refunds, reports, settings and users',
  refunds: 'see payments and reports, and refund',
  'read-only': 'see payments, reports and the audit log; change nothing',
  operator: 'every merchant: walletgate’s own operators',
};

/** What a dashboard screen or action needs: seeing a merchant's records, refunding, changing its settings and users. */
export type DashboardRight = 'view' | 'refund' | 'settings';

const RIGHTS: Record<DashboardRole, readonly DashboardRight[]> = {
  owner: ['view', 'refund', 'settings'],
  refunds: ['view', 'refund'],
  'read-only': ['view'],
  operator: ['view', 'refund', 'settings'],
};

/** Whether a role may do `right` (within the merchants it reaches: its own, or every one for an operator). */
export function may(role: DashboardRole, right: DashboardRight): boolean {
  return RIGHTS[role].includes(right);
}

/**
 * Whether a user reaches a merchant's records: a merchant's user its own merchant's only, an
 * operator every merchant's. Every dashboard read and change goes through this.
 */
export function reachesMerchant(user: { merchantId: string | null }, merchantId: string): boolean {
  return user.merchantId === null || user.merchantId === merchantId;
}
