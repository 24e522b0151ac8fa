/**
 * The payments list's filters as the dashboard's form and the Data API send them (query
 * parameters), checked and turned into the core's PaymentFilters. A value that cannot be used is a
 * problem in words (the answer is a 400 saying what to fix), never a 500 and never silently dropped.
 */
import { PAYMENT_STATUSES, type PaymentStatus } from '../../core/model.js';
import type { PaymentFilters } from '../../core/dashboard/search-payments.js';
import { DIALECT_IDS, isRegisteredDialect } from '../../dialects/index.js';

/** The form's and the API's parameter names, as a person reads them back. */
export interface PaymentQueryText {
  api: string;
  method: string;
  status: string[];
  from: string;
  to: string;
  min: string;
  max: string;
  currency: string;
  reference: string;
  customer: string;
  merchant: string;
  q: string;
  cursor: string;
  limit: string;
}

export type ParsedPaymentQuery =
  | { ok: true; text: PaymentQueryText; filters: PaymentFilters; limit: number | undefined }
  | { ok: false; text: PaymentQueryText; problems: string[] };

const TEXT_MAX = 255;
const DAY_MS = 86_400_000;

function values(query: unknown, name: string): string[] {
  const v = (query as Record<string, unknown> | null | undefined)?.[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.trim());
}

function first(query: unknown, name: string): string {
  return values(query, name).find((x) => x !== '') ?? '';
}

/** The query's text, parameter by parameter (status may repeat or be comma-separated). */
export function queryText(query: unknown): PaymentQueryText {
  return {
    api: first(query, 'api'),
    method: first(query, 'method'),
    status: values(query, 'status')
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    from: first(query, 'from'),
    to: first(query, 'to'),
    min: first(query, 'min'),
    max: first(query, 'max'),
    currency: first(query, 'currency').toUpperCase(),
    reference: first(query, 'reference'),
    customer: first(query, 'customer'),
    merchant: first(query, 'merchant'),
    q: first(query, 'q'),
    cursor: first(query, 'cursor'),
    limit: first(query, 'limit'),
  };
}

/** A day (YYYY-MM-DD, UTC) or an ISO instant; `endOfDay` makes a day the start of the next one (an exclusive end). */
function instant(text: string, endOfDay: boolean): Date | undefined {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const d = new Date(`${text}T00:00:00.000Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) return undefined;
    return endOfDay ? new Date(d.getTime() + DAY_MS) : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function amount(text: string): number | undefined {
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** Checks every filter; `methods`: the method codes walletgate carries. */
export function parsePaymentQuery(query: unknown, methods: readonly string[]): ParsedPaymentQuery {
  const text = queryText(query);
  const problems: string[] = [];
  const filters: PaymentFilters = {};
  if (text.api) {
    if (isRegisteredDialect(text.api)) filters.dialect = text.api;
    else problems.push(`API must be one of ${DIALECT_IDS.join(', ')}.`);
  }
  if (text.method) {
    if (methods.includes(text.method)) filters.method = text.method;
    else problems.push(`Method ${JSON.stringify(text.method.slice(0, 40))} is not one walletgate carries.`);
  }
  if (text.status.length > 0) {
    const unknown = text.status.filter((s) => !(PAYMENT_STATUSES as readonly string[]).includes(s));
    if (unknown.length > 0) problems.push(`Status must be among ${PAYMENT_STATUSES.join(', ')}.`);
    else filters.statuses = [...new Set(text.status)] as PaymentStatus[];
  }
  for (const [name, label, endOfDay] of [
    ['from', 'From', false],
    ['to', 'To', true],
  ] as const) {
    if (!text[name]) continue;
    const d = instant(text[name], endOfDay);
    if (!d) problems.push(`${label} must be a date (2026-12-01) or a time (2026-12-01T09:30:00Z).`);
    else if (name === 'from') filters.startDate = d;
    else filters.endDate = d;
  }
  for (const [name, label] of [
    ['min', 'Minimum amount'],
    ['max', 'Maximum amount'],
  ] as const) {
    if (!text[name]) continue;
    const n = amount(text[name]);
    if (n === undefined) problems.push(`${label} must be a whole number of minor units (1050 for 10.50 EUR; KRW has none).`);
    else if (name === 'min') filters.minimumAmount = n;
    else filters.maximumAmount = n;
  }
  if (filters.minimumAmount !== undefined && filters.maximumAmount !== undefined && filters.minimumAmount > filters.maximumAmount)
    problems.push('The minimum amount is above the maximum.');
  if (text.currency) {
    if (/^[A-Z]{3}$/.test(text.currency)) filters.currency = text.currency;
    else problems.push('Currency must be a three-letter ISO 4217 code (KRW, EUR).');
  }
  for (const [name, label] of [
    ['reference', 'Reference'],
    ['customer', 'Customer'],
    ['merchant', 'Merchant'],
    ['q', 'The id searched'],
  ] as const) {
    if (text[name].length > TEXT_MAX) problems.push(`${label} is longer than ${TEXT_MAX} characters.`);
    else if ([...text[name]].some((ch) => ch.charCodeAt(0) < 0x20)) problems.push(`${label} has a control character.`);
  }
  if (text.reference && problems.length === 0) filters.reference = text.reference;
  if (text.customer && problems.length === 0) {
    if (text.customer.includes('@')) filters.customerEmail = text.customer.toLowerCase();
    else filters.customerName = text.customer;
  }
  if (text.merchant && problems.length === 0) filters.merchantId = text.merchant;
  let limit: number | undefined;
  if (text.limit) {
    if (/^\d{1,4}$/.test(text.limit) && Number(text.limit) >= 1 && Number(text.limit) <= 200) limit = Number(text.limit);
    else problems.push('Limit must be a whole number from 1 to 200.');
  }
  if (text.cursor.length > 100) problems.push('The cursor is not one this list gave.');
  return problems.length > 0 ? { ok: false, text, problems } : { ok: true, text, filters, limit };
}

/** The query string of a list's link: the filters kept, the cursor replaced. */
export function listQuery(text: PaymentQueryText, cursor: string | null): string {
  const params = new URLSearchParams();
  for (const name of ['api', 'method', 'from', 'to', 'min', 'max', 'currency', 'reference', 'customer', 'merchant', 'limit'] as const)
    if (text[name]) params.set(name, text[name]);
  for (const s of text.status) params.append('status', s);
  if (cursor) params.set('cursor', cursor);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** A record id in a URL (a payment, a token): digits only, within what both databases keep. */
export function pathNumber(raw: string): number | undefined {
  return /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : undefined;
}
