/**
 * Who may read GET /metrics: anyone when no WALLETGATE_METRICS_TOKEN is set (the deployment guide
 * hides /metrics at the balancer), else only a request carrying `Authorization: Bearer <token>`.
 * The comparison takes the same time whatever the guess: both sides are hashed to one length first,
 * then compared with timingSafeEqual, so neither a prefix nor the token's length can be timed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer +(\S+) *$/i;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The answer's body when the token is missing or wrong: plain text, which Prometheus shows as the scrape's error. */
export const METRICS_REFUSED = 'walletgate: /metrics needs Authorization: Bearer <WALLETGATE_METRICS_TOKEN>\n';

/** A check of one request's Authorization header against `token`; null token: every request passes. */
export function metricsAccess(token: string | null): (authorization: string | undefined) => boolean {
  if (token === null) return () => true;
  const expected = digest(token);
  return (authorization) => {
    const given = BEARER.exec(authorization ?? '')?.[1] ?? '';
    // hashed even when absent, so a missing header costs what a wrong one does
    return timingSafeEqual(digest(given), expected) && given.length > 0;
  };
}
