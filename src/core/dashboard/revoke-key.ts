/**
 * Revoking a key (ADR 0026): it is deleted now. The delete bumps the auth version (ADR 0014), so no
 * gateway process on the database accepts it from the next request on. Audited in the same transaction.
 */
import type { CoreDeps } from '../deps.js';
import type { Actor } from './dashboard-actor.js';
import { reachesMerchant } from './dashboard-policy.js';
import { recordAudit } from './record-audit.js';

export type RevokeKeyResult = { ok: true } | { ok: false; problem: 'not_found' };

export async function revokeKey(
  deps: Pick<CoreDeps, 'store'>,
  actor: Extract<Actor, { user: unknown }>,
  req: { merchantId: string; credentialId: number },
): Promise<RevokeKeyResult> {
  if (!reachesMerchant(actor.user, req.merchantId)) return { ok: false, problem: 'not_found' };
  return deps.store.transaction(async (tx): Promise<RevokeKeyResult> => {
    const key = await tx.credentials.get(req.merchantId, req.credentialId);
    if (!key || !(await tx.credentials.delete(req.merchantId, key.id))) return { ok: false, problem: 'not_found' };
    await recordAudit(tx, actor, {
      merchantId: req.merchantId,
      action: 'key.revoke',
      subject: `${key.dialect} ${key.kind} #${key.id}`,
      detail: { dialect: key.dialect, kind: key.kind, keyId: key.keyId },
    });
    return { ok: true };
  });
}
