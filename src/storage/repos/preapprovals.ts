import type { Expression, ExpressionBuilder, Insertable, Selectable, SqlBool, Updateable } from 'kysely';
import { withStartId } from '../id-starts.js';
import type { Address, ConnectorState, Customer, Preapproval } from '../../core/model.js';
import {
  DuplicateReferenceError,
  MissingRowError,
  type NewPreapproval,
  type PreapprovalFilter,
  type PreapprovalPatch,
  type PreapprovalRepo,
} from '../../core/ports/store.js';
import type { Database, PreapprovalsTable } from '../schema.js';
import { fromJson, fromJsonOrNull, fromMs, fromMsOrNull, toJson, toJsonOrNull, toMs, toMsOrNull } from '../column-codecs.js';
import { isUniqueViolation } from '../unique-violation.js';
import { waitingSweep } from './waiting-sweep.js';
import { pageWindow } from './repo-scope.js';
import type { RepoScope } from './repo-scope.js';

type Row = Selectable<PreapprovalsTable>;

function toPreapproval(r: Row): Preapproval {
  return {
    id: r.id,
    merchantId: r.merchant_id,
    dialect: r.dialect,
    reference: r.reference,
    uniqueReference: r.unique_reference,
    method: r.method,
    connector: r.connector,
    currency: r.currency,
    description: r.description,
    returnUrl: r.return_url,
    customer: fromJsonOrNull<Customer>(r.customer),
    customerRef: r.customer_ref,
    originPaymentId: r.origin_payment_id === null ? null : Number(r.origin_payment_id),
    billingAddress: fromJsonOrNull<Address>(r.billing_address),
    recurringPeriod: r.recurring_period,
    maxAmount: r.max_amount,
    status: r.status,
    customerToken: r.customer_token,
    expiresAt: fromMsOrNull(r.expires_at),
    agreementToken: r.agreement_token,
    connectorState: fromJson<ConnectorState>(r.connector_state),
    failureCode: r.failure_code,
    failureMessage: r.failure_message,
    extras: fromJson<Record<string, unknown>>(r.extras),
    createdAt: fromMs(r.created_at),
    updatedAt: fromMs(r.updated_at),
  };
}

function toInsertRow(p: NewPreapproval, now: number): Insertable<PreapprovalsTable> {
  const createdAt = p.createdAt ? toMs(p.createdAt) : now;
  return {
    merchant_id: p.merchantId,
    dialect: p.dialect,
    reference: p.reference,
    unique_reference: p.uniqueReference,
    method: p.method,
    connector: p.connector,
    currency: p.currency,
    description: p.description,
    return_url: p.returnUrl,
    customer: toJsonOrNull(p.customer),
    customer_ref: p.customerRef ?? null,
    origin_payment_id: p.originPaymentId ?? null,
    billing_address: toJsonOrNull(p.billingAddress),
    recurring_period: p.recurringPeriod,
    max_amount: p.maxAmount,
    status: p.status,
    customer_token: p.customerToken,
    expires_at: toMsOrNull(p.expiresAt),
    agreement_token: p.agreementToken,
    connector_state: toJson(p.connectorState),
    failure_code: p.failureCode,
    failure_message: p.failureMessage,
    extras: toJson(p.extras),
    created_at: createdAt,
    updated_at: createdAt,
  };
}

function toUpdateRow(patch: PreapprovalPatch, now: number): Updateable<PreapprovalsTable> {
  const row: Updateable<PreapprovalsTable> = { updated_at: now };
  if (patch.status !== undefined) row.status = patch.status;
  if (patch.agreementToken !== undefined) row.agreement_token = patch.agreementToken;
  if (patch.connectorState !== undefined) row.connector_state = toJson(patch.connectorState);
  if (patch.failureCode !== undefined) row.failure_code = patch.failureCode;
  if (patch.failureMessage !== undefined) row.failure_message = patch.failureMessage;
  if (patch.expiresAt !== undefined) row.expires_at = toMsOrNull(patch.expiresAt);
  if (patch.extras !== undefined) row.extras = toJson(patch.extras);
  return row;
}

function filterConditions(eb: ExpressionBuilder<Database, 'preapprovals'>, merchantId: string, f: PreapprovalFilter): Expression<SqlBool> {
  const c: Expression<SqlBool>[] = [eb('merchant_id', '=', merchantId)];
  if (f.dialect !== undefined) c.push(eb('dialect', '=', f.dialect));
  if (f.statuses !== undefined) c.push(f.statuses.length > 0 ? eb('status', 'in', f.statuses) : eb.lit(false));
  if (f.reference !== undefined) c.push(eb('reference', '=', f.reference));
  if (f.customerRef !== undefined) c.push(eb('customer_ref', '=', f.customerRef));
  if (f.originPaymentId !== undefined) c.push(eb('origin_payment_id', '=', f.originPaymentId));
  return eb.and(c);
}

export function preapprovalRepo(scope: RepoScope): PreapprovalRepo {
  const { db, kind, now } = scope;
  const one = async (q: Promise<Row | undefined>): Promise<Preapproval | undefined> => {
    const r = await q;
    return r ? toPreapproval(r) : undefined;
  };

  return {
    async insert(p) {
      try {
        const values = toInsertRow(p, now());
        const row = await db
          .insertInto('preapprovals')
          .values(withStartId(kind, 'preapprovals', values))
          .returningAll()
          .executeTakeFirstOrThrow();
        return toPreapproval(row);
      } catch (e) {
        if (isUniqueViolation(e, 'preapprovals_merchant_unique_reference', 'preapprovals.merchant_id, preapprovals.unique_reference')) {
          throw new DuplicateReferenceError(p.uniqueReference ?? '');
        }
        throw e;
      }
    },

    get: (merchantId, id) =>
      one(db.selectFrom('preapprovals').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst()),

    getById: (id) => one(db.selectFrom('preapprovals').selectAll().where('id', '=', id).executeTakeFirst()),

    getByIdForUpdate(id) {
      const q = db.selectFrom('preapprovals').selectAll().where('id', '=', id);
      return one((kind === 'postgres' ? q.forUpdate() : q).executeTakeFirst());
    },

    getByCustomerToken: (token) => one(db.selectFrom('preapprovals').selectAll().where('customer_token', '=', token).executeTakeFirst()),

    async update(id, patch) {
      const row = await db
        .updateTable('preapprovals')
        .set(toUpdateRow(patch, now()))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new MissingRowError('preapproval', id);
      return toPreapproval(row);
    },

    async list(merchantId, filter, page) {
      const where = (eb: ExpressionBuilder<Database, 'preapprovals'>): Expression<SqlBool> => filterConditions(eb, merchantId, filter);
      const { offset, limit } = pageWindow(page);
      const [rows, count] = await Promise.all([
        db
          .selectFrom('preapprovals')
          .selectAll()
          .where(where)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .offset(offset)
          .execute(),
        db
          .selectFrom('preapprovals')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(where)
          .executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toPreapproval), total: Number(count.n) };
    },

    ...waitingSweep(db, 'preapprovals', toPreapproval),
  };
}
