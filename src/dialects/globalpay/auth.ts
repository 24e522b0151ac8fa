/**
 * GlobalPay authentication: `Authorization: Basic base64(SiteID:ApiKey)`. The header and the key
 * are never logged; a failure never says whether the SiteID or the key was wrong.
 */
import { hash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { CoreDeps } from '../../core/deps.js';
import { authenticate } from '../../core/merchants/authenticate.js';
import type { Merchant } from '../../core/model.js';
import { GlobalPayError, RETURN_CODES } from './errors.js';

export interface GlobalPayAuth {
  merchant: Merchant;
  /** The SiteID the request authenticated with, rendered as `SiteID` in every object. */
  siteId: number;
  /** Which of the site's API keys the request was sent with (`apiKeyTag`), kept on the records it makes. */
  keyTag: string;
}

/**
 * The record extra naming the API key a record was made with: its notifications are signed with
 * that key (a merchant's SDK checks the header against the one key it is configured with). A digest,
 * never the key; not rendered in any answer (mappers.ts picks the extras it echoes).
 */
export const SIGNING_KEY_EXTRA = 'globalpaySigningKey';

/** A short digest naming an API key without revealing it. */
export function apiKeyTag(apiKey: string): string {
  return hash('sha256', apiKey, 'base64url').slice(0, 16);
}

/** The extras a record made by this request carries besides the request's own. */
export function signingExtras(auth: GlobalPayAuth): Record<string, string> {
  return { [SIGNING_KEY_EXTRA]: auth.keyTag };
}

/**
 * A parsed request's input as the core takes it: made by this merchant through GlobalPay, its extras
 * naming the key that signs its notifications. (Not a spread with keys after it: ADR 0037.)
 */
export function madeBy<T extends { extras?: Record<string, unknown> | undefined }>(
  input: T,
  auth: GlobalPayAuth,
): T & { extras: Record<string, unknown>; merchantId: string; dialect: 'globalpay' } {
  return Object.assign({}, input, {
    extras: Object.assign({}, input.extras, signingExtras(auth)),
    merchantId: auth.merchant.id,
    dialect: 'globalpay' as const,
  });
}

const authByRequest = new WeakMap<FastifyRequest, GlobalPayAuth>();

/** Splits a Basic header into SiteID and ApiKey; undefined when absent or not Basic. */
export function parseBasicAuth(header: string | undefined): { siteId: string; apiKey: string } | undefined {
  const m = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { siteId: decoded.slice(0, colon), apiKey: decoded.slice(colon + 1) };
}

export function basicAuthHeader(siteId: string, apiKey: string): string {
  return `Basic ${Buffer.from(`${siteId}:${apiKey}`, 'utf8').toString('base64')}`;
}

/** onRequest hook: authenticates or throws a 401 GlobalPayError. */
export async function authenticateRequest(deps: Pick<CoreDeps, 'store' | 'clock'>, req: FastifyRequest): Promise<void> {
  const creds = parseBasicAuth(req.headers.authorization);
  if (!creds) {
    throw new GlobalPayError(401, RETURN_CODES.siteIdMissing, 'Site ID is missing - send Authorization: Basic base64(SiteID:ApiKey)');
  }
  const merchant = /^\d{1,12}$/.test(creds.siteId)
    ? await authenticate(deps.store, 'globalpay', creds.siteId, creds.apiKey, deps.clock())
    : undefined;
  if (!merchant) {
    throw new GlobalPayError(401, RETURN_CODES.merchantUnknown, 'Merchant ID does not exist - the SiteID and ApiKey do not match');
  }
  authByRequest.set(req, { merchant, siteId: Number(creds.siteId), keyTag: apiKeyTag(creds.apiKey) });
}

/** The authenticated merchant of a request that passed `authenticateRequest`. */
export function requestAuth(req: FastifyRequest): GlobalPayAuth {
  const auth = authByRequest.get(req);
  if (!auth) throw new Error('globalpay: route reached without authentication');
  return auth;
}
