/**
 * The CSV of each report kind (ADR 0025): its header and how a stored row becomes a record. Amounts
 * are decimals in the currency's exponent, computed on integers (never a float); times are ISO 8601
 * UTC. csv-stringify writes it, with formulas neutralised: a cell starting with = + - @ TAB or CR
 * gets a leading apostrophe, so a spreadsheet shows the text instead of running it.
 */
import { stringify } from 'csv-stringify/sync';
import { currencyExponent } from '../money.js';
import type { DeliveryReportRow, PaymentReportRow, RefundReportRow, ReportKind } from '../ports/report-store.js';

/** 1050 EUR → "10.50"; 12345 KRW → "12345". */
export function decimalAmount(minor: number, currency: string): string {
  const exp = currencyExponent(currency) ?? 2;
  if (exp === 0) return String(minor);
  const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
}

const time = (d: Date) => d.toISOString();

export const REPORT_HEADERS: Record<ReportKind, readonly string[]> = {
  payments: [
    'Merchant',
    'Payment ID',
    'Created (UTC)',
    'API',
    'Method',
    'Reference',
    'Amount',
    'Currency',
    'Status',
    'Refunded amount',
    'Customer e-mail',
    'Updated (UTC)',
  ],
  refunds: ['Merchant', 'Refund ID', 'Payment ID', 'Created (UTC)', 'Amount', 'Currency', 'Status', 'Reference', 'Reason'],
  deliveries: [
    'Merchant',
    'Notification ID',
    'Event',
    'Resource',
    'URL',
    'Attempt',
    'Time (UTC)',
    'Status code',
    'Error',
    'Notification status',
  ],
};

export function paymentRecord(r: PaymentReportRow): string[] {
  return [
    r.merchantId,
    String(r.id),
    time(r.createdAt),
    r.dialect,
    r.method,
    r.reference,
    decimalAmount(r.amount, r.currency),
    r.currency,
    r.status,
    decimalAmount(r.refundedAmount, r.currency),
    r.customerEmail ?? '',
    time(r.updatedAt),
  ];
}

export function refundRecord(r: RefundReportRow): string[] {
  return [
    r.merchantId,
    String(r.id),
    String(r.paymentId),
    time(r.createdAt),
    decimalAmount(r.amount, r.currency),
    r.currency,
    r.status,
    r.reference ?? '',
    r.description ?? r.failureMessage ?? '',
  ];
}

export function deliveryRecord(r: DeliveryReportRow): string[] {
  return [
    r.merchantId,
    String(r.notificationId),
    r.event,
    `${r.resourceType} ${r.resourceId}`,
    r.url,
    String(r.attempt),
    time(r.at),
    r.statusCode === null ? '' : String(r.statusCode),
    r.error ?? '',
    r.notificationStatus,
  ];
}

/** Records as CSV text (RFC 4180, CRLF), formulas neutralised. */
export function csvText(records: readonly (readonly string[])[]): string {
  // a lone CR or LF in a cell is quoted too (the library quotes only the record delimiter by default)
  return stringify(records as string[][], { escape_formulas: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
