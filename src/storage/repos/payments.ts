import { sql, type ExpressionBuilder, type Expression, type Insertable, type Selectable, type SqlBool, type Updateable } from 'kysely';
import { withStartId } from '../id-starts.js';
import type { Address, Article, ConnectorState, Customer, Payment, PaymentStatus } from '../../core/model.js';
import {
  DuplicateReferenceError,
  MissingRowError,
  type NewPayment,
  type Page,
  type PaymentFilter,
  type PaymentPatch,
  type PaymentRepo,
} from '../../core/ports/store.js';
import type { Database, PaymentsTable, StoreKind } from '../schema.js';
import { fromJson, fromJsonOrNull, fromMs, fromMsOrNull, toFlag, toJson, toJsonOrNull, toMs, toMsOrNull } from '../column-codecs.js';
import { isUniqueViolation } from '../unique-violation.js';
import { waitingSweep } from './waiting-sweep.js';
import { afterPosition } from './sweep-position.js';
import { precompiled, precompiledPerShape } from '../precompiled-query.js';
import { insertedRow } from './inserted-row.js';
import { searchPaymentRows } from './payment-search.js';
import { pageWindow } from './repo-scope.js';
import type { RepoScope } from './repo-scope.js';

type Row = Selectable<PaymentsTable>;

function toPayment(r: Row): Payment {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    dialect: r.dialect,
    reference: r.reference,
    uniqueReference: r.unique_reference,
    method: r.method,
    connector: r.connector,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    capturedAmount: r.captured_amount,
    refundedAmount: r.refunded_amount,
    refundReservedAmount: r.refund_reserved_amount,
    description: r.description,
    customer: fromJsonOrNull<Customer>(r.customer),
    billingAddress: fromJsonOrNull<Address>(r.billing_address),
    shippingAddress: fromJsonOrNull<Address>(r.shipping_address),
    articles: fromJsonOrNull<Article[]>(r.articles),
    returnUrl: r.return_url,
    customerToken: r.customer_token,
    expiresAt: fromMsOrNull(r.expires_at),
    preapprovalId: r.preapproval_id,
    customerProfileId: r.customer_profile_id === null ? null : Number(r.customer_profile_id),
    connectorState: fromJson<ConnectorState>(r.connector_state),
    failureCode: r.failure_code,
    failureMessage: r.failure_message,
    extras: fromJson<Record<string, unknown>>(r.extras),
    createdAt: fromMs(r.created_at),
    updatedAt: fromMs(r.updated_at),
  };
}

/** The denormalised columns that follow connectorState. */
function connectorStateColumns(s: ConnectorState): Pick<Row, 'connector_state' | 'connector_ref' | 'needs_sync'> {
  return { connector_state: toJson(s), connector_ref: s.ref ?? null, needs_sync: toFlag(s.needsSync) };
}

function countryOf(a: Address | null): string | null {
  return a?.country ? a.country.toUpperCase() : null;
}

function toInsertRow(p: NewPayment, now: number): Insertable<PaymentsTable> {
  const createdAt = p.createdAt ? toMs(p.createdAt) : now;
  return {
    merchant_id: p.merchantId,
    dialect: p.dialect,
    reference: p.reference,
    unique_reference: p.uniqueReference,
    payer_reference: p.payerReference ?? null,
    method: p.method,
    connector: p.connector,
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    captured_amount: p.capturedAmount,
    refunded_amount: p.refundedAmount,
    refund_reserved_amount: p.refundReservedAmount,
    description: p.description,
    customer: toJsonOrNull(p.customer),
    billing_address: toJsonOrNull(p.billingAddress),
    shipping_address: toJsonOrNull(p.shippingAddress),
    articles: toJsonOrNull(p.articles),
    return_url: p.returnUrl,
    customer_token: p.customerToken,
    expires_at: toMsOrNull(p.expiresAt),
    preapproval_id: p.preapprovalId,
    customer_profile_id: p.customerProfileId ?? null,
    failure_code: p.failureCode,
    failure_message: p.failureMessage,
    extras: toJson(p.extras),
    created_at: createdAt,
    updated_at: createdAt,
    country: countryOf(p.billingAddress),
    ...connectorStateColumns(p.connectorState),
  };
}

