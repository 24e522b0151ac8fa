/**
 * Alipay POS (seed 004): MethodID 24 with `Details {IsOffline, StoreName, StoreId, TerminalID}`,
 * the payment a shop's terminal starts. Those four are mandatory (StoreName may be null: "only when
 * the store information is verified", which is the merchant's word) and are echoed in `Details`
 * after the fields of the seed's answer; `ReferenceDetails.QRCodeURL` is the code the customer scans
 * with the wallet (the checkout the wallet opened for the payment), as in the seed's answer.
 */
import type { Payment } from '../../core/model.js';
import { fieldError, RETURN_CODES } from './errors.js';
import { REFERENCE_DETAILS_FIELDS } from './field-order.js';
import { isJsonObject, type Json } from './normalise-keys.js';
import { missing, readString, type JsonObject } from './request-fields.js';

const ALIPAY = 24;
const TEXT = { max: 100, acceptNumber: true };

/** The POS form of an Alipay request: MethodID 24 with Details. */
export function isAlipayPosRequest(methodId: number | null, p: JsonObject): boolean {
  return methodId === ALIPAY && isJsonObject(p.Details);
}

/** Checks the POS Details; the Details are kept (and echoed) as sent. */
export function checkAlipayPosDetails(p: JsonObject): void {
  const d = p.Details as JsonObject;
  if (d.IsOffline === undefined || d.IsOffline === null) missing('Details.IsOffline');
  if (typeof d.IsOffline !== 'boolean') throw fieldError(RETURN_CODES.validationFailed, 'Details.IsOffline', 'true or false');
  if (!('StoreName' in d)) missing('Details.StoreName');
  readString(d, 'StoreName', 'Details.StoreName', TEXT);
  if (readString(d, 'StoreId', 'Details.StoreId', TEXT) === null) missing('Details.StoreId');
  if (readString(d, 'TerminalID', 'Details.TerminalID', TEXT) === null) missing('Details.TerminalID');
}

/** The Details fields of seed 004's Alipay POS answer, in its order. */
const DETAILS_FIELDS = [
  'AccountNumber',
  'AccountHolder',
  'IBAN',
  'BIC',
  'PrepaidCard',
  'PrepaidCardPIN',
  'SerialNumbers',
  'Wallet',
  'ReferenceNumber',
  'PayerCountry',
  'PayerEmail',
  'PayerPhone',
  'BankCode',
  'BankName',
  'BankSortCode',
  'SocialSecurityNumber',
  'BillingCycleStart',
  'BillingCycleEnd',
  'UnsubscribeInstructions',
  'CustomerLoginID',
  'PaidAmount',
  'PaidCurrency',
  'ProviderExchangeRate',
  'PayerBankAccountID',
] as const;

const POS_FIELDS = ['IsOffline', 'StoreName', 'StoreId', 'TerminalID'] as const;

function posDetailsOf(p: Payment): JsonObject | null {
  const d = p.extras.Details;
  return p.method === 'alipay_cn' && isJsonObject(d as Json) && typeof (d as JsonObject).IsOffline === 'boolean' ? (d as JsonObject) : null;
}

/** An Alipay POS payment's Details as seed 004 answers them, the POS fields echoed after; null for any other payment. */
export function alipayPosDetails(p: Payment): JsonObject | null {
  const d = posDetailsOf(p);
  if (!d) return null;
  const out: JsonObject = Object.fromEntries(DETAILS_FIELDS.map((k) => [k, k === 'ProviderExchangeRate' ? 0 : null]));
  for (const k of POS_FIELDS) out[k] = d[k] ?? null;
  return out;
}

/** An Alipay POS payment's ReferenceDetails: the code to scan while it waits for the customer; null for any other payment. */
export function alipayPosReferenceDetails(p: Payment): JsonObject | null {
  if (!posDetailsOf(p)) return null;
  const out: JsonObject = Object.fromEntries(REFERENCE_DETAILS_FIELDS.map((k) => [k, null]));
  out.QRCodeURL = p.status === 'pending_customer' ? (p.connectorState.mobileUrl ?? null) : null;
  return out;
}
