/**
 * Revokes a Data API token (ADR 0023): from then on it opens nothing (401). Only within the merchants
 * the user reaches: another merchant's token is not found. Audited in the same transaction.
 */
import type { CoreDeps } from '../deps.js';
import type { DataApiToken } from '../ports/data-api-store.js';
import type { DashboardUser } from '../ports/dashboard-store.js';
import { recordAudit } from './record-audit.js';

export type RevokeDataApiTokenResult = { ok: true; token: DataApiToken } | { ok: false; problem: 'unknown_token' | 'already_revoked' };

export async function revokeDataApiToken(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  actor: { user: DashboardUser; ip: string | null },
  id: number,
): Promise<RevokeDataApiTokenResult> {
  return deps.store.transaction(async (tx): Promise<RevokeDataApiTokenResult> => {
    const existing = await tx.dataApiTokens.get(actor.user.merchantId ?? undefined, id);
    if (!existing) return { ok: false, problem: 'unknown_token' };
    if (existing.revokedAt !== null) return { ok: false, problem: 'already_revoked' };
    const token = await tx.dataApiTokens.revoke(id, deps.clock());
    if (!token) return { ok: false, problem: 'unknown_token' };
    await recordAudit(tx, actor, {
      merchantId: token.merchantId,
      action: 'data_api_token.revoke',
      subject: `data API token ${id} “${token.name}”`,
    });
    return { ok: true, token };
  });
}
