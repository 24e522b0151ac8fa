/**
 * Adyen authentication: `X-API-Key: <key>`. A key belongs to one merchant account (the credential's
 * key id); every request names its merchantAccount, which must be that account. The key is looked
 * up by its SHA-256 (never logged, never compared as plain text) and checked in constant time.
 */
import type { FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import type { Merchant } from '../../core/model.js';
import { authenticateByKey } from '../../core/merchants/authenticate.js';
import { AdyenError } from './errors.js';

export interface AdyenAuth {
  merchant: Merchant;
  /** The merchant account the key belongs to. */
  merchantAccount: string;
}

const authByRequest = new WeakMap<FastifyRequest, AdyenAuth>();

const unauthorized = () => new AdyenError(401, '000', 'HTTP Status Response - Unauthorized', 'security');

/** onRequest hook: authenticates or throws a 401 AdyenError. */
export async function authenticateRequest(deps: Pick<CoreDeps, 'store' | 'clock'>, req: FastifyRequest): Promise<void> {
  const header = req.headers['x-api-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || key.length > 512) throw unauthorized();
  const found = await authenticateByKey(deps.store, 'adyen', key, deps.clock());
  if (!found) throw unauthorized();
  authByRequest.set(req, { merchant: found.merchant, merchantAccount: found.keyId });
}

/** The authenticated merchant of a request (for requests that name no merchantAccount). */
export function authOf(req: FastifyRequest): AdyenAuth {
  const auth = authByRequest.get(req);
  if (!auth) throw new Error('adyen: route reached without authentication');
  return auth;
}

/** The authenticated merchant of a request, after checking the merchantAccount it names. */
export function requestAuth(req: FastifyRequest, merchantAccount: unknown): AdyenAuth {
  const auth = authOf(req);
  if (merchantAccount === undefined || merchantAccount === null || merchantAccount === '') {
    throw new AdyenError(422, '901', "Required field 'merchantAccount' is not provided.", 'validation');
  }
  if (merchantAccount !== auth.merchantAccount) {
    throw new AdyenError(403, '901', `Invalid Merchant Account: this API key belongs to ${auth.merchantAccount}.`, 'security');
  }
  return auth;
}
