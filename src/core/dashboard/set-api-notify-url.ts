/**
 * Sets (or clears, with an empty URL) the URL one API's notifications go to for a merchant; without
 * one they go to the merchant's own URL (ADR 0026). The URL must be http(s), absolute, without a
 * user name or password in it, and at most 2,000 characters. Audited in the same transaction.
 */
import type { CoreDeps } from '../deps.js';
import type { DialectId } from '../model.js';
import type { Actor } from './dashboard-actor.js';
import { reachesMerchant } from './dashboard-policy.js';
import { recordAudit } from './record-audit.js';

export const NOTIFY_URL_MAX_LENGTH = 2000;

export type NotifyUrlProblem = 'not_absolute' | 'not_http' | 'has_credentials' | 'too_long';

export type SetApiNotifyUrlResult = { ok: true; url: string | null } | { ok: false; problem: NotifyUrlProblem | 'not_found' };

/** The URL as kept, or why it cannot be one. */
function checkUrl(raw: string): { url: string } | { problem: NotifyUrlProblem } {
  if (raw.length > NOTIFY_URL_MAX_LENGTH) return { problem: 'too_long' };
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return { problem: 'not_absolute' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { problem: 'not_http' };
  if (parsed.username !== '' || parsed.password !== '') return { problem: 'has_credentials' };
  return { url: parsed.href };
}

export async function setApiNotifyUrl(
  deps: Pick<CoreDeps, 'store'>,
  actor: Extract<Actor, { user: unknown }>,
  req: { merchantId: string; dialect: DialectId; url: string },
): Promise<SetApiNotifyUrlResult> {
  if (!reachesMerchant(actor.user, req.merchantId)) return { ok: false, problem: 'not_found' };
  const raw = req.url.trim();
  const checked = raw === '' ? { url: null } : checkUrl(raw);
  if ('problem' in checked) return { ok: false, problem: checked.problem };
  return deps.store.transaction(async (tx): Promise<SetApiNotifyUrlResult> => {
    if (!(await tx.merchants.get(req.merchantId))) return { ok: false, problem: 'not_found' };
    const before = (await tx.apiNotifyUrls.get(req.merchantId, req.dialect))?.url ?? null;
    if (checked.url === null) await tx.apiNotifyUrls.delete(req.merchantId, req.dialect);
    else await tx.apiNotifyUrls.put(req.merchantId, req.dialect, checked.url);
    await recordAudit(tx, actor, {
      merchantId: req.merchantId,
      action: 'settings.notify_url',
      subject: `${req.dialect} notification URL`,
      detail: { dialect: req.dialect, before, after: checked.url },
    });
    return { ok: true, url: checked.url };
  });
}
