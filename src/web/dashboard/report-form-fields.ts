/**
 * The fields the reports and analytics pages share: UTC dates (YYYY-MM-DD) and an operator's choice
 * of merchant, parsed strictly (a wrong field is a 400 naming it, never a 500), and the CSS of their forms.
 */
import { escapeHtml } from '../page-layout.js';
import type { Merchant } from '../../core/model.js';

const DAY_MS = 86_400_000;

/** A YYYY-MM-DD date as its UTC midnight; undefined for anything else (2026-02-30 too). */
export function utcDay(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const d = new Date(`${text}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text ? undefined : d;
}

export const dayText = (d: Date): string => d.toISOString().slice(0, 10);

export function daysBefore(d: Date, days: number): Date {
  return new Date(d.getTime() - days * DAY_MS);
}

/** Today's UTC midnight, and the day after (the end of a range that includes today). */
export function tomorrowUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/**
 * An operator's merchant field: '' is every merchant (null); a merchant's user always gets their
 * own, whatever was sent. undefined: an id an operator sent that names no merchant.
 */
export function chosenMerchant(
  user: { merchantId: string | null },
  sent: string,
  merchants: readonly Merchant[],
): string | null | undefined {
  if (user.merchantId !== null) return user.merchantId;
  if (sent === '') return null;
  return merchants.some((m) => m.id === sent) ? sent : undefined;
}

/** The operator's merchant select ('' every merchant); nothing for a merchant's user. */
export function merchantSelect(id: string, merchants: readonly Merchant[], chosen: string | null, operator: boolean): string {
  if (!operator) return '';
  const options = [`<option value=""${chosen === null ? ' selected' : ''}>Every merchant</option>`]
    .concat(
      merchants.map(
        (m) =>
          `<option value="${escapeHtml(m.id)}"${chosen === m.id ? ' selected' : ''}>${escapeHtml(m.name)} (${escapeHtml(m.id)})</option>`,
      ),
    )
    .join('');
  return `<label for="${id}">Merchant<select id="${id}" name="merchant">${options}</select></label>`;
}

export const FORM_STYLE = `
form.row{display:flex;flex-wrap:wrap;gap:12px;align-items:end;margin-top:12px}
form.row label{min-width:150px}
select,input[type=date]{font:inherit;padding:10px 12px;border:1px solid #c9ced6;border-radius:10px;background:#fff}
form.row .btn{width:auto;padding:11px 18px}
form.inline{margin:0}form.inline button{font:inherit;font-size:13px;padding:4px 10px;border-radius:8px;border:1px solid var(--line);background:#fff;cursor:pointer}
.state-done{color:var(--ok);font-weight:600}.state-failed{color:var(--bad);font-weight:600}
@media (max-width:600px){form.row{flex-direction:column;align-items:stretch}form.row .btn{width:100%}}
`;