function toUpdateRow(patch: PaymentPatch, now: number): Updateable<PaymentsTable> {
  const row: Updateable<PaymentsTable> = { updated_at: now };
  if (patch.status !== undefined) row.status = patch.status;
  if (patch.method !== undefined) row.method = patch.method;
  if (patch.connector !== undefined) row.connector = patch.connector;
  if (patch.capturedAmount !== undefined) row.captured_amount = patch.capturedAmount;
  if (patch.refundedAmount !== undefined) row.refunded_amount = patch.refundedAmount;
  if (patch.refundReservedAmount !== undefined) row.refund_reserved_amount = patch.refundReservedAmount;
  if (patch.connectorState !== undefined) Object.assign(row, connectorStateColumns(patch.connectorState));
  if (patch.failureCode !== undefined) row.failure_code = patch.failureCode;
  if (patch.failureMessage !== undefined) row.failure_message = patch.failureMessage;
  if (patch.expiresAt !== undefined) row.expires_at = toMsOrNull(patch.expiresAt);
  if (patch.extras !== undefined) row.extras = toJson(patch.extras);
  return row;
}

/**
 * The payment a patch made of `p`, as a read of the updated row would decode it: the patch's own
 * values, its JSON decoded from the text written (so it holds exactly what was stored), the time
 * written; the rest is `p`'s, whose objects the new payment shares (payments are not mutated).
 */
function patched(p: Payment, patch: PaymentPatch, set: Updateable<PaymentsTable>): Payment {
  const out: Payment = Object.assign({}, p, { updatedAt: fromMs(set.updated_at as number) });
  if (patch.status !== undefined) out.status = patch.status;
  if (patch.method !== undefined) out.method = patch.method;
  if (patch.connector !== undefined) out.connector = patch.connector;
  if (patch.capturedAmount !== undefined) out.capturedAmount = patch.capturedAmount;
  if (patch.refundedAmount !== undefined) out.refundedAmount = patch.refundedAmount;
  if (patch.refundReservedAmount !== undefined) out.refundReservedAmount = patch.refundReservedAmount;
  if (patch.connectorState !== undefined) out.connectorState = fromJson<ConnectorState>(set.connector_state as string);
  if (patch.failureCode !== undefined) out.failureCode = patch.failureCode;
  if (patch.failureMessage !== undefined) out.failureMessage = patch.failureMessage;
  if (patch.expiresAt !== undefined) out.expiresAt = fromMsOrNull(set.expires_at as number | null);
  if (patch.extras !== undefined) out.extras = fromJson<Record<string, unknown>>(set.extras as string);
  return out;
}

/** The payment's method is chosen: not a stand-in while the customer chooses (connectorState.methodChoice, ADR 0016). */
function methodChosen(kind: StoreKind): Expression<SqlBool> {
  return kind === 'postgres'
    ? sql<SqlBool>`(connector_state::jsonb -> 'methodChoice') is null`
    : sql<SqlBool>`json_extract(connector_state, '$.methodChoice') is null`;
}

function filterConditions(
  eb: ExpressionBuilder<Database, 'payments'>,
  kind: StoreKind,
  merchantId: string,
  f: PaymentFilter,
): Expression<SqlBool> {
  const c: Expression<SqlBool>[] = [eb('merchant_id', '=', merchantId)];
  if (f.dialect !== undefined) c.push(eb('dialect', '=', f.dialect));
  if (f.startDate) c.push(eb('created_at', '>=', toMs(f.startDate)));
  if (f.endDate) c.push(eb('created_at', '<=', toMs(f.endDate)));
  if (f.method !== undefined) c.push(eb('method', '=', f.method as Row['method']), methodChosen(kind));
  if (f.country !== undefined) c.push(eb('country', '=', f.country.toUpperCase()));
  if (f.currency !== undefined) c.push(eb('currency', '=', f.currency));
  if (f.minimumAmount !== undefined) c.push(eb('amount', '>=', f.minimumAmount));
  if (f.maximumAmount !== undefined) c.push(eb('amount', '<=', f.maximumAmount));
  if (f.reference !== undefined) c.push(eb('reference', '=', f.reference));
  if (f.statuses !== undefined) {
    // An empty status list matches nothing (rather than everything).
    c.push(f.statuses.length > 0 ? eb('status', 'in', f.statuses) : eb.lit(false));
  }
  if (f.connectorRef !== undefined) c.push(eb('connector_ref', '=', f.connectorRef));
  if (f.recurring === true) c.push(eb('preapproval_id', 'is not', null));
  if (f.recurring === false) c.push(eb('preapproval_id', 'is', null));
  if (f.preapprovalId !== undefined) c.push(eb('preapproval_id', '=', f.preapprovalId));
  return eb.and(c);
}

const SORT_COLUMNS = { reference: 'reference', createdAt: 'created_at', amount: 'amount' } as const;
/** The sort column as an expression no index gives in order (numbers `+ 0`, text `|| ''`), on both databases. */
const unindexed = (column: (typeof SORT_COLUMNS)[keyof typeof SORT_COLUMNS]) =>
  column === 'reference' ? sql`reference || ''` : sql`${sql.ref(column)} + 0`;

