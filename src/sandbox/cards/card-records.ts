/**
 * The card processor sandbox's own database (../state/open-sandbox-db.ts): one row per payment,
 * holding the payment as a JSON document beside the columns it is found by. No card number and no
 * CVC is ever written: a payment keeps its card's brand, last four digits, expiry and a SHA-256
 * fingerprint of the number.
 */
import type { Kysely } from 'kysely';
import { openSandboxDb, type SandboxDb, type SandboxStateLocation } from '../state/open-sandbox-db.js';
import type { CardBrand } from './test-cards.js';

export interface CardRefund {
  id: string;
  amount: number;
  /** the merchant's own reference for the refund */
  reference: string | null;
  /** epoch ms */
  createdAt: number;
}

export interface CardPayment {
  id: string;
  orderId: string;
  amount: number;
  currency: string;
  description: string | null;
  status: 'captured' | 'declined' | 'partially_refunded' | 'refunded';
  declineCode: string | null;
  declineMessage: string | null;
  card: { brand: CardBrand; last4: string; expMonth: number; expYear: number; fingerprint: string };
  refunds: CardRefund[];
  /** Paid with a test card whose answers are lost or slow: so are the answers to its refunds. */
  answers: 'lost' | 'slow' | null;
  /** epoch ms */
  createdAt: number;
}

interface PaymentRow {
  id: string;
  order_id: string;
  status: string;
  created_at: number;
  doc: string;
}

interface CardTables {
  card_payments: PaymentRow;
}

export type CardDb = SandboxDb<CardTables>;
type Tx = Kysely<CardTables>;

export function openCardDb(location: SandboxStateLocation): Promise<CardDb> {
  return openSandboxDb(location, { lockName: 'walletgate card processor sandbox', createTables });
}

async function createTables(db: Kysely<CardTables>): Promise<void> {
  await db.schema
    .createTable('card_payments')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('card_payments_order').ifNotExists().on('card_payments').column('order_id').execute();
}

const decode = (row: { doc: string } | undefined): CardPayment | undefined => (row ? (JSON.parse(row.doc) as CardPayment) : undefined);

/** The statements every request runs, written once per database (SandboxDb.statement). */
function cardStatements(db: CardDb) {
  return {
    /** [id, order_id, status, created_at, doc] */
    insert: db.statement('insert into {card_payments} ("id", "order_id", "status", "created_at", "doc") values (?, ?, ?, ?, ?)'),
    /** [status, doc, id] */
    update: db.statement('update {card_payments} set "status" = ?, "doc" = ? where "id" = ?'),
    /** [id] → the payment, locked for the transaction */
    byId: db.statement<{ doc: string }>('select "doc" from {card_payments} where "id" = ? {forUpdate}'),
    /** [order_id] → its tries, latest first, locked for the transaction */
    byOrder: db.statement<{ doc: string }>('select "doc" from {card_payments} where "order_id" = ? order by "created_at" desc {forUpdate}'),
  };
}

const statementsOf = new WeakMap<CardDb, ReturnType<typeof cardStatements>>();
function statements(db: CardDb): ReturnType<typeof cardStatements> {
  let s = statementsOf.get(db);
  if (!s) statementsOf.set(db, (s = cardStatements(db)));
  return s;
}

export async function insertPayment(db: CardDb, tx: Tx, p: CardPayment): Promise<void> {
  await statements(db).insert(tx, [p.id, p.orderId, p.status, p.createdAt, JSON.stringify(p)]);
}

export async function updatePayment(db: CardDb, tx: Tx, p: CardPayment): Promise<void> {
  await statements(db).update(tx, [p.status, JSON.stringify(p), p.id]);
}

export async function paymentById(db: CardDb, tx: Tx, id: string): Promise<CardPayment | undefined> {
  const [row] = await statements(db).byId(tx, [id]);
  return decode(row);
}

/**
 * The payment that took the money for the merchant's order id (an order is paid once), else its
 * latest declined try (a declined try may precede an approved one, within the same millisecond too).
 */
export async function paymentByOrder(db: CardDb, tx: Tx, orderId: string): Promise<CardPayment | undefined> {
  const tries = (await statements(db).byOrder(tx, [orderId])).map((row) => decode(row)!);
  return tries.find((p) => p.status !== 'declined') ?? tries[0];
}
