/**
 * WAL checkpoints in a worker thread (src/sqlite-checkpoint/checkpoint-worker.ts, ADR 0013): the store's
 * writer has SQLite's automatic checkpoint off, the worker copies the log into the database file on
 * its own connection, and a worker that cannot run turns the automatic checkpoint back on.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CheckpointWorker, checkpointInstead } from '../../src/sqlite-checkpoint/checkpoint-worker.js';

describe('the checkpoint worker', () => {
  let dir: string;
  let file: string;
  let writer: BetterSqlite3.Database;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wg-checkpoint-'));
    file = join(dir, 'db.sqlite');
    writer = new BetterSqlite3(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('create table items (id integer primary key, label text not null)');
  });
  after(() => {
    writer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every frame of the log into the database file, on a connection of its own', async () => {
    const insert = writer.prepare('insert into items (label) values (?)');
    for (let i = 0; i < 500; i++) insert.run(`row-${i}`.repeat(20));
    const worker = new CheckpointWorker(file, { intervalMs: 0, restartFrames: 1_000_000, onBroken: (e) => assert.fail(e) });
    try {
      const result = await worker.checkpoint();
      assert.ok(result.log > 100, `the log held ${result.log} frames`);
      assert.equal(result.checkpointed, result.log, 'every frame is in the database file');
      assert.equal(worker.stats.checkpoints, 1);
      // the writer restarts the log from its start: the next commit leaves only its own frames
      insert.run('after');
      const [status] = writer.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
      assert.ok(status!.log < 10, `the log restarted (${status!.log} frames)`);
    } finally {
      await worker.close();
    }
  });

  it('request() runs one checkpoint soon after commits, never two at once', async () => {
    const worker = new CheckpointWorker(file, { intervalMs: 0, restartFrames: 1_000_000, onBroken: (e) => assert.fail(e) });
    try {
      writer.prepare('insert into items (label) values (?)').run('requested');
      worker.request();
      worker.request();
      const result = await worker.checkpoint(); // joins the one running
      assert.equal(result.checkpointed, result.log);
      assert.equal(worker.stats.checkpoints, 1, 'the second request joined the first');
    } finally {
      await worker.close();
    }
  });

  it('restartDue: nothing below restartFrames; above, a checkpoint of the whole log to wait for, after which the log starts over', async () => {
    const insert = writer.prepare('insert into items (label) values (?)');
    const frames = (): number => (writer.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log;
    const worker = new CheckpointWorker(file, { intervalMs: 0, restartFrames: 100, onBroken: (e) => assert.fail(e) });
    try {
      insert.run('small');
      await worker.checkpoint();
      assert.equal(worker.restartDue(), undefined, 'a short log is left alone');
      for (let i = 0; i < 400; i++) insert.run(`long-${i}`.repeat(40));
      const copied = await worker.checkpoint();
      assert.ok(copied.log >= 100, `the log grew to ${copied.log} frames`);
      // written after that checkpoint began: as under load, the log is not all copied now
      for (let i = 0; i < 50; i++) insert.run(`later-${i}`.repeat(40));
      const hold = worker.restartDue();
      assert.ok(hold, 'a long log asks the writer to wait');
      await hold;
      assert.equal(worker.stats.restarts, 1);
      assert.ok(worker.stats.restartWaitMs > 0, 'the wait is timed');
      insert.run('after the restart');
      assert.ok(frames() < 10, `the next write started the log over (${frames()} frames)`);
      assert.equal(worker.restartDue(), undefined, 'asked once per long log');
    } finally {
      await worker.close();
    }
  });

  it('restartDue: one hold per long log, even when the writes went on while it grew (no second hold for the log it copied)', async () => {
    const insert = writer.prepare('insert into items (label) values (?)');
    const worker = new CheckpointWorker(file, { intervalMs: 0, restartFrames: 100, onBroken: (e) => assert.fail(e) });
    try {
      // a log the worker has seen grow past restartFrames without copying all of it, as under a steady load
      for (let i = 0; i < 200; i++) insert.run(`steady-${i}`.repeat(40));
      const seen = worker.checkpoint();
      for (let i = 0; i < 200; i++) insert.run(`meanwhile-${i}`.repeat(40));
      const grown = await seen;
      assert.ok(grown.log >= 100, `the log grew to ${grown.log} frames`);
      const hold = worker.restartDue();
      assert.ok(hold, 'a long log asks the writer to wait');
      await hold;
      assert.equal(worker.restartDue(), undefined, 'the batch after the one that waited does not wait again');
      assert.equal(worker.stats.restarts, 1);
      insert.run('after the restart');
      const after = await worker.checkpoint();
      assert.ok(after.log < 10, `the next write started the log over (${after.log} frames)`);
      assert.equal(worker.restartDue(), undefined, 'nor once the next checkpoint has read the short log');
    } finally {
      await worker.close();
    }
  });

  it('a worker that cannot open the database says so, for the writer to checkpoint itself again', async () => {
    const broken = await new Promise<Error>((resolve) => {
      const worker = new CheckpointWorker(join(dir, 'missing-folder', 'db.sqlite'), {
        intervalMs: 0,
        restartFrames: 1_000_000,
        onBroken: resolve,
      });
      void worker.checkpoint().catch(() => undefined);
    });
    assert.match(broken.message, /unable to open|directory|exited/i);
  });

  it("checkpointInstead switches the connection's automatic checkpoint off, and back on when its worker cannot run", async () => {
    const other = new BetterSqlite3(join(dir, 'other.sqlite'));
    try {
      other.pragma('journal_mode = WAL');
      const autoCheckpoint = (): unknown => other.pragma('wal_autocheckpoint', { simple: true });
      const working = checkpointInstead(other, join(dir, 'other.sqlite'), { intervalMs: 0 });
      assert.equal(autoCheckpoint(), 0);
      await working.checkpoint();
      await working.close();
      assert.equal(autoCheckpoint(), 0, 'a worker closed on purpose is not a broken one');
      // a worker that dies: the path is a folder that does not exist, so its connection cannot open
      const failing = checkpointInstead(other, join(dir, 'missing-folder', 'other.sqlite'), { intervalMs: 0 });
      assert.equal(autoCheckpoint(), 0);
      await assert.rejects(failing.checkpoint());
      assert.equal(autoCheckpoint(), 1000, "SQLite's own default again: the log never grows without bound");
    } finally {
      other.close();
    }
  });
});
