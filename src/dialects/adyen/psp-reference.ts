/**
 * Adyen pspReferences: 16 characters, as Adyen's own. walletgate's are the record's id behind a
 * two-letter kind, zero-padded, so a reference names exactly one record and reads back without a
 * lookup table: WP… a payment, WR… a refund, WT… a stored token (preapproval), WC… a cancellation.
 */
export type PspKind = 'payment' | 'refund' | 'token' | 'cancel';

const PREFIX: Record<PspKind, string> = { payment: 'WP', refund: 'WR', token: 'WT', cancel: 'WC' };

export function pspReference(kind: PspKind, id: number): string {
  return PREFIX[kind] + String(id).padStart(14, '0');
}

/** The id behind a reference of this kind, or undefined when it is not one. */
export function parsePspReference(kind: PspKind, ref: unknown): number | undefined {
  if (typeof ref !== 'string' || ref.length !== 16 || !ref.startsWith(PREFIX[kind])) return undefined;
  const digits = ref.slice(2);
  if (!/^\d{14}$/.test(digits)) return undefined;
  const id = Number(digits);
  return id > 0 ? id : undefined;
}
