/**
 * A sandbox's SQLite file is checkpointed by a worker thread, not inside the COMMIT that crosses
 * SQLite's threshold on the event loop (src/sandbox/state/open-sandbox-db.ts): its automatic
 * checkpoint is off, the worker copies the log, a long log starts over, and nothing is lost.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openSandboxDb, type SandboxDb } from '../../src/sandbox/state/open-sandbox-db.js';

interface Tables {
  notes: { id: number; body: string };
}

const createTables = async (db: Kysely<Tables>): Promise<void> => {
  await sql`create table if not exists notes (id integer primary key, body text not null)`.execute(db);
};

/** One turn of the event loop, in which the worker's answers are heard (as between a server's requests). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("a sandbox's SQLite checkpoints", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'walletgate-sandbox-checkpoints-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const open = (file: string, restartFrames: number): Promise<SandboxDb<Tables>> =>
    openSandboxDb<Tables>({ kind: 'sqlite', file }, { lockName: 'test', createTables, checkpoint: { intervalMs: 1, restartFrames } });

  it("turns SQLite's automatic checkpoint off; the worker copies the log and starts a long one over; every row survives", async () => {
    const file = join(dir, 'notes.sqlite');
    const restartFrames = 40;
    let written = 0;
    const db = await open(file, restartFrames);
    const insert = db.statement('insert into {notes} ("id", "body") values (?, ?)');
    const autoCheckpoint = db.statement<{ wal_autocheckpoint: number }>('pragma wal_autocheckpoint');
    try {
      assert.deepEqual(await db.transaction((tx) => autoCheckpoint(tx, [])), [{ wal_autocheckpoint: 0 }]);
      // transactions of two pages and more each, at least twenty times the restart's length in log
      // frames, and on until the worker (a thread that takes a moment to start) has restarted the log
      const body = 'x'.repeat(5000);
      const stats = db.checkpoints!;
      while (written < 400 || (stats.restarts === 0 && written < 100_000)) {
        written++;
        await db.transaction((tx) => insert(tx, [written, body]));
        await nextTurn();
      }
      assert.ok(stats.checkpoints > 0, 'the worker ran checkpoints');
      assert.ok(stats.restarts > 0, 'a long log was copied whole before a transaction, so that it started over');
      assert.equal(stats.failures, 0);
    } finally {
      await db.close();
    }
    // closed: the worker's connection with it, so the file is whole on its own
    const again = await open(file, restartFrames);
    try {
      const count = again.statement<{ n: number; total: number }>('select count(*) as "n", sum(length("body")) as "total" from {notes}');
      assert.deepEqual(await again.transaction((tx) => count(tx, [])), [{ n: written, total: written * 5000 }]);
    } finally {
      await again.close();
    }
  });
});
