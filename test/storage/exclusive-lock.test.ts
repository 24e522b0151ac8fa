/**
 * Store.exclusively, the start-up lock: what runs inside commits or rolls back as the port says, and
 * on PostgreSQL a second store's section waits for the first (across processes on SQLite:
 * start-up-race.test.ts).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Store } from '../../src/core/ports/store.js';
import { openTestStore, storeKinds, testPgUrl, type TestStore } from '../helpers/stores.js';

for (const kind of storeKinds) {
  describe(`Store.exclusively (${kind})`, () => {
    let t: TestStore;
    let store: Store;
    before(async () => {
      t = await openTestStore(kind);
      store = t.store;
    });
    after(() => t.cleanup());

    it("commits fn's writes, its transactions' too; a failed inner transaction is undone alone", async () => {
      await store.exclusively('test', async (s) => {
        await s.merchants.insert({ id: 'x-outer', name: 'outer', notifyUrl: null });
        await s.transaction((tx) => tx.merchants.insert({ id: 'x-inner', name: 'inner', notifyUrl: null }));
        await assert.rejects(
          s.transaction(async (tx) => {
            await tx.merchants.insert({ id: 'x-undone', name: 'undone', notifyUrl: null });
            throw new Error('inner fails');
          }),
          /inner fails/,
        );
        assert.equal(await s.merchants.get('x-undone'), undefined);
      });
      assert.ok(await store.merchants.get('x-outer'));
      assert.ok(await store.merchants.get('x-inner'));
      assert.equal(await store.merchants.get('x-undone'), undefined);
    });

    it('passes on what fn throws, and the lock is free again', async () => {
      await assert.rejects(
        store.exclusively('test', async (s) => {
          await s.merchants.insert({ id: 'x-thrown', name: 'thrown', notifyUrl: null });
          throw new Error('fn fails');
        }),
        /fn fails/,
      );
      // SQLite: fn ran in the lock's transaction, so nothing of it stays
      if (kind === 'sqlite') assert.equal(await store.merchants.get('x-thrown'), undefined);
      assert.equal(await store.exclusively('test', () => Promise.resolve('again')), 'again');
    });

    if (kind === 'postgres') {
      // (without the lock, the wait below never ends: the timeout fails the test)
      it("a second store's section waits until the first has ended", { timeout: 60_000 }, async () => {
        const second = await t.openAnother();
        const order: string[] = [];
        let release: () => void = () => {};
        const gate = new Promise<void>((resolve) => (release = resolve));
        let entered: () => void = () => {};
        const firstIn = new Promise<void>((resolve) => (entered = resolve));
        const first = store.exclusively('start-up', async () => {
          order.push('first in');
          entered();
          await gate;
          order.push('first out');
        });
        await firstIn;
        const secondDone = second.exclusively('start-up', () => {
          order.push('second in');
          return Promise.resolve();
        });
        await waitForAdvisoryLockWaiter(t.location);
        assert.deepEqual(order, ['first in'], 'the second section has not started');
        release();
        await Promise.all([first, secondDone]);
        assert.deepEqual(order, ['first in', 'first out', 'second in']);
      });

      it('another schema (another walletgate database) has a lock of its own', async () => {
        const other = await openTestStore('postgres');
        try {
          let release: () => void = () => {};
          const gate = new Promise<void>((resolve) => (release = resolve));
          let entered: () => void = () => {};
          const firstIn = new Promise<void>((resolve) => (entered = resolve));
          const held = store.exclusively('start-up', async () => {
            entered();
            await gate;
          });
          await firstIn;
          assert.equal(await other.store.exclusively('start-up', () => Promise.resolve('not blocked')), 'not blocked');
          release();
          await held;
        } finally {
          await other.cleanup();
        }
      });
    }
  });
}

/**
 * Resolves once a session waits for this schema's start-up lock (two-key advisory lock: walletgate's
 * space, hashtext of "start-up in {schema}"). Polled: PostgreSQL sends no event for it.
 */
async function waitForAdvisoryLockWaiter(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPgUrl });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        `select count(*) as n from pg_locks
          where locktype = 'advisory' and not granted and objsubid = 2 and classid::bigint = $1
            and objid::bigint = (hashtext($2)::bigint & 4294967295)`,
        [0x77676174, `start-up in ${schema}`],
      );
      if (Number(rows[0]!.n) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}
