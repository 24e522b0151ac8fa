/**
 * Switching a SQLite file to WAL mode, for walletgate's store (storage/sqlite/open-sqlite-store.ts)
 * and the sandboxes' state (sandbox/state/open-sandbox-db.ts): several processes may open the same
 * new file at once (`walletgate start` on a fresh data folder, several gateways started together).
 */
import type BetterSqlite3 from 'better-sqlite3';

/** How long a connection keeps asking for WAL mode while other processes open the same new file. */
const WAL_SWITCH_PATIENCE_MS = 10_000;

/**
 * `journal_mode = WAL`, asked again while SQLite answers SQLITE_BUSY: on a new file that several
 * processes open at once, SQLite may refuse the switch at once, without its busy handler (a lock it
 * cannot wait for without risking a deadlock). Start-up only, so a short blocking pause is fine.
 */
export function switchToWal(database: BetterSqlite3.Database): void {
  const deadline = Date.now() + WAL_SWITCH_PATIENCE_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      database.pragma('journal_mode = WAL');
      return;
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw e;
      Atomics.wait(pause, 0, 0, wait);
    }
  }
}
