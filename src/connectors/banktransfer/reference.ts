/**
 * Payment references for bank transfers: ISO 11649 creditor references ("RF" + two check digits +
 * up to 21 letters and digits), which banks across SEPA carry as structured remittance information.
 * walletgate makes `RF…WG{payment id}`; a mistyped one fails its check digits and matches nothing.
 */

/** How references are compared: upper case, without spaces (banks print "RF18 WG49 3807 8"). */
export function normaliseReference(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

function mod97(digits: string): number {
  let rest = 0;
  for (const ch of digits) rest = (rest * 10 + Number(ch)) % 97;
  return rest;
}

function asDigits(text: string): string {
  return [...text].map((c) => (/[0-9]/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');
}

/** The ISO 11649 reference for a body of letters and digits (at most 21). */
export function creditorReference(body: string): string {
  const b = normaliseReference(body);
  if (!/^[0-9A-Z]{1,21}$/.test(b)) throw new Error(`a creditor reference body is 1–21 letters or digits, not "${body}"`);
  const check = 98 - mod97(asDigits(`${b}RF00`));
  return `RF${String(check).padStart(2, '0')}${b}`;
}

/** Whether a text is an ISO 11649 reference with correct check digits. */
export function isCreditorReference(text: string): boolean {
  const r = normaliseReference(text);
  if (!/^RF[0-9]{2}[0-9A-Z]{1,21}$/.test(r)) return false;
  return mod97(asDigits(`${r.slice(4)}${r.slice(0, 4)}`)) === 1;
}

/** The reference walletgate makes for one payment, from its id: unique and checksummed. */
export function referenceForOrder(orderId: string): string {
  return creditorReference(`WG${orderId}`);
}
