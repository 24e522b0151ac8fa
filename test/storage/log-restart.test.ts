/**
 * The SQLite store's write-ahead log under a steady stream of writes (ADR 0013, "the log is made to
 * start over"): the checkpoint worker's PASSIVE checkpoints run beside the writer, so the log would
 * only ever grow; once it is long, the writer's next batch waits for a checkpoint of all of it and
 * the log starts over. Writes here never pause, as under load, and the log must stay a small part
 * of what went through it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/core/ports/store.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js';
import { addMerchant, newNotification } from './sample-records.js';

describe('the SQLite log under steady writes', () => {
  let dir: string;
  let file: string;
  let store: Store;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wg-log-restart-'));
    file = join(dir, 'walletgate.db');
    // 256 frames (1 MiB) instead of 4,000, so that a short test goes through the log many times over;
    // a checkpoint every 10 ms instead of 100, so that how long the log gets between two of them
    // does not depend on how fast this machine writes
    store = await openSqliteStore(file, { logRestartFrames: 256, checkpointIntervalMs: 10 });
    await store.migrate();
  });
  after(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts over again and again instead of growing by every byte written', async (t) => {
    const merchant = await addMerchant(store, 'log-restart');
    const body = 'x'.repeat(3_000);
    const total = 10_000;
    let next = 0;
    let largest = 0;
    // 32 writers, each starting its next write as soon as the last one is answered: no pause
    const writer = async (): Promise<void> => {
      while (next < total) {
        next++;
        await store.outbox.enqueue(newNotification(merchant, { body }));
        if (next % 200 === 0) largest = Math.max(largest, statSync(`${file}-wal`).size);
      }
    };
    await Promise.all(Array.from({ length: 32 }, writer));
    largest = Math.max(largest, statSync(`${file}-wal`).size);
    const written = total * body.length;
    t.diagnostic(`largest log ${(largest / 1e6).toFixed(1)} MB for ${(written / 1e6).toFixed(1)} MB written`);
    assert.ok(
      largest < written / 3,
      `the log reached ${(largest / 1e6).toFixed(1)} MB while ${(written / 1e6).toFixed(1)} MB of rows went through it`,
    );
  });
});
