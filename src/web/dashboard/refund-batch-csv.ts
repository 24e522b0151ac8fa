/**
 * The mass-refund file (docs/dashboard.md, ADR 0024) in and out. In: UTF-8 CSV, comma-separated, a
 * header line naming the columns `payment`, `amount`, `currency` and optionally `reason`, in any
 * order and case; at most MAX_ROWS rows. Out: the per-row result, with every cell a spreadsheet
 * would read as a formula (starting = + - @, a tab or CR) prefixed with a quote.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { UploadedRow } from '../../core/dashboard/upload-refund-batch.js';
import type { RefundBatchRow } from '../../core/ports/refund-batch-store.js';
import { decimalOf } from '../../core/dashboard/decimal-amount.js';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 20_000;
export const CSV_COLUMNS = ['payment', 'amount', 'currency', 'reason'] as const;
const REQUIRED = ['payment', 'amount', 'currency'] as const;

/** The file's rows, or what to fix in it. */
export function readRefundCsv(content: Buffer): { rows: UploadedRow[] } | { problem: string } {
  if (content.length === 0) return { problem: 'The file is empty.' };
  let records: string[][];
  try {
    records = parse(content, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      to_line: MAX_ROWS + 2,
    }) as string[][];
  } catch (e) {
    return { problem: `The file is not readable CSV: ${(e as Error).message}` };
  }
  const [header, ...data] = records;
  if (!header) return { problem: 'The file is empty.' };
  const names = header.map((h) => h.toLowerCase());
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length > 0)
    return {
      problem: `The header line must name the columns ${CSV_COLUMNS.join(', ')} (reason is optional); ${missing.join(', ')} missing.`,
    };
  if (data.length === 0) return { problem: 'The file has a header line but no rows.' };
  if (data.length > MAX_ROWS) return { problem: `The file has more than ${MAX_ROWS} rows: split it.` };
  const at = (name: string) => names.indexOf(name);
  const cell = (r: string[], name: string) => (at(name) === -1 ? '' : (r[at(name)] ?? ''));
  if (data.some((r) => r.some((c) => c.includes('\0')))) return { problem: 'The file contains a NUL character.' };
  return {
    rows: data.map((r, i) => ({
      row: i + 1,
      payment: cell(r, 'payment'),
      amount: cell(r, 'amount'),
      currency: cell(r, 'currency'),
      reason: cell(r, 'reason'),
    })),
  };
}

/** A cell a spreadsheet would not run: one starting = + - @, a tab or CR gets a leading quote. */
export function neutralised(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export const RESULT_HEADER = ['row', 'payment', 'amount', 'currency', 'outcome', 'refund id', 'message'];

/** Result lines of these rows (without the header unless `header`). */
export function resultCsv(rows: readonly RefundBatchRow[], header: boolean): string {
  const lines = rows.map((r) => [
    String(r.row),
    r.paymentText,
    r.refundedAmount !== null
      ? decimalOf(r.refundedAmount, r.currency)
      : r.amount !== null
        ? decimalOf(r.amount, r.currency)
        : r.amountText,
    r.currency,
    r.state,
    r.refundId === null ? '' : String(r.refundId),
    r.message ?? '',
  ]);
  return stringify(header ? [RESULT_HEADER, ...lines] : lines, { cast: { string: neutralised } });
}
