/**
 * What one search box's text may name (ADR 0023), through the dialect registry: a plain number is
 * walletgate's payment id, which is also GlobalPay's payment ID; each API's own payment id form
 * (Adyen's pspReference, Checkout.com's pay_…) is parsed by that dialect back to the number; any
 * text may be a merchant reference — ecommpay's payment_id is the merchant's reference.
 */
import type { IdCandidates } from '../../core/dashboard/find-payments-by-id.js';
import { DIALECT_IDS, DIALECTS } from '../../dialects/index.js';

export function paymentIdCandidates(text: string): IdCandidates {
  const q = text.trim();
  if (q === '') return { ids: [], references: [] };
  const ids: number[] = [];
  if (/^\d{1,15}$/.test(q)) ids.push(Number(q));
  for (const id of DIALECT_IDS) {
    const n = DIALECTS[id].paymentId?.parse(q);
    if (n !== undefined && Number.isSafeInteger(n) && n > 0) ids.push(n);
  }
  return { ids, references: [q] };
}

/** The id a payment has in its API when that is not walletgate's number (Adyen's pspReference, Checkout.com's pay_…). */
export function paymentIdInItsApi(dialectId: string, id: number): string | undefined {
  const found = DIALECT_IDS.find((d) => d === dialectId);
  if (found === undefined) return undefined;
  return DIALECTS[found].paymentId?.format(id);
}

/** The API's name for people ("Adyen"), or its id when no longer registered. */
export function apiTitle(dialectId: string): string {
  const found = DIALECT_IDS.find((d) => d === dialectId);
  return found === undefined ? dialectId : DIALECTS[found].title;
}
