/**
 * The one-time confirmation of a dashboard refund (ADR 0024): what the user saw on the confirmation
 * step — payment, amount, articles, reason — sealed in a token the confirm form posts back. It is
 * signed with a key of the gateway's master key and the user's session, so it is worth nothing in
 * another session, and it lives 15 minutes. "One-time" is the idempotency key derived from it: the
 * same token confirmed twice (a double click, two tabs) makes one refund.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SignedIn } from './resolve-session.js';

export const CONFIRMATION_LIFETIME_MS = 15 * 60_000;

export interface RefundConfirmation {
  paymentId: number;
  /** Minor units. */
  amount: number;
  /** [merchantArticleId, quantity] */
  articles: [string, number][];
  reason: string;
  userId: number;
  expiresAt: number;
  nonce: string;
}

function key(masterKey: string, signedIn: SignedIn): Buffer {
  return createHash('sha256').update(`dashboard-refund\0${masterKey}\0${signedIn.session.idHash}`).digest();
}

export function sealConfirmation(masterKey: string, signedIn: SignedIn, c: Omit<RefundConfirmation, 'nonce' | 'userId'>): string {
  const body = Buffer.from(JSON.stringify({ ...c, userId: signedIn.user.id, nonce: randomBytes(16).toString('base64url') })).toString(
    'base64url',
  );
  return `${body}.${createHmac('sha256', key(masterKey, signedIn)).update(body).digest('base64url')}`;
}

/** The confirmation, if the token is one this session sealed and it has not expired. */
export function openConfirmation(masterKey: string, signedIn: SignedIn, token: string, now: Date): RefundConfirmation | undefined {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined || token.length > 8_000) return undefined;
  const expected = createHmac('sha256', key(masterKey, signedIn)).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as RefundConfirmation;
  if (c.userId !== signedIn.user.id || c.expiresAt <= now.getTime()) return undefined;
  return c;
}

/** The idempotency key a confirmation's refund is made under: the same token, the same refund. */
export function confirmationKey(token: string): string {
  return `dashboard-refund-${createHash('sha256').update(token).digest('hex').slice(0, 48)}`;
}
