/** The random values of a dashboard session (ADR 0022): the cookie's id (stored only hashed) and the CSRF token. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url: what the session cookie carries. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of the id: a stolen copy of the table opens no session. */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of two tokens. */
export function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
