/**
 * The dashboard's payments list and the Data API's (ADR 0023): a merchant's payments (an operator:
 * every merchant's, or one merchant's when asked), filtered, newest first, a page at a time by
 * keyset. A cursor is an opaque base64url string naming a place in the (createdAt, id) order and a
 * direction; there are no totals ("more" instead), so a page costs the same at any depth.
 */
import type { CoreDeps } from '../deps.js';
import type { Payment } from '../model.js';
import type { PaymentPosition, PaymentSearch } from '../ports/store.js';

export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_SIZE_MAX = 200;

/** The filters a person or a Data API client sets (already checked by the edge). */
export type PaymentFilters = Omit<PaymentSearch, 'merchantId' | 'olderThan' | 'newerThan' | 'limit'> & {
  /** An operator's: one merchant only. Ignored for a merchant's user, who sees their own only. */
  merchantId?: string;
};

/** Whose payments: a merchant's (its user, its Data API token) or every merchant's (null: an operator). */
export interface SearchScope {
  merchantId: string | null;
}

export interface PaymentPage {
  items: Payment[];
  /** The next (older) page's cursor; null on the last page. */
  next: string | null;
  /** The previous (newer) page's cursor; null on the first page. */
  previous: string | null;
}

export type SearchPaymentsResult = ({ ok: true } & PaymentPage) | { ok: false; problem: 'bad_cursor' };

type Cursor = { direction: 'older' | 'newer'; at: PaymentPosition };

export function encodeCursor(direction: Cursor['direction'], p: Pick<Payment, 'createdAt' | 'id'>): string {
  return Buffer.from(`${direction === 'older' ? 'o' : 'n'}.${p.createdAt.getTime()}.${p.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Cursor | undefined {
  if (cursor.length > 100 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const m = /^([on])\.(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) return undefined;
  const at = { createdAt: new Date(Number(m[2])), id: Number(m[3]) };
  if (!Number.isSafeInteger(at.id) || Number.isNaN(at.createdAt.getTime())) return undefined;
  return { direction: m[1] === 'o' ? 'older' : 'newer', at };
}

/** The page size asked for, within 1 … PAGE_SIZE_MAX; the default when not asked. */
export function pageSize(asked: number | undefined): number {
  if (asked === undefined || !Number.isFinite(asked)) return PAGE_SIZE_DEFAULT;
  return Math.min(PAGE_SIZE_MAX, Math.max(1, Math.floor(asked)));
}

export async function searchPayments(
  deps: Pick<CoreDeps, 'store'>,
  scope: SearchScope,
  filters: PaymentFilters,
  paging: { cursor?: string; limit?: number },
): Promise<SearchPaymentsResult> {
  const cursor = paging.cursor === undefined || paging.cursor === '' ? undefined : decodeCursor(paging.cursor);
  if (paging.cursor && !cursor) return { ok: false, problem: 'bad_cursor' };
  const limit = pageSize(paging.limit);
  const merchantId = scope.merchantId ?? filters.merchantId;
  const search: PaymentSearch = {
    ...filters,
    ...(merchantId !== undefined ? { merchantId } : {}),
    ...(cursor?.direction === 'older' ? { olderThan: cursor.at } : {}),
    ...(cursor?.direction === 'newer' ? { newerThan: cursor.at } : {}),
    limit: limit + 1,
  };
  if (merchantId === undefined) delete search.merchantId;
  const rows = await deps.store.payments.search(search);
  const more = rows.length > limit;
  if (cursor?.direction === 'newer') {
    // the rows nearest above the cursor are the last ones (newest first)
    const items = more ? rows.slice(rows.length - limit) : rows;
    return {
      ok: true,
      items,
      next: items.length > 0 ? encodeCursor('older', items[items.length - 1]!) : null,
      previous: more && items.length > 0 ? encodeCursor('newer', items[0]!) : null,
    };
  }
  const items = more ? rows.slice(0, limit) : rows;
  return {
    ok: true,
    items,
    next: more ? encodeCursor('older', items[items.length - 1]!) : null,
    previous: cursor && items.length > 0 ? encodeCursor('newer', items[0]!) : null,
  };
}
