/**
 * Signing in to the dashboard (ADR 0022). The same refusal for an unknown e-mail, a removed user and
 * a wrong password, after the same scrypt work. Failures are counted per account (the e-mail named,
 * known or not) and per address; a key past its limit is locked for a growing delay, and while it is
 * locked no password is even tried. A success opens a new session — a new random id, whatever the
 * browser carried (no session fixation) — and is audited in the same transaction.
 */
import type { CoreDeps } from '../deps.js';
import type { DashboardUser } from '../ports/dashboard-store.js';
import type { Repos } from '../ports/store.js';
import {
  ACCOUNT_FAILURE_LIMIT,
  ADDRESS_FAILURE_LIMIT,
  FAILURE_MEMORY_MS,
  PASSWORD_MAX_LENGTH,
  SESSION_ABSOLUTE_MS,
  lockFor,
} from './dashboard-policy.js';
import { NOBODY_HASH, verifyPassword } from './password-hash.js';
import { recordAudit } from './record-audit.js';
import { hashSessionId, newCsrfToken, newSessionId } from './session-secrets.js';
import { accountKey, addressKey } from './throttle-keys.js';

export interface SignInRequest {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
  /** The session id the browser still carried, if any: it ends here. */
  previousSessionId?: string;
}

export type SignInResult =
  | { ok: true; user: DashboardUser; sessionId: string; expiresAt: Date }
  | { ok: false; problem: 'invalid' }
  | { ok: false; problem: 'throttled'; retryAfterSeconds: number };

async function lockedFor(tx: Pick<Repos, 'loginFailures'>, keys: string[], now: Date): Promise<number> {
  let ms = 0;
  for (const key of keys) {
    const until = (await tx.loginFailures.get(key))?.lockedUntil;
    if (until && until > now) ms = Math.max(ms, until.getTime() - now.getTime());
  }
  return ms;
}

export async function signIn(deps: Pick<CoreDeps, 'store' | 'clock'>, req: SignInRequest): Promise<SignInResult> {
  const email = req.email.trim().toLowerCase().slice(0, 320);
  const keys = { account: accountKey(email), address: addressKey(req.ip) };
  const waiting = await lockedFor(deps.store, [keys.account, keys.address], deps.clock());
  if (waiting > 0) return { ok: false, problem: 'throttled', retryAfterSeconds: Math.ceil(waiting / 1000) };

  const found = await deps.store.dashboardUsers.getByEmail(email);
  const user = found && found.disabledAt === null ? found : undefined;
  // always one scrypt: an unknown e-mail takes as long as a wrong password
  const password = req.password.slice(0, PASSWORD_MAX_LENGTH);
  const matches = await verifyPassword(password, user?.passwordHash ?? NOBODY_HASH);
  const now = deps.clock();

  if (!user || !matches) {
    const lock = await deps.store.transaction(async (tx) => {
      let longest = 0;
      for (const [key, limit] of [
        [keys.account, ACCOUNT_FAILURE_LIMIT],
        [keys.address, ADDRESS_FAILURE_LIMIT],
      ] as const) {
        const counted = await tx.loginFailures.recordFailure(key, now, new Date(now.getTime() - FAILURE_MEMORY_MS));
        const ms = lockFor(counted.failures, limit);
        if (ms > 0) await tx.loginFailures.lock(key, new Date(now.getTime() + ms));
        longest = Math.max(longest, ms);
      }
      return longest;
    });
    return lock > 0 ? { ok: false, problem: 'throttled', retryAfterSeconds: Math.ceil(lock / 1000) } : { ok: false, problem: 'invalid' };
  }

  const sessionId = newSessionId();
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await deps.store.transaction(async (tx) => {
    if (req.previousSessionId) await tx.dashboardSessions.delete(hashSessionId(req.previousSessionId));
    await tx.loginFailures.clear(keys.account);
    await tx.dashboardSessions.insert({
      idHash: hashSessionId(sessionId),
      userId: user.id,
      csrfToken: newCsrfToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: req.ip,
      userAgent: req.userAgent?.slice(0, 400) ?? null,
    });
    await recordAudit(tx, { user, ip: req.ip }, { merchantId: user.merchantId, action: 'session.sign_in', subject: `user ${user.email}` });
  });
  return { ok: true, user, sessionId, expiresAt };
}
