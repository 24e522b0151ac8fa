/**
 * The body of every GlobalPay error: the same envelope as a success, every field null except the
 * request's own scalar fields echoed back, and Status {ID: null, Info: null, Reasons: [{Code, Info}]}
 * (seed 004, "Validation failed - Currency (RegEx: ^[A-Z]{3}$)").
 */
import type { GlobalPayError, Subject } from './errors.js';
import { isJsonObject, type Json } from './normalise-keys.js';
import { FIELD_ORDER } from './field-order.js';

export { FIELD_ORDER };

export const ROOT_KEYS: Readonly<Record<Subject, string>> = { payment: 'Payment', preapproval: 'Preapproval', refund: 'Refund' };

const ECHOED: Readonly<Record<Subject, readonly string[]>> = {
  payment: ['MerchantTransactionID', 'Amount', 'Currency', 'ReturnURL', 'Description', 'MethodID', 'PreapprovalID', 'SkinID', 'ClientIP'],
  preapproval: ['MerchantPreapprovalID', 'Currency', 'ReturnURL', 'Description', 'MethodID', 'RecurringPeriod', 'PreapprovedMaximumAmount'],
  refund: ['MerchantTransactionID', 'Amount', 'Description'],
};

const MAX_ECHO_LENGTH = 255;

/** Echoed in the type the field has in a GlobalPay answer, whatever type the request sent it in. */
const NUMERIC: ReadonlySet<string> = new Set(['MethodID', 'PreapprovalID', 'SkinID', 'RecurringPeriod', 'PreapprovedMaximumAmount']);

function echoValue(key: string, v: Json | undefined): Json {
  // Amount is a string in error answers (seed 004: "Amount": "1000")
  if (key === 'Amount')
    return typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' && v.length <= MAX_ECHO_LENGTH ? v : null;
  if (NUMERIC.has(key)) {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    return typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim()) ? Number(v) : null;
  }
  if (typeof v === 'string') return v.length <= MAX_ECHO_LENGTH ? v : null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/**
 * @param request the key-normalised request body, if there is one (its scalars are echoed)
 */
export function errorEnvelope(subject: Subject, err: GlobalPayError, request?: Json): Record<string, Json> {
  const root = ROOT_KEYS[subject];
  const inner = isJsonObject(request) && isJsonObject(request[root]) ? request[root] : {};
  const echoed = new Set(ECHOED[subject]);
  const obj: Record<string, Json> = {};
  for (const key of FIELD_ORDER[subject]) obj[key] = echoed.has(key) ? echoValue(key, inner[key]) : null;
  obj.Status = { ID: err.answerStatus?.ID ?? null, Info: err.answerStatus?.Info ?? null, Reasons: [{ Code: err.code, Info: err.message }] };
  return { [root]: obj };
}
