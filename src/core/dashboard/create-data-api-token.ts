/**
 * A Data API token (ADR 0023): read-only, for one merchant, made by a user with the settings right
 * (an operator names the merchant). The secret (`wgd_` + 256 random bits) is returned once and only
 * its SHA-256 is kept. Audited in the same transaction.
 */
import { randomBytes } from 'node:crypto';
import type { CoreDeps } from '../deps.js';
import type { DataApiToken } from '../ports/data-api-store.js';
import type { DashboardUser } from '../ports/dashboard-store.js';
import { hashSecret } from '../secrets.js';
import { recordAudit } from './record-audit.js';

export const DATA_API_TOKEN_PREFIX = 'wgd_';
export const TOKEN_NAME_MAX = 100;

export type CreateDataApiTokenResult =
  { ok: true; token: DataApiToken; secret: string } | { ok: false; problem: 'name_missing' | 'name_too_long' | 'unknown_merchant' };

export async function createDataApiToken(
  deps: Pick<CoreDeps, 'store'>,
  actor: { user: DashboardUser; ip: string | null },
  input: { name: string; merchantId?: string },
): Promise<CreateDataApiTokenResult> {
  const name = input.name.trim();
  if (name === '') return { ok: false, problem: 'name_missing' };
  if (name.length > TOKEN_NAME_MAX) return { ok: false, problem: 'name_too_long' };
  // a merchant's user makes tokens for their own merchant only; an operator for the one named
  const merchantId = actor.user.merchantId ?? input.merchantId?.trim() ?? '';
  if (merchantId === '' || !(await deps.store.merchants.get(merchantId))) return { ok: false, problem: 'unknown_merchant' };
  const secret = DATA_API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return deps.store.transaction(async (tx) => {
    const token = await tx.dataApiTokens.insert({ merchantId, name, secretHash: hashSecret(secret), createdBy: actor.user.id });
    await recordAudit(tx, actor, { merchantId, action: 'data_api_token.create', subject: `data API token ${token.id} “${name}”` });
    return { ok: true as const, token, secret };
  });
}
