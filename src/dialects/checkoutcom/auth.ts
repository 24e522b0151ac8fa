/**
 * Checkout.com authentication: `Authorization: Bearer sk_…` (NAS keys, as checkout-sdk-node sends
 * keys shaped like Checkout.com's) or the bare key (previous-platform keys). A key belongs to one
 * processing channel (the credential's key id); a request that names another channel is refused.
 * The key is looked up by its SHA-256 and confirmed in constant time; it is never logged.
 */
import type { FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import type { Merchant } from '../../core/model.js';
import { authenticateByKey } from '../../core/merchants/authenticate.js';
import { CkoError } from './errors.js';

export interface CkoAuth {
  merchant: Merchant;
  /** The processing channel the key belongs to (pc_…). */
  processingChannelId: string;
}

const authByRequest = new WeakMap<FastifyRequest, CkoAuth>();

function keyOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const key = m ? m[1]! : header.trim();
  return key.length > 0 && key.length <= 512 && !/\s/.test(key) ? key : undefined;
}

/** onRequest hook: authenticates or throws a 401 CkoError. */
export async function authenticateRequest(deps: Pick<CoreDeps, 'store' | 'clock'>, req: FastifyRequest): Promise<void> {
  const key = keyOf(req.headers.authorization);
  if (!key) throw new CkoError(401, 'unauthorized', ['api_key_required']);
  const found = await authenticateByKey(deps.store, 'checkoutcom', key, deps.clock());
  if (!found) throw new CkoError(401, 'unauthorized', ['api_key_invalid']);
  authByRequest.set(req, { merchant: found.merchant, processingChannelId: found.keyId });
}

export function authOf(req: FastifyRequest): CkoAuth {
  const auth = authByRequest.get(req);
  if (!auth) throw new Error('checkoutcom: route reached without authentication');
  return auth;
}
