/**
 * Query strings of the list endpoints and path ids. Query names are matched case-insensitively
 * (merchant code sends both "pageSize" and "pagesize").
 */
import type { MethodCode } from '../../core/methods.js';
import type { Page, PaymentFilter, PreapprovalFilter } from '../../core/ports/store.js';
import { fieldError, GlobalPayError, RETURN_CODES, type Subject } from './errors.js';
import { globalPayMethodById } from './methods.js';
import { MERCHANT_REFERENCE } from './schemas.js';
import { paymentStatusesForId, preapprovalStatusesForId } from './statuses.js';
import { parseGlobalPayTime } from './timestamps.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

type Query = Record<string, string>;

/** Lower-cases the names; a name given twice is refused rather than guessed. */
export function normaliseQuery(raw: unknown): Query {
  const out: Query = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [k, v] of Object.entries(raw)) {
    const name = k.toLowerCase();
    if (typeof v !== 'string' || Object.hasOwn(out, name)) throw fieldError(RETURN_CODES.validationFailed, k, 'given more than once');
    out[name] = v;
  }
  return out;
}

function int(q: Query, name: string, label: string, min: number, max: number): number | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  const n = /^-?\d{1,16}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw fieldError(RETURN_CODES.validationFailed, label, `a whole number from ${min} to ${max}`);
  return n;
}

function text(q: Query, name: string, label: string, regex: RegExp): string | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  if (!regex.test(v)) throw fieldError(RETURN_CODES.validationFailed, label, `RegEx: ${regex.source}`);
  return v;
}

function time(q: Query, name: string, label: string): Date | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  const d = parseGlobalPayTime(v);
  if (!d) throw fieldError(RETURN_CODES.validationFailed, label, 'yyyyMMddHHmmss, UTC');
  return d;
}

function oneOf<T extends string>(q: Query, name: string, label: string, values: readonly T[]): T | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  const found = values.find((x) => x === v.toLowerCase());
  if (!found) throw fieldError(RETURN_CODES.validationFailed, label, `one of ${values.join(', ')}`);
  return found;
}

export function parsePage(q: Query): Page {
  return {
    index: int(q, 'pageindex', 'pageIndex', 1, 1_000_000) ?? 1,
    size: int(q, 'pagesize', 'pageSize', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE,
  };
}

const SORT_BY = { merchanttransactionid: 'reference', inputdatetime: 'createdAt', amount: 'amount' } as const;

/** GET /v1/payments. */
export function parsePaymentListQuery(raw: unknown): { filter: PaymentFilter; page: Page } {
  const q = normaliseQuery(raw);
  const filter: PaymentFilter = {};
  const startDate = time(q, 'startdate', 'startDate');
  const endDate = time(q, 'enddate', 'endDate');
  if (startDate) filter.startDate = startDate;
  // GlobalPay times have whole seconds: endDate includes every payment created within its second
  if (endDate) filter.endDate = new Date(endDate.getTime() + 999);
  const methodId = int(q, 'methodid', 'methodID', 1, 999_999);
  if (methodId !== undefined) {
    const m = globalPayMethodById(methodId);
    if (!m) throw fieldError(RETURN_CODES.methodInvalid, 'methodID', `${methodId} is not a method walletgate knows`);
    filter.method = m.core satisfies MethodCode;
  }
  const country = text(q, 'country', 'country', /^[A-Z]{2}$/);
  const currency = text(q, 'currency', 'currency', /^[A-Z]{3}$/);
  const reference = text(q, 'merchanttransactionid', 'merchantTransactionID', MERCHANT_REFERENCE);
  const connectorRef = text(q, 'methodtransactionid', 'methodTransactionID', /^[!-~]{1,100}$/);
  const min = int(q, 'minimumamount', 'minimumAmount', 0, Number.MAX_SAFE_INTEGER);
  const max = int(q, 'maximumamount', 'maximumAmount', 0, Number.MAX_SAFE_INTEGER);
  const statusId = int(q, 'statusid', 'statusID', 0, 1000);
  const typeId = int(q, 'typeid', 'typeID', 1, 2);
  const sortBy = oneOf(q, 'sortby', 'sortBy', ['merchanttransactionid', 'inputdatetime', 'amount'] as const);
  const sortDirection = oneOf(q, 'sortdirection', 'sortDirection', ['asc', 'desc'] as const);
  if (country) filter.country = country;
  if (currency) filter.currency = currency;
  if (reference) filter.reference = reference;
  if (connectorRef) filter.connectorRef = connectorRef;
  if (min !== undefined) filter.minimumAmount = min;
  if (max !== undefined) filter.maximumAmount = max;
  if (statusId !== undefined) filter.statuses = paymentStatusesForId(statusId);
  if (typeId !== undefined) filter.recurring = typeId === 2;
  if (sortBy) filter.sortBy = SORT_BY[sortBy];
  if (sortDirection) filter.sortDirection = sortDirection;
  return { filter, page: parsePage(q) };
}

/** GET /v1/preapprovals */
export function parsePreapprovalListQuery(raw: unknown): { filter: PreapprovalFilter; page: Page } {
  const q = normaliseQuery(raw);
  const filter: PreapprovalFilter = {};
  const reference = text(q, 'merchantpreapprovalid', 'merchantPreapprovalID', MERCHANT_REFERENCE);
  const statusId = int(q, 'statusid', 'statusID', 0, 1000);
  if (reference) filter.reference = reference;
  if (statusId !== undefined) filter.statuses = preapprovalStatusesForId(statusId);
  return { filter, page: parsePage(q) };
}

const SUBJECT_NAMES: Readonly<Record<Subject, string>> = { payment: 'Payment', preapproval: 'Preapproval', refund: 'Refund' };
const NOT_FOUND_CODES = {
  payment: RETURN_CODES.paymentInvalid,
  preapproval: RETURN_CODES.preapprovalInvalid,
  refund: RETURN_CODES.refundInvalid,
} as const;

/** A path id: a positive whole number, else "not found" (no such object can exist). */
export function parsePathId(raw: string, subject: Subject): number {
  const n = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    const name = SUBJECT_NAMES[subject];
    throw new GlobalPayError(
      404,
      NOT_FOUND_CODES[subject],
      `${name} is invalid - ${name} ${JSON.stringify(raw.slice(0, 40))} was not found.`,
    );
  }
  return n;
}
