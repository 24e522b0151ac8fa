/**
 * Who a Data API request is (ADR 0023): the merchant of the token it carries, if that token exists,
 * matches (constant time) and is not revoked. Records when a token was last used, at most once a minute.
 */
import type { CoreDeps } from '../deps.js';
import { hashesMatch, hashSecret } from '../secrets.js';
import { DATA_API_TOKEN_PREFIX } from './create-data-api-token.js';

const TOUCH_EVERY_MS = 60_000;

export async function authenticateDataApiToken(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  secret: string,
): Promise<{ merchantId: string; tokenId: number } | undefined> {
  if (!secret.startsWith(DATA_API_TOKEN_PREFIX) || secret.length > 200) return undefined;
  const presented = hashSecret(secret);
  const token = await deps.store.dataApiTokens.findBySecretHash(presented);
  if (!token || token.revokedAt !== null || !hashesMatch(presented, token.secretHash)) return undefined;
  const now = deps.clock();
  if (token.lastUsedAt === null || now.getTime() - token.lastUsedAt.getTime() >= TOUCH_EVERY_MS)
    await deps.store.dataApiTokens.touch(token.id, now);
  return { merchantId: token.merchantId, tokenId: token.id };
}
