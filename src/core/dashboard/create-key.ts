/**
 * A merchant's new API key or signing key from the dashboard (ADR 0026): stored hashed and sealed by
 * manage-merchants' addCredential, audited in the same transaction (never the secret), and the
 * secret handed back once for the page to show. The web layer makes the secret and key id in the
 * API's own shape; a signing key's secret is made here when none is given.
 */
import type { CoreDeps } from '../deps.js';
import { CoreError } from '../errors.js';
import type { Credential, CredentialKind, DialectId } from '../model.js';
import { addCredential } from '../merchants/manage-merchants.js';
import type { Actor } from './dashboard-actor.js';
import { reachesMerchant } from './dashboard-policy.js';
import { recordAudit } from './record-audit.js';

export interface NewKeyRequest {
  merchantId: string;
  dialect: DialectId;
  kind: CredentialKind;
  keyId: string;
  /** The new secret; absent: a signing key's is generated. */
  secret?: string;
  label: string | null;
}

export type CreateKeyResult =
  { ok: true; credential: Credential; secret: string } | { ok: false; problem: 'not_found' | 'taken'; message: string };

export async function createKey(
  deps: Pick<CoreDeps, 'store' | 'masterKey'>,
  actor: Extract<Actor, { user: unknown }>,
  req: NewKeyRequest,
): Promise<CreateKeyResult> {
  if (!reachesMerchant(actor.user, req.merchantId)) return { ok: false, problem: 'not_found', message: 'No such merchant.' };
  try {
    return await deps.store.transaction(async (tx): Promise<CreateKeyResult> => {
      const made = await addCredential(tx, deps.masterKey, {
        merchantId: req.merchantId,
        dialect: req.dialect,
        kind: req.kind,
        keyId: req.keyId,
        ...(req.secret !== undefined ? { secret: req.secret } : {}),
        label: req.label,
      });
      await recordAudit(tx, actor, {
        merchantId: req.merchantId,
        action: 'key.create',
        subject: `${req.dialect} ${req.kind} #${made.credential.id}`,
        detail: { dialect: req.dialect, kind: req.kind, keyId: req.keyId, label: req.label },
      });
      return { ok: true, ...made };
    });
  } catch (e) {
    if (e instanceof CoreError && e.code === 'not_found') return { ok: false, problem: 'not_found', message: e.message };
    if (e instanceof CoreError && e.code === 'duplicate_reference') return { ok: false, problem: 'taken', message: e.message };
    throw e;
  }
}
