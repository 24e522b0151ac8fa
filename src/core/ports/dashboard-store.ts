/**
 * The dashboard's part of the Store (ADR 0022): the people who sign in, their sessions, the failed
 * sign-ins that throttle them, and the audit log. Implemented by storage/repos/dashboard-*.ts and
 * audit-log.ts, on both databases, and reached through `Repos` (store.ts) like every other repo.
 */

/** What a merchant's user may do; `operator` belongs to no merchant and sees every one. */
export const DASHBOARD_ROLES = ['owner', 'refunds', 'read-only', 'operator'] as const;
export type DashboardRole = (typeof DASHBOARD_ROLES)[number];

export interface DashboardUser {
  id: number;
  /** Kept in lower case: one address is one user, whatever its case. */
  email: string;
  /** null only for an operator. */
  merchantId: string | null;
  role: DashboardRole;
  /** core/dashboard/password-hash.ts: a self-describing scrypt string, never the password. */
  passwordHash: string;
  /** A one-time password was set (CLI add or reset): the next sign-in must choose a new one. */
  mustChangePassword: boolean;
  createdAt: Date;
  /** Set by `walletgate user remove`: such a user cannot sign in; the row stays for the audit log. */
  disabledAt: Date | null;
  /** The TOTP secret (ADR 0026), sealed with the master key; null: never enrolled. */
  totpSecretSealed: string | null;
  /** When the second factor was switched on; null: off (or the enrolment is not confirmed yet). */
  totpEnabledAt: Date | null;
  /** The last 30-second step a code was accepted at: no code of it or before is accepted again. */
  totpLastStep: number | null;
}

export type NewDashboardUser = Omit<
  DashboardUser,
  'id' | 'createdAt' | 'disabledAt' | 'totpSecretSealed' | 'totpEnabledAt' | 'totpLastStep'
>;
export type DashboardUserPatch = Partial<
  Pick<
    DashboardUser,
    'merchantId' | 'role' | 'passwordHash' | 'mustChangePassword' | 'disabledAt' | 'totpSecretSealed' | 'totpEnabledAt' | 'totpLastStep'
  >
>;

export interface DashboardUserRepo {
  /** Inserts a user; undefined when the e-mail (case-insensitively) is taken, by an enabled or a removed user. */
  insert(u: NewDashboardUser): Promise<DashboardUser | undefined>;
  get(id: number): Promise<DashboardUser | undefined>;
  /** Case-insensitively; removed users too. */
  getByEmail(email: string): Promise<DashboardUser | undefined>;
  /** Throws MissingRowError for an unknown id. */
  update(id: number, patch: DashboardUserPatch): Promise<DashboardUser>;
  /** Enabled users, of one merchant (a merchant id) or all (undefined), by e-mail. */
  list(merchantId?: string): Promise<DashboardUser[]>;
}

export interface DashboardSession {
  /** SHA-256 of the id the cookie carries (hex): the id itself is never stored. */
  idHash: string;
  userId: number;
  /** The synchronizer token every POST of this session must carry. */
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute end, whatever the activity. */
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface DashboardSessionRepo {
  insert(s: DashboardSession): Promise<DashboardSession>;
  get(idHash: string): Promise<DashboardSession | undefined>;
  /** Slides the idle window; false when the session is gone. */
  touch(idHash: string, lastSeenAt: Date): Promise<boolean>;
  /** false when there was no such session. */
  delete(idHash: string): Promise<boolean>;
  /** Ends every session of a user (removed, or password reset) but `keep` (the one changing its password); how many ended. */
  deleteByUser(userId: number, keep?: string): Promise<number>;
  /** Deletes the sessions that have ended (absolute end at or before `now`, or unused since `idleBefore`); how many. */
  deleteEnded(now: Date, idleBefore: Date): Promise<number>;
}

/** A right password waiting for its TOTP code (ADR 0026): it opens nothing until the code is given. */
export interface PendingSignIn {
  /** SHA-256 of the id the browser's cookie carries. */
  idHash: string;
  userId: number;
  createdAt: Date;
  expiresAt: Date;
  ip: string | null;
}

export interface PendingSignInRepo {
  insert(p: PendingSignIn): Promise<void>;
  get(idHash: string): Promise<PendingSignIn | undefined>;
  /** false when there was none. */
  delete(idHash: string): Promise<boolean>;
  /** Ends a user's pending sign-ins (removed, password reset): a code no longer opens anything. */
  deleteByUser(userId: number): Promise<void>;
}

/** Failed sign-ins under one key: `account:<e-mail>` or `ip:<address>`. */
export interface LoginFailures {
  key: string;
  failures: number;
  lastFailureAt: Date;
  /** No sign-in under this key is tried before this time. */
  lockedUntil: Date | null;
}

export interface LoginFailureRepo {
  get(key: string): Promise<LoginFailures | undefined>;
  /**
   * Counts one failure atomically (concurrent failures all count): failures + 1, or 1 when the
   * last failure is older than `forgetBefore`. Returns the row as it is now.
   */
  recordFailure(key: string, at: Date, forgetBefore: Date): Promise<LoginFailures>;
  lock(key: string, until: Date): Promise<void>;
  clear(key: string): Promise<void>;
  /** Deletes the counts that no longer matter: last failure before `forgetBefore` and no lock after `now`; how many. */
  deleteForgotten(forgetBefore: Date, now: Date): Promise<number>;
}

export interface AuditEntry {
  id: number;
  /** null: about walletgate as a whole (an operator's own account). */
  merchantId: string | null;
  /** null: done from the command line. */
  userId: number | null;
  /** Who, in words: the user's e-mail, or "cli". */
  actor: string;
  /** What, as a dotted name: user.add, session.sign_in … */
  action: string;
  /** What it was done to: "user anna@shop.example". */
  subject: string;
  detail: Record<string, unknown>;
  /** From where: the request's address; null from the command line. */
  ip: string | null;
  createdAt: Date;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'createdAt'>;

export interface AuditLogRepo {
  append(e: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first: one merchant's entries (a merchant id), or everyone's (undefined). */
  list(merchantId: string | undefined, limit: number): Promise<AuditEntry[]>;
}
