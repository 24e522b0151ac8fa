/**
 * Rotating a key (ADR 0026): a new key of the same API, kind and key id is made, and the old one
 * keeps working for the overlap the user picked, then stops (its `expires_at`; authentication and
 * the notifier compare it with the clock). An old key that already ends sooner keeps its end. The
 * new secret is handed back once. Audited in the same transaction (never a secret).
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Credential } from '../model.js';
import { addCredential } from '../merchants/manage-merchants.js';
import type { Actor } from './dashboard-actor.js';
import { reachesMerchant } from './dashboard-policy.js';
import { recordAudit } from './record-audit.js';

/** The overlaps a user picks from: an hour, a day, a week. */
export const ROTATION_OVERLAPS_MS = [60 * 60_000, 24 * 60 * 60_000, 7 * 24 * 60 * 60_000] as const;

export interface RotateKeyRequest {
  merchantId: string;
  credentialId: number;
  overlapMs: number;
  /** The new secret in the API's shape (web layer); absent: a signing key's is generated. */
  secret?: string;
}

export type RotateKeyResult =
  | { ok: true; old: Credential; credential: Credential; secret: string }
  | { ok: false; problem: 'not_found' | 'overlap_invalid' | 'expired' | 'taken'; message: string };

export async function rotateKey(
  deps: Pick<CoreDeps, 'store' | 'masterKey' | 'clock'>,
  actor: Extract<Actor, { user: unknown }>,
  req: RotateKeyRequest,
): Promise<RotateKeyResult> {
  if (!reachesMerchant(actor.user, req.merchantId)) return { ok: false, problem: 'not_found', message: 'There is no such key.' };
  if (!(ROTATION_OVERLAPS_MS as readonly number[]).includes(req.overlapMs))
    return { ok: false, problem: 'overlap_invalid', message: 'Pick how long the old key keeps working: 1 hour, 24 hours or 7 days.' };
  const now = deps.clock();
  try {
    return await deps.store.transaction(async (tx): Promise<RotateKeyResult> => {
      const old = await tx.credentials.get(req.merchantId, req.credentialId);
      if (!old) return { ok: false, problem: 'not_found', message: 'There is no such key.' };
      if (old.expiresAt !== null && old.expiresAt <= now)
        return { ok: false, problem: 'expired', message: 'This key has already stopped working: create a new one instead.' };
      const made = await addCredential(tx, deps.masterKey, {
        merchantId: old.merchantId,
        dialect: old.dialect,
        kind: old.kind,
        keyId: old.keyId,
        ...(req.secret !== undefined ? { secret: req.secret } : {}),
        label: old.label,
      });
      const end = new Date(now.getTime() + req.overlapMs);
      const expiresAt = old.expiresAt !== null && old.expiresAt < end ? old.expiresAt : end;
      const ending = (await tx.credentials.setExpiry(old.merchantId, old.id, expiresAt)) ?? old;
      await recordAudit(tx, actor, {
        merchantId: old.merchantId,
        action: 'key.rotate',
        subject: `${old.dialect} ${old.kind} #${old.id}`,
        detail: {
          dialect: old.dialect,
          kind: old.kind,
          keyId: old.keyId,
          newKey: made.credential.id,
          oldExpiresAt: expiresAt.toISOString(),
        },
      });
      return { ok: true, old: ending, ...made };
    });
  } catch (e) {
    if (e instanceof CoreError && e.code === 'duplicate_reference') return { ok: false, problem: 'taken', message: e.message };
    throw e;
  }
}
