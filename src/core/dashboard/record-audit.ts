/**
 * The one way a dashboard change is written to the audit log: in the caller's transaction, beside
 * the change, so there is never a change without its row or a row without its change.
 */
import type { Repos } from '../ports/store.js';
import type { AuditEntry } from '../ports/dashboard-store.js';
import { actorFields, type Actor } from './dashboard-actor.js';

export interface AuditNote {
  /** Whose log it goes in: the merchant the change is about; null for walletgate as a whole. */
  merchantId: string | null;
  action: string;
  subject: string;
  detail?: Record<string, unknown>;
}

export function recordAudit(tx: Repos, actor: Actor, note: AuditNote): Promise<AuditEntry> {
  return tx.auditLog.append({
    ...actorFields(actor),
    merchantId: note.merchantId,
    action: note.action,
    subject: note.subject,
    detail: note.detail ?? {},
  });
}
