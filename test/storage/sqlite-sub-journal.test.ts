/**
 * The group-commit writer keeps SQLite's sub-journal (the pages a savepoint may have to undo) in
 * memory: a batch is one transaction of savepoints, and on disk every savepoint's pages past 64 KiB
 * went to a temporary file in /var/tmp (SQLite's "etilqs_…", unlinked when opened), a write call a
 * page (docs/benchmarks.md, 2026-12-03 (later)). The reader keeps temporary files on disk, for its
 * large sorts. Each case counts the temporary files the process holds open in the middle of a
 * savepoint that changed about 2 MB of existing pages, and a plain connection shows the count can be
 * more than zero.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { connect } from '../../src/storage/sqlite/open-sqlite-store.js';

/** SQLite temporary files this process has open (Linux: /proc/self/fd). */
function openTemporaryFiles(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).includes('etilqs_')) n++;
    } catch {
      // closed between the listing and the read
    }
  }
  return n;
}

/** Inside BEGIN IMMEDIATE and a savepoint, as the writer's batches run: rewrites every row, counts, undoes. */
function temporaryFilesDuringSavepoint(db: BetterSqlite3.Database): number {
  db.exec('begin immediate');
  try {
    db.exec('savepoint walletgate_tx');
    db.exec("update rows set body = upper(body) || 'x'");
    return openTemporaryFiles();
  } finally {
    db.exec('rollback');
  }
}

describe('the SQLite sub-journal', () => {
  let dir: string;
  let file: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wg-sub-journal-'));
    file = join(dir, 'db.sqlite');
    const setup = connect(file, 'aside');
    setup.exec('create table rows (id integer primary key, body text not null)');
    const insert = setup.prepare('insert into rows (body) values (?)');
    setup.transaction(() => {
      for (let i = 0; i < 4_000; i++) insert.run('a'.repeat(400));
    })();
    setup.close();
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a plain connection spills a large savepoint to a temporary file (what the writer no longer does)', () => {
    const plain = new BetterSqlite3(file);
    try {
      assert.ok(temporaryFilesDuringSavepoint(plain) >= 1, 'the default sub-journal should have spilled to a file');
    } finally {
      plain.close();
    }
  });

  it('the group-commit writer keeps it in memory: no temporary file', () => {
    const writer = connect(file, 'writer');
    try {
      assert.equal(writer.pragma('temp_store', { simple: true }), 2);
      assert.equal(temporaryFilesDuringSavepoint(writer), 0);
    } finally {
      writer.close();
    }
  });

  it('the reader keeps temporary files on disk, for its large sorts', () => {
    const reader = connect(file, 'reader');
    try {
      assert.equal(reader.pragma('temp_store', { simple: true }), 0);
    } finally {
      reader.close();
    }
  });
});
