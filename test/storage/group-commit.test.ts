/**
 * SQLite group commit (src/storage/sqlite/group-commit-driver.ts, ADR 0013): transactions that are
 * ready together share one durable COMMIT; none is answered before its COMMIT; a transaction that
 * throws is undone alone; a read outside a transaction never sees what is not committed; another
 * connection's write lock is waited for without blocking the event loop.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { GroupCommitDriver, groupCommitDialect, type SqliteHandle } from '../../src/storage/sqlite/group-commit-driver.js';
import { DURABLE_WITH_NEXT_COMMIT } from '../../src/storage/run-transaction.js';

interface Db {
  items: { id: Generated<number>; label: string };
}

function handle(file: string, readOnly = false): SqliteHandle & { raw: BetterSqlite3.Database } {
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma(`busy_timeout = ${readOnly ? 5000 : 0}`);
  if (readOnly) raw.pragma('query_only = ON');
  return { raw, prepare: (s) => raw.prepare(s), exec: (s) => void raw.exec(s), close: () => void raw.close() };
}

/** A new SQLite file in WAL mode with the items table, in a folder of its own. */
function newItemsFile(prefix: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'db.sqlite');
  const setup = new BetterSqlite3(file);
  setup.pragma('journal_mode = WAL');
  setup.exec('create table items (id integer primary key, label text not null unique)');
  setup.close();
  return { dir, file };
}

describe('SQLite group commit', () => {
  let dir: string;
  let file: string;
  let driver: GroupCommitDriver;
  let db: Kysely<Db>;
  /** a connection of another "process": sees only what is committed */
  let outside: BetterSqlite3.Database;
  const committed = (label: string) => outside.prepare('select count(*) as n from items where label = ?').get(label) as { n: number };

  before(() => {
    ({ dir, file } = newItemsFile('wg-group-commit-'));
    driver = new GroupCommitDriver(handle(file), handle(file, true));
    db = new Kysely<Db>({ dialect: groupCommitDialect(driver) });
    outside = new BetterSqlite3(file);
  });
  after(async () => {
    outside?.close();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('60 transactions ready at once share a few COMMITs, and each is answered only once its row is committed', async () => {
    const before = { ...driver.stats };
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        db
          .transaction()
          .execute(async (tx) => {
            await tx
              .insertInto('items')
              .values({ label: `batch-${i}` })
              .execute();
            return `batch-${i}`;
          })
          .then((label) => ({ label, seenByAnother: committed(label).n })),
      ),
    );
    assert.ok(
      results.every((r) => r.seenByAnother === 1),
      'every answer came after its row was committed',
    );
    const commits = driver.stats.commits - before.commits;
    assert.equal(driver.stats.transactions - before.transactions, 60);
    assert.ok(commits >= 1 && commits < 10, `60 transactions in ${commits} COMMITs`);
  });

  it('a transaction that throws is undone alone; the others in its batch are kept', async () => {
    const outcomes = await Promise.allSettled(
      ['kept-1', 'dup', 'kept-2'].map((label, i) =>
        db.transaction().execute(async (tx) => {
          await tx.insertInto('items').values({ label }).execute();
          if (i === 1) await tx.insertInto('items').values({ label: 'dup' }).execute(); // unique violation
        }),
      ),
    );
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual([committed('kept-1').n, committed('dup').n, committed('kept-2').n], [1, 0, 1]);
  });

  it('a write outside a transaction is durable when it returns; a read outside one sees committed rows only', async () => {
    await db.insertInto('items').values({ label: 'alone' }).execute();
    assert.equal(committed('alone').n, 1);
    // a transaction that has written but not committed yet (it waits on something of its own)
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let written!: () => void;
    const wrote = new Promise<void>((r) => (written = r));
    const pending = db.transaction().execute(async (tx) => {
      await tx.insertInto('items').values({ label: 'not-yet' }).execute();
      written();
      await held;
    });
    await wrote;
    const seen = await db.selectFrom('items').select('label').where('label', '=', 'not-yet').execute();
    assert.deepEqual(seen, [], 'not committed: not seen outside the transaction');
    release();
    await pending;
    assert.deepEqual(await db.selectFrom('items').select('label').where('label', '=', 'not-yet').execute(), [{ label: 'not-yet' }]);
  });

  it("another connection's write lock is waited for without blocking the event loop", async () => {
    const other = new BetterSqlite3(file);
    other.exec('begin immediate');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const waiting = db.insertInto('items').values({ label: 'after-lock' }).execute();
    await new Promise((r) => setTimeout(r, 60));
    assert.ok(ticks >= 3, `the event loop ran (${ticks} ticks) while the write lock was held elsewhere`);
    assert.equal(committed('after-lock').n, 0);
    other.exec('commit');
    other.close();
    await waiting;
    clearInterval(timer);
    assert.equal(committed('after-lock').n, 1);
  });

  it('pause commits what is pending and holds writers back while a connection of its own works', async () => {
    let inside = false;
    const writes: boolean[] = [];
    const paused = driver.pause(async () => {
      inside = true;
      const own = new BetterSqlite3(file);
      own.exec("insert into items (label) values ('aside')");
      own.close();
      await new Promise((r) => setTimeout(r, 20));
      inside = false;
    });
    const write = db
      .insertInto('items')
      .values({ label: 'during-pause' })
      .execute()
      .then(() => writes.push(inside));
    await Promise.all([paused, write]);
    assert.deepEqual(writes, [false], 'the write waited for the pause to end');
    assert.equal(
      (await sql<{ n: number }>`select count(*) as n from items where label in ('aside', 'during-pause')`.execute(db)).rows[0]!.n,
      2,
    );
  });
});

