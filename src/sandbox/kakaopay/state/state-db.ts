/**
 * The sandbox's own database: a SQLite file, or a schema of its own in a PostgreSQL database. Two
 * tables, one row per tid and per sid, each holding the record as a JSON document (record-codec.ts)
 * beside a few columns for a person looking at the tables. It shares nothing with walletgate's store.
 */
import type { Kysely } from 'kysely';
import { openSandboxDb, type SandboxDb, type SandboxStatement, type SandboxStateLocation } from '../../state/open-sandbox-db.js';

export type { SandboxStateLocation } from '../../state/open-sandbox-db.js';

export interface PaymentRow {
  tid: string;
  cid: string;
  status: string;
  partner_order_id: string;
  sid: string | null;
  /** epoch ms */
  created_at: number;
  /** the whole SandboxPayment, record-codec.ts */
  doc: string;
}

export interface SidRow {
  sid: string;
  cid: string;
  status: string;
  /** epoch ms */
  created_at: number;
  /** the whole SandboxSid, record-codec.ts */
  doc: string;
}

export interface SandboxTables {
  sandbox_payments: PaymentRow;
  sandbox_sids: SidRow;
}

export type StateDb = SandboxDb<SandboxTables>;

/** Every statement a request runs on the tables, written once per database (SandboxDb.statement). */
export interface StateStatements {
  /** [tid] → the payment's document, locked for the transaction */
  paymentDoc: SandboxStatement<SandboxTables, Pick<PaymentRow, 'doc'>>;
  /** [tid, cid, status, partner_order_id, sid, created_at, doc] */
  insertPayment: SandboxStatement<SandboxTables, never>;
  /** [status, sid, doc, tid] */
  updatePayment: SandboxStatement<SandboxTables, never>;
  /** [sid] → the sid's document, locked for the transaction */
  sidDoc: SandboxStatement<SandboxTables, Pick<SidRow, 'doc'>>;
  /** [sid, cid, status, created_at, doc] */
  insertSid: SandboxStatement<SandboxTables, never>;
  /** [status, doc, sid] */
  updateSid: SandboxStatement<SandboxTables, never>;
}

export function stateStatements(db: StateDb): StateStatements {
  return {
    paymentDoc: db.statement('select "doc" from {sandbox_payments} where "tid" = ? {forUpdate}'),
    insertPayment: db.statement(
      'insert into {sandbox_payments} ("tid", "cid", "status", "partner_order_id", "sid", "created_at", "doc") values (?, ?, ?, ?, ?, ?, ?)',
    ),
    updatePayment: db.statement('update {sandbox_payments} set "status" = ?, "sid" = ?, "doc" = ? where "tid" = ?'),
    sidDoc: db.statement('select "doc" from {sandbox_sids} where "sid" = ? {forUpdate}'),
    insertSid: db.statement('insert into {sandbox_sids} ("sid", "cid", "status", "created_at", "doc") values (?, ?, ?, ?, ?)'),
    updateSid: db.statement('update {sandbox_sids} set "status" = ?, "doc" = ? where "sid" = ?'),
  };
}

/** Opens (creating if needed) the sandbox's tables at `location`. */
export function openStateDb(location: SandboxStateLocation): Promise<StateDb> {
  return openSandboxDb(location, { lockName: 'walletgate kakaopay sandbox', createTables });
}

/** The sandbox's whole migration: the two tables, if they are not there yet. */
async function createTables(db: Kysely<SandboxTables>): Promise<void> {
  await db.schema
    .createTable('sandbox_payments')
    .ifNotExists()
    .addColumn('tid', 'text', (c) => c.primaryKey())
    .addColumn('cid', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('partner_order_id', 'text', (c) => c.notNull())
    .addColumn('sid', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sandbox_sids')
    .ifNotExists()
    .addColumn('sid', 'text', (c) => c.primaryKey())
    .addColumn('cid', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .execute();
}
