/**
 * Signing in to the dashboard (ADR 0022). The same refusal for an unknown e-mail, a removed user and
 * a wrong password, after the same scrypt work. Failures are counted per account (the e-mail named,
 * known or not) and per address; a key past its limit is locked for a growing delay, and while it is
 * locked no password is even tried. A success opens a new session — a new random id, whatever the
 * browser carried (no session fixation) — and is audited in the same transaction. A user with the
 * TOTP second factor on (ADR 0026) gets no session yet: a short-lived pending sign-in, which only
 * the code (confirm-sign-in-code.ts) turns into one.
 */
import type { CoreDeps } from '../deps.js';
import type { DashboardUser } from '../ports/dashboard-store.js';
import { ACCOUNT_FAILURE_LIMIT, ADDRESS_FAILURE_LIMIT, PASSWORD_MAX_LENGTH } from './dashboard-policy.js';
import { openSession } from './open-session.js';
import { NOBODY_HASH, verifyPassword } from './password-hash.js';
import { hashSessionId, newSessionId } from './session-secrets.js';
import { lockedFor, recordFailures } from './sign-in-throttle.js';
import { accountKey, addressKey } from './throttle-keys.js';

/** How long a right password waits for its code. */
export const PENDING_SIGN_IN_MS = 5 * 60_000;

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
  | { ok: false; problem: 'code_needed'; pendingId: string; expiresAt: Date }
  | { ok: false; problem: 'invalid' }
  | { ok: false; problem: 'throttled'; retryAfterSeconds: number };

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
    const lock = await deps.store.transaction((tx) =>
      recordFailures(
        tx,
        [
          [keys.account, ACCOUNT_FAILURE_LIMIT],
          [keys.address, ADDRESS_FAILURE_LIMIT],
        ],
        now,
      ),
    );
    return lock > 0 ? { ok: false, problem: 'throttled', retryAfterSeconds: Math.ceil(lock / 1000) } : { ok: false, problem: 'invalid' };
  }

  if (user.totpEnabledAt !== null) {
    const pendingId = newSessionId();
    const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_MS);
    await deps.store.pendingSignIns.insert({ idHash: hashSessionId(pendingId), userId: user.id, createdAt: now, expiresAt, ip: req.ip });
    return { ok: false, problem: 'code_needed', pendingId, expiresAt };
  }

  const opened = await deps.store.transaction((tx) =>
    openSession(tx, user, {
      now,
      ip: req.ip,
      userAgent: req.userAgent,
      ...(req.previousSessionId ? { previousSessionId: req.previousSessionId } : {}),
      secondFactor: false,
    }),
  );
  return { ok: true, user, ...opened };
}