// The queries every create, lookup, approval and refund runs, compiled once per database kind (../precompiled-query.ts).
// Inserts and updates return no columns they were given (docs/benchmarks.md: `returning *` made an update 29 → 51 µs):
// the row is the values written, and the id the database chose.
const insertPayment = precompiledPerShape((db, row: Insertable<PaymentsTable>, _$, kind) =>
  db
    .insertInto('payments')
    .values(withStartId(kind, 'payments', row))
    .returning('id'),
);
const paymentOfMerchant = precompiled<[merchantId: string, id: number], Row>((db, $) =>
  db.selectFrom('payments').selectAll().where('merchant_id', '=', $(0)).where('id', '=', $(1)),
);
const paymentById = precompiled<[id: number], Row>((db, $) => db.selectFrom('payments').selectAll().where('id', '=', $(0)));
const paymentByIdForUpdate = precompiled<[id: number], Row>((db, $, kind) => {
  const q = db.selectFrom('payments').selectAll().where('id', '=', $(0));
  return kind === 'postgres' ? q.forUpdate() : q;
});
const paymentByCustomerToken = precompiled<[token: string], Row>((db, $) =>
  db.selectFrom('payments').selectAll().where('customer_token', '=', $(0)),
);
const paymentByCustomerTokenForUpdate = precompiled<[token: string], Row>((db, $, kind) => {
  const q = db.selectFrom('payments').selectAll().where('customer_token', '=', $(0));
  return kind === 'postgres' ? q.forUpdate() : q;
});
/** One compiled query per set of columns a patch sets. */
const updatePayment = precompiledPerShape<Updateable<PaymentsTable>, [id: number], Row>((db, set, $) =>
  db.updateTable('payments').set(set).where('id', '=', $(0)).returningAll(),
);
/** The same, for a row whose columns the transaction already has (its lock is held: see `held`). */
const updateHeldPayment = precompiledPerShape<Updateable<PaymentsTable>, [id: number], never>((db, set, $) =>
  db.updateTable('payments').set(set).where('id', '=', $(0)),
);
/**
 * The same, only while the row is as the caller last wrote it (its time, status and connector state):
 * the check and the write in one statement, where a read for update and an update took two.
 */
const updateUnchangedPayment = precompiledPerShape<
  Updateable<PaymentsTable>,
  [id: number, updatedAt: number, status: PaymentStatus, connectorState: string],
  never
>((db, set, $) =>
  db
    .updateTable('payments')
    .set(set)
    .where('id', '=', $(0))
    .where('updated_at', '=', $(1))
    .where('status', '=', $(2))
    .where('connector_state', '=', $(3)),
);
/**
 * The same on PostgreSQL, sent with the transaction's next statement or its COMMIT (ADR 0036). Its
 * caller gets no answer to check, so PostgreSQL checks that it changed one row: dividing by the count
 * fails the statement, and with it the batch and the transaction, when no row changed
 * (division_by_zero, 22012). It returns no row either way.
 */
const updateHeldPaymentAhead = precompiledPerShape<Updateable<PaymentsTable>, [id: number], never>((db, set, $) =>
  db
    .with('changed', (w) => w.updateTable('payments').set(set).where('id', '=', $(0)).returning('id'))
    .selectNoFrom(sql<number>`1`.as('one'))
    .where(sql<number>`1 / (select count(*) from changed)`, '=', 0),
);

