/**
 * A gateway's SQLite file with a history before it serves: `count` payments of another merchant,
 * each with its first operation, made as walletgate makes them (a random customer token, a wallet
 * reference of `T` and 19 random hex digits for those the wallet opened), over the past year. A
 * profile helper's option (profile-create.ts PROF_SEED_PAYMENTS): what a create costs when the
 * payments table and its indexes are far larger than SQLite's page cache, as in production.
 *
 * The rows go straight in through better-sqlite3, in one transaction, unsynced; the file is then
 * checkpointed and closed before the gateway opens it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../src/storage/sqlite/open-sqlite-store.js';

const MERCHANT = 'history-shop';
const YEAR_MS = 365 * 86_400_000;
const STATUSES = ['succeeded', 'succeeded', 'succeeded', 'failed', 'expired', 'refunded', 'pending_customer'] as const;

/** Seeds BENCH_DATA_DIR/walletgate.db (as serve-gateway.ts names it) with `count` payments; resolves when it is closed. */
export async function seedHistory(dataDir: string, count: number): Promise<void> {
  const file = join(dataDir, 'walletgate.db');
  const store = await openSqliteStore(file);
  await store.migrate();
  await store.merchants.insert({ id: MERCHANT, name: MERCHANT, notifyUrl: null });
  await store.close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const payment = db.prepare(`insert into payments (merchant_id, dialect, reference, unique_reference, method, connector,
    connector_ref, amount, currency, status, captured_amount, refunded_amount, refund_reserved_amount, customer_token,
    connector_state, extras, created_at, updated_at, needs_sync)
    values (?, 'globalpay', ?, ?, 'kakaopay', 'kakaopay', ?, ?, 'KRW', ?, 0, 0, 0, ?, '{}', '{}', ?, ?, 0)`);
  const operation = db.prepare(`insert into operations (merchant_id, payment_id, kind, status, amount, currency, message, created_at)
    values (?, ?, 'create', 'ok', ?, 'KRW', 'Payment created by the globalpay API', ?)`);
  const start = Date.now() - YEAR_MS;
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const at = Math.floor(start + (i * YEAR_MS) / count);
      const status = STATUSES[i % STATUSES.length]!;
      const ref = `history-${i}`;
      const amount = 1000 + (i % 997) * 100;
      const tid = status === 'failed' ? null : 'T' + randomBytes(10).toString('hex').slice(0, 19);
      const { lastInsertRowid } = payment.run(MERCHANT, ref, ref, tid, amount, status, randomBytes(18).toString('base64url'), at, at);
      operation.run(MERCHANT, lastInsertRowid, amount, at);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