/**
 * The transaction that opens a batch takes no savepoint (the batch holds nothing else): kept, it
 * commits with the rest; thrown, the batch ends with it, undone, and the file's write lock goes back.
 * The statements the writer runs are counted through its handle.
 */
describe('SQLite group commit: the transaction that opens a batch', () => {
  let dir: string;
  let file: string;
  let db: Kysely<Db>;
  let outside: BetterSqlite3.Database;
  const ran: string[] = [];
  const committed = (label: string) => (outside.prepare('select count(*) as n from items where label = ?').get(label) as { n: number }).n;
  const control = () =>
    ran.filter((q) => /^(begin|savepoint|release|rollback|commit)\b/i.test(q)).map((q) => q.split(' ')[0]!.toUpperCase());

  before(() => {
    ({ dir, file } = newItemsFile('wg-group-commit-opener-'));
    const writer = handle(file);
    const prepare = writer.prepare;
    db = new Kysely<Db>({
      dialect: groupCommitDialect(
        new GroupCommitDriver(
          {
            ...writer,
            prepare: (q) => {
              ran.push(q);
              return prepare(q);
            },
          },
          handle(file, true),
        ),
      ),
    });
    outside = new BetterSqlite3(file);
  });
  after(async () => {
    outside?.close();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('alone, it takes no savepoint: BEGIN, its statements, COMMIT', async () => {
    ran.length = 0;
    await db.transaction().execute((tx) => tx.insertInto('items').values({ label: 'opener-alone' }).execute());
    assert.deepEqual(control(), ['BEGIN', 'COMMIT']);
    assert.equal(committed('opener-alone'), 1);
  });

  it('with others ready at once, only the ones after it take savepoints', async () => {
    ran.length = 0;
    await Promise.all(['batched-1', 'batched-2', 'batched-3'].map((label) => db.insertInto('items').values({ label }).execute()));
    assert.deepEqual(control(), ['BEGIN', 'SAVEPOINT', 'RELEASE', 'SAVEPOINT', 'RELEASE', 'COMMIT']);
    assert.deepEqual(['batched-1', 'batched-2', 'batched-3'].map(committed), [1, 1, 1]);
  });

  it('when it throws, the batch is rolled back with it, and the next transaction opens a new one', async () => {
    ran.length = 0;
    const outcomes = await Promise.allSettled([
      db.transaction().execute(async (tx) => {
        await tx.insertInto('items').values({ label: 'opener-undone' }).execute();
        await tx.insertInto('items').values({ label: 'batched-1' }).execute(); // unique violation
      }),
      db.transaction().execute((tx) => tx.insertInto('items').values({ label: 'after-the-opener' }).execute()),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['rejected', 'fulfilled'],
    );
    assert.equal(committed('opener-undone'), 0, 'what the opener wrote before it threw is undone');
    assert.equal(committed('after-the-opener'), 1);
    assert.deepEqual(control(), ['BEGIN', 'ROLLBACK', 'BEGIN', 'COMMIT']);
    // nothing is left open: another connection takes the file's write lock at once
    const other = new BetterSqlite3(file);
    other.pragma('busy_timeout = 0');
    other.exec('begin immediate');
    other.exec('rollback');
    other.close();
  });

  it('a transaction after it that throws is undone alone, and the opener is kept', async () => {
    const outcomes = await Promise.allSettled(
      ['opener-kept', 'batched-2'].map((label) =>
        db.transaction().execute(async (tx) => {
          await tx
            .insertInto('items')
            .values({ label: `${label}-x` })
            .execute();
          await tx.insertInto('items').values({ label }).execute(); // the second is a unique violation
        }),
      ),
    );
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected'],
    );
    assert.deepEqual([committed('opener-kept'), committed('opener-kept-x'), committed('batched-2-x')], [1, 1, 0]);
  });
});

/**
 * The log made to start over (SqliteHandle.beforeBatch, the checkpoint worker's restartDue): a new
 * batch waits for the promise it hands, holding every writer back, and another connection can take
 * the file's write lock meanwhile, because no batch is open.
 */
describe('SQLite group commit holding a new batch for a log restart', () => {
  let dir: string;
  let file: string;
  let db: Kysely<Db>;
  let release!: () => void;
  let holds = 0;

  before(() => {
    ({ dir, file } = newItemsFile('wg-group-commit-restart-'));
    const writer = handle(file);
    const beforeBatch = (): Promise<void> | undefined => {
      if (holds++ > 0) return undefined; // the first batch only
      return new Promise<void>((resolve) => (release = resolve));
    };
    db = new Kysely<Db>({ dialect: groupCommitDialect(new GroupCommitDriver({ ...writer, beforeBatch }, handle(file, true))) });
  });
  after(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('no batch opens until the hold is over; then the held transactions commit', async () => {
    const done: string[] = [];
    const writes = ['held-1', 'held-2'].map((label) =>
      db
        .insertInto('items')
        .values({ label })
        .execute()
        .then(() => done.push(label)),
    );
    while (holds === 0) await new Promise((r) => setImmediate(r));
    // held: no batch holds the file's write lock, so another connection can take it
    const other = new BetterSqlite3(file);
    other.pragma('busy_timeout = 0');
    other.exec('begin immediate');
    other.exec('rollback');
    other.close();
    assert.deepEqual(done, [], 'nothing committed while held');
    release();
    await Promise.all(writes);
    assert.deepEqual(done.sort(), ['held-1', 'held-2']);
  });
});

/**
 * The writer whose COMMIT does not sync (synchronous=NORMAL) and whose log is synced off the event
 * loop (SqliteHandle.syncLog): no answer before its sync, reads wait for it, a failed sync is final.
 * The sync here is a gate the test opens, standing in for a slow disk.
 */
describe('SQLite group commit with the log synced off the event loop', () => {
  let dir: string;
  let file: string;
  let driver: GroupCommitDriver;
  let db: Kysely<Db>;
  /** syncs asked for and not yet let through */
  const gates: Array<{ open: () => void; fail: (e: Error) => void }> = [];
  let asked!: () => void;
  let syncAsked = new Promise<void>((r) => (asked = r));
  const nextSyncAsked = async (): Promise<void> => {
    await syncAsked;
    syncAsked = new Promise<void>((r) => (asked = r));
  };

  before(() => {
    ({ dir, file } = newItemsFile('wg-group-commit-sync-'));
    const writer = handle(file);
    writer.raw.pragma('synchronous = NORMAL');
    const syncLog = (): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        gates.push({ open: resolve, fail: reject });
        asked();
      });
    driver = new GroupCommitDriver({ ...writer, syncLog }, handle(file, true));
    db = new Kysely<Db>({ dialect: groupCommitDialect(driver) });
  });
  after(async () => {
    for (const g of gates.splice(0)) g.open();
    await db?.destroy().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a committed transaction is answered only after the log sync that follows its COMMIT; the transactions ready while another sync ran commit once as it ends, and one sync covers them', async () => {
    const answered: string[] = [];
    const first = db
      .insertInto('items')
      .values({ label: 'sync-1' })
      .execute()
      .then(() => answered.push('sync-1'));
    await nextSyncAsked();
    // committed, not yet durable: not answered
    assert.equal(answered.length, 0);
    const commitsBefore = driver.stats.commits;
    const transactionsBefore = driver.stats.transactions;
    // two more while the first sync runs: committed now, they would wait for a sync that starts after it anyway
    const more = ['sync-2', 'sync-3'].map((label) =>
      db
        .insertInto('items')
        .values({ label })
        .execute()
        .then(() => answered.push(label)),
    );
    // both have run and joined a batch, which waits for the sync under way
    const outside = new BetterSqlite3(file, { readonly: true });
    try {
      for (let turn = 0; turn < 20; turn++) await new Promise((r) => setImmediate(r));
      assert.equal(driver.stats.commits, commitsBefore, 'held back while the sync runs');
      assert.deepEqual(outside.prepare("select label from items where label in ('sync-2', 'sync-3')").all(), [], 'not committed yet');
    } finally {
      outside.close();
    }
    assert.equal(gates.length, 1, 'no second sync while one runs');
    gates.shift()!.open();
    await first;
    assert.deepEqual(answered, ['sync-1']);
    // the sync's end committed them, in one COMMIT, and started the sync that covers it
    await nextSyncAsked();
    assert.equal(driver.stats.commits, commitsBefore + 1, 'one COMMIT for both');
    assert.equal(driver.stats.transactions, transactionsBefore + 2);
    gates.shift()!.open();
    await Promise.all(more);
    assert.deepEqual(answered.sort(), ['sync-1', 'sync-2', 'sync-3']);
  });

  it('a batch held for a sync commits at once when a transaction durable with the next commit joins it (ADR 0032)', async () => {
    const first = db.insertInto('items').values({ label: 'held-1' }).execute();
    await nextSyncAsked();
    const commitsBefore = driver.stats.commits;
    const held = db.insertInto('items').values({ label: 'held-2' }).execute();
    for (let turn = 0; turn < 20; turn++) await new Promise((r) => setImmediate(r));
    assert.equal(driver.stats.commits, commitsBefore, 'a durable transaction waits for the sync under way');
    // answered when its COMMIT returns, though the sync under way has not ended
    await db.transaction().execute(async (tx) => {
      await tx.executeQuery(DURABLE_WITH_NEXT_COMMIT);
      await tx.insertInto('items').values({ label: 'joins-and-commits' }).execute();
    });
    assert.equal(driver.stats.commits, commitsBefore + 1, 'the held batch was committed with it');
    assert.equal(gates.length, 1, 'still the first sync only');
    gates.shift()!.open();
    await first;
    await nextSyncAsked();
    gates.shift()!.open();
    await held;
  });

  it('a read outside a transaction waits until what is committed is durable', async () => {
    const write = db.insertInto('items').values({ label: 'read-after' }).execute();
    await nextSyncAsked();
    let readDone = false;
    const read = db
      .selectFrom('items')
      .select('label')
      .where('label', '=', 'read-after')
      .execute()
      .then((rows) => {
        readDone = true;
        return rows;
      });
    await new Promise((r) => setImmediate(r));
    assert.equal(readDone, false, 'the read waits for the sync');
    gates.shift()!.open();
    await write;
    assert.deepEqual(await read, [{ label: 'read-after' }]);
  });

  it('a transaction that is durable with the next commit is answered when its COMMIT returns, asks for no sync, and the next sync covers it', async () => {
    const syncsBefore = driver.stats.syncs;
    const deferred = db.transaction().execute(async (tx) => {
      await tx.executeQuery(DURABLE_WITH_NEXT_COMMIT);
      await tx.insertInto('items').values({ label: 'before-the-call' }).execute();
      return 'answered' as const;
    });
    // answered with no sync asked for or let through (a sync asked for first would be the old way)
    assert.equal(await Promise.race([deferred, nextSyncAsked().then(() => 'a sync was asked for first' as const)]), 'answered');
    assert.equal(gates.length, 0, 'no sync was asked for');
    assert.equal(driver.stats.syncs, syncsBefore);
    const outside = new BetterSqlite3(file, { readonly: true });
    try {
      assert.deepEqual(outside.prepare("select label from items where label = 'before-the-call'").all(), [{ label: 'before-the-call' }]);
    } finally {
      outside.close();
    }
    // a read outside a transaction still waits until it is durable
    let readDone = false;
    const read = db
      .selectFrom('items')
      .select('label')
      .where('label', '=', 'before-the-call')
      .execute()
      .then((rows) => {
        readDone = true;
        return rows;
      });
    await nextSyncAsked();
    assert.equal(readDone, false, 'the read waits for the sync');
    gates.shift()!.open();
    assert.deepEqual(await read, [{ label: 'before-the-call' }]);
    // the next durable transaction waits for a sync of its own, which covers everything before it
    let answered = false;
    const after = db
      .insertInto('items')
      .values({ label: 'after-the-call' })
      .execute()
      .then(() => (answered = true));
    await nextSyncAsked();
    assert.equal(answered, false, 'a durable transaction waits for its sync');
    gates.shift()!.open();
    await after;
    assert.equal(driver.stats.syncs, syncsBefore + 2);
  });

  it('the word is for one transaction only: the next one on the writer waits for its sync again', async () => {
    await db.transaction().execute(async (tx) => {
      await tx.executeQuery(DURABLE_WITH_NEXT_COMMIT);
      await tx.insertInto('items').values({ label: 'deferred-once' }).execute();
    });
    let answered = false;
    const next = db
      .transaction()
      .execute((tx) => tx.insertInto('items').values({ label: 'durable-again' }).execute())
      .then(() => (answered = true));
    await nextSyncAsked();
    assert.equal(answered, false);
    gates.shift()!.open();
    await next;
  });

  it('afterNextSync waits for a sync that starts after it, not one under way, and starts one itself when none comes (ADR 0041)', async () => {
    const durable = db.insertInto('items').values({ label: 'under-way' }).execute();
    await nextSyncAsked();
    // committed while that sync runs: it does not cover this commit
    await db.transaction().execute(async (tx) => {
      await tx.executeQuery(DURABLE_WITH_NEXT_COMMIT);
      await tx.insertInto('items').values({ label: 'told-later' }).execute();
    });
    let told = false;
    driver.afterNextSync(() => (told = true));
    gates.shift()!.open();
    await durable;
    assert.equal(told, false, 'the sync under way started before its commit');
    // no durable commit follows: after its patience it asks for a sync of its own, and that one tells it
    await nextSyncAsked();
    assert.equal(told, false, 'told only once the sync returns');
    gates.shift()!.open();
    while (!told) await new Promise((r) => setImmediate(r));
    // with everything durable, told at once
    let now = false;
    driver.afterNextSync(() => (now = true));
    await Promise.resolve();
    assert.equal(now, true);
  });

  it('a failed sync fails every answer waiting for it, and every later one: the store must be restarted', async () => {
    await db.transaction().execute(async (tx) => {
      await tx.executeQuery(DURABLE_WITH_NEXT_COMMIT);
      await tx.insertInto('items').values({ label: 'never-told' }).execute();
    });
    let told = false;
    driver.afterNextSync(() => (told = true));
    const write = db.insertInto('items').values({ label: 'lost-sync' }).execute();
    await nextSyncAsked();
    gates.shift()!.fail(new Error('EIO: the disk failed'));
    await assert.rejects(write, /EIO/);
    assert.equal(told, false, 'a change a failed sync may have lost is never told');
    await assert.rejects(db.insertInto('items').values({ label: 'after-failure' }).execute(), /EIO/);
    assert.equal(gates.length, 0, 'no sync is tried after a failed one');
  });
});