export function paymentRepo(scope: RepoScope): PaymentRepo {
  const { db, now } = scope;
  /**
   * In a transaction: the rows it holds the lock of (inserted, read for update, or updated by it),
   * as they are now, decoded. Nothing else can change them before it ends (PostgreSQL: the row lock;
   * SQLite: the write lock), and every write to payments goes through this repo, so an update needs
   * no `returning *`, a second read for update no query, and neither decodes the row's JSON again.
   * A failed statement leaves them as they were.
   */
  const held = db.isTransaction ? new Map<number, Payment>() : null;
  const hold = (p: Payment): Payment => {
    held?.set(p.id, p);
    return p;
  };
  const one = async (q: Promise<Row | undefined>): Promise<Payment | undefined> => {
    const r = await q;
    return r ? toPayment(r) : undefined;
  };

  return {
    async insert(p) {
      try {
        const values = toInsertRow(p, now());
        const { id } = await insertPayment.firstOrThrow(scope, values);
        return hold(toPayment(insertedRow<Insertable<PaymentsTable>, Row>(values, id)));
      } catch (e) {
        if (isUniqueViolation(e, 'payments_merchant_unique_reference', 'payments.merchant_id, payments.unique_reference')) {
          throw new DuplicateReferenceError(p.uniqueReference ?? '');
        }
        if (isUniqueViolation(e, 'payments_open_payer_reference', 'payments.merchant_id, payments.connector, payments.payer_reference'))
          throw new DuplicateReferenceError(p.payerReference ?? '', 'payerReference');
        throw e;
      }
    },

    get: (merchantId, id) => one(paymentOfMerchant.first(scope, merchantId, id)),

    getById: (id) => one(paymentById.first(scope, id)),

    async getByIdForUpdate(id) {
      const known = held?.get(id);
      if (known) return known;
      const row = await paymentByIdForUpdate.first(scope, id);
      return row ? hold(toPayment(row)) : undefined;
    },

    getByCustomerToken: (token) => one(paymentByCustomerToken.first(scope, token)),

    async getByCustomerTokenForUpdate(token) {
      const row = await paymentByCustomerTokenForUpdate.first(scope, token);
      if (!row) return undefined;
      // a row this transaction holds already is as the transaction left it
      return held?.get(row.id) ?? hold(toPayment(row));
    },

    getByUniqueReference: (merchantId, uniqueReference) =>
      one(
        db
          .selectFrom('payments')
          .selectAll()
          .where('merchant_id', '=', merchantId)
          .where('unique_reference', '=', uniqueReference)
          .executeTakeFirst(),
      ),

    async update(id, patch) {
      const set = toUpdateRow(patch, now());
      const known = held?.get(id);
      if (known) {
        if (scope.kind === 'postgres') {
          await updateHeldPaymentAhead.send(scope, set, id);
        } else {
          const { numAffectedRows } = await updateHeldPayment.execute(scope, set, id);
          if (numAffectedRows !== 1n) throw new MissingRowError('payment', id);
        }
        return hold(patched(known, patch, set));
      }
      const row = await updatePayment.first(scope, set, id);
      if (!row) throw new MissingRowError('payment', id);
      return hold(toPayment(row));
    },

    async updateIfUnchanged(written, patch) {
      const set = toUpdateRow(patch, now());
      const { numAffectedRows } = await updateUnchangedPayment.execute(
        scope,
        set,
        written.id,
        toMs(written.updatedAt),
        written.status,
        toJson(written.connectorState),
      );
      return numAffectedRows === 1n ? hold(patched(written, patch, set)) : undefined;
    },

    async list(merchantId: string, filter: PaymentFilter, page: Page) {
      const where = (eb: ExpressionBuilder<Database, 'payments'>): Expression<SqlBool> =>
        filterConditions(eb, scope.kind, merchantId, filter);
      const { offset, limit } = pageWindow(page);
      const direction = filter.sortDirection ?? 'desc';
      // A reference or a wallet's reference names a few payments: their own index finds them and the
      // few are sorted (`+ 0` keeps SQLite's planner from walking a newest-first index instead, through
      // every payment of the merchant: a mass refund's 10,000 rows took 30 s of scans to check).
      const selective = filter.reference !== undefined || filter.connectorRef !== undefined;
      const sortColumn = SORT_COLUMNS[filter.sortBy ?? 'createdAt'];
      const [rows, count] = await Promise.all([
        db
          .selectFrom('payments')
          .selectAll()
          .where(where)
          .orderBy(selective ? unindexed(sortColumn) : sql.ref(sortColumn), direction)
          .orderBy(selective ? sql`id + 0` : sql.ref('id'), direction)
          .limit(limit)
          .offset(offset)
          .execute(),
        db
          .selectFrom('payments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(where)
          .executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toPayment), total: Number(count.n) };
    },

    search: async (s) => (await searchPaymentRows(db, scope.kind, s)).map(toPayment),

    ...waitingSweep(db, 'payments', toPayment),

    async findByConnectorRef(connector, ref) {
      const rows = await db
        .selectFrom('payments')
        .selectAll()
        .where('connector', '=', connector)
        .where('connector_ref', '=', ref)
        .orderBy('id', 'asc')
        .limit(100)
        .execute();
      return rows.map(toPayment);
    },

    async listNeedingSync(limit, after) {
      const rows = await db
        .selectFrom('payments')
        .selectAll()
        // a literal, as in the partial index payments_needs_sync (migration 0017), so both databases use it
        .where('needs_sync', '=', sql.lit(1))
        .$if(after !== undefined, (q) => q.where(afterPosition(after!)))
        .orderBy('updated_at', 'asc')
        .orderBy('id', 'asc')
        .limit(limit)
        .execute();
      return rows.map(toPayment);
    },
  };
}
