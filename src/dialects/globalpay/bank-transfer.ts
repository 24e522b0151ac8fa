/**
 * Bank Transfer (MethodID 1) in GlobalPay's words: the merchant's own reference in
 * `Details.ReferenceNumber`, and the answer's `ReferenceDetails` (the collection account, the
 * reference to quote and AmountToPay in the account's currency) in seed 004's field order. Money
 * received so far shows in `Details.PaidAmount` / `PaidCurrency` (minor units, like Amount).
 */
import { currencyExponent } from '../../core/money.js';
import type { Payment } from '../../core/model.js';
import { fieldError, RETURN_CODES } from './errors.js';
import { REFERENCE_DETAILS_FIELDS } from './field-order.js';
import { isJsonObject, type Json } from './normalise-keys.js';
import type { JsonObject } from './request-fields.js';

/** What a payer's bank carries as a reference (SEPA: at most 35 characters of a narrow set). */
const PAYER_REFERENCE = /^[A-Za-z0-9_\-./+ ]{1,35}$/;

/** Details.ReferenceNumber, the reference the payer must quote; null when the merchant leaves it to walletgate. */
export function readPayerReference(p: JsonObject): string | null {
  const details = p.Details;
  if (details === undefined || details === null) return null;
  if (!isJsonObject(details)) throw fieldError(RETURN_CODES.validationFailed, 'Details', 'an object');
  const ref = details.ReferenceNumber;
  if (ref === undefined || ref === null) return null;
  if (typeof ref !== 'string' || !PAYER_REFERENCE.test(ref) || ref.trim() === '')
    throw fieldError(RETURN_CODES.validationFailed, 'Details.ReferenceNumber', '1 to 35 letters, digits, spaces or _-./+');
  return ref;
}

function major(amount: number, currency: string): string {
  const exp = currencyExponent(currency) ?? 2;
  const s = String(amount).padStart(exp + 1, '0');
  return exp === 0 ? s : `${s.slice(0, -exp)}.${s.slice(-exp)}`;
}

export function mapReferenceDetails(p: Payment): { [key: string]: Json } | null {
  const i = p.connectorState.instructions;
  if (!i) return null;
  const values: Record<(typeof REFERENCE_DETAILS_FIELDS)[number], Json> = {
    BankCode: null,
    BankName: i.bankName,
    EntityID: null,
    EntityNumber: null,
    ReferenceID: null,
    ReferenceNumber: i.reference,
    SwiftBIC: i.bic,
    AccountCurrency: i.accountCurrency,
    AccountNumber: i.accountNumber,
    AccountHolder: i.accountHolder,
    IBAN: i.iban,
    AmountToPay: `${major(i.amountToPay, i.accountCurrency)} ${i.accountCurrency}`,
    QRCodeURL: null,
    Instructions: null,
    BoletoURL: null,
  };
  return Object.fromEntries(REFERENCE_DETAILS_FIELDS.map((k) => [k, values[k]]));
}

/** The Details echoed, with what arrived so far when money has come by transfer. */
export function detailsWithPaid(p: Payment, echoed: Json): Json {
  const got = p.connectorState.received;
  if (!got) return echoed;
  return { ...(isJsonObject(echoed) ? echoed : {}), PaidAmount: String(got.amount), PaidCurrency: got.currency };
}
