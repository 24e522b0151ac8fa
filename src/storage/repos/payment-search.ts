/**
 * The dashboard's payment search (ADR 0023) as one Kysely query for both databases: the filters,
 * then the keyset — (created_at, id) below or above a position — in the order of the indexes
 * migration 0011 adds, so a page is an index range at any depth. No offset, no count.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { PaymentSearch } from '../../core/ports/store.js';
import type { Database, PaymentsTable, StoreKind } from '../schema.js';
import { toMs } from '../column-codecs.js';
import { customerEmailExpression } from '../migration-0011-payment-search-and-data-api.js';

type Row = Selectable<PaymentsTable>;

/** LIKE's wildcards and its escape character, escaped, for a `%…%` pattern with `escape '\'`. */
function likePattern(part: string): string {
  return `%${part.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function customerNameExpression(kind: StoreKind): string {
  const field = (name: string) =>
    kind === 'postgres' ? `coalesce((customer::jsonb) ->> '${name}', '')` : `coalesce(json_extract(customer, '$.${name}'), '')`;
  return `lower(${field('firstName')} || ' ' || ${field('lastName')} || ' ' || ${field('name')})`;
}

function searchConditions(eb: ExpressionBuilder<Database, 'payments'>, kind: StoreKind, s: PaymentSearch): Expression<SqlBool> {
  const c: Expression<SqlBool>[] = [];
  if (s.merchantId !== undefined) c.push(eb('merchant_id', '=', s.merchantId));
  if (s.dialect !== undefined) c.push(eb('dialect', '=', s.dialect));
  if (s.method !== undefined) {
    c.push(eb('method', '=', s.method as Row['method']));
    // one awaiting the customer's choice of method (ADR 0016) has none yet, whatever stands in
    c.push(
      kind === 'postgres'
        ? sql<SqlBool>`(connector_state::jsonb -> 'methodChoice') is null`
        : sql<SqlBool>`json_extract(connector_state, '$.methodChoice') is null`,
    );
  }
  if (s.statuses !== undefined) c.push(s.statuses.length > 0 ? eb('status', 'in', s.statuses) : eb.lit(false));
  if (s.startDate) c.push(eb('created_at', '>=', toMs(s.startDate)));
  if (s.endDate) c.push(eb('created_at', '<', toMs(s.endDate)));
  if (s.minimumAmount !== undefined) c.push(eb('amount', '>=', s.minimumAmount));
  if (s.maximumAmount !== undefined) c.push(eb('amount', '<=', s.maximumAmount));
  if (s.currency !== undefined) c.push(eb('currency', '=', s.currency));
  if (s.reference !== undefined) c.push(eb('reference', '=', s.reference));
  if (s.customerEmail !== undefined) c.push(sql<SqlBool>`${sql.raw(customerEmailExpression(kind))} = ${s.customerEmail.toLowerCase()}`);
  if (s.customerName !== undefined)
    c.push(sql<SqlBool>`${sql.raw(customerNameExpression(kind))} like ${likePattern(s.customerName)} escape '\\'`);
  if (s.olderThan) c.push(eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(toMs(s.olderThan.createdAt), s.olderThan.id)));
  if (s.newerThan) c.push(eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(toMs(s.newerThan.createdAt), s.newerThan.id)));
  return eb.and(c);
}

/** Up to `limit` rows, newest first; with `newerThan` (and no `olderThan`), the `limit` rows nearest above it. */
export async function searchPaymentRows(db: Kysely<Database>, kind: StoreKind, s: PaymentSearch): Promise<Row[]> {
  const limit = Math.max(1, Math.min(1000, Math.floor(s.limit)));
  const upwards = s.newerThan !== undefined && s.olderThan === undefined;
  const direction = upwards ? 'asc' : 'desc';
  // A reference or an e-mail names a few payments: their own index finds them and the few are sorted
  // (`+ 0` keeps the planner from walking the newest-first index instead, through every payment).
  const selective = s.reference !== undefined || s.customerEmail !== undefined;
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where((eb) => searchConditions(eb, kind, s))
    .orderBy(selective ? sql`created_at + 0` : sql.ref('created_at'), direction)
    .orderBy(selective ? sql`id + 0` : sql.ref('id'), direction)
    .limit(limit)
    .execute();
  return upwards ? rows.reverse() : rows;
}
