/**
 * walletgate's PostgreSQL driver (src/storage/postgres/postgres-driver.ts) on a real schema: hot
 * queries run as named statements; a transaction's BEGIN goes with its first named statement and
 * still makes it one transaction (rolled back, nothing stays); a BEGIN that fails leaves the
 * statement unrun (begin-with-statement.ts); a prepared `select *` whose table changed under it is
 * run again outside a transaction and fails only the transaction inside one; rows are described
 * once per connection and read the same way after (named-statement-query.ts); writes nobody reads
 * the answer of go with the transaction's next statement or its COMMIT, in order, and a failed one
 * fails the transaction (ADR 0036).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { NamedStatementQuery, type RowShape } from '../../src/storage/postgres/named-statement-query.js';
import { dropPgSchema, openTestStore, testPgUrl, type TestStore } from '../helpers/stores.js';
import { addMerchant, newNotification, newOperation, newPayment } from './sample-records.js';

/** Every statement name a pg client of this process prepared, and the texts it sent. */
const prepared = new Set<string>();
const sent: string[] = [];
const query = pg.Client.prototype.query;
before(() => {
  pg.Client.prototype.query = function (this: pg.Client, config: unknown, ...rest: unknown[]) {
    const c = config as { name?: string; text?: string } | string;
    if (typeof c === 'object' && c?.name) prepared.add(c.name);
    sent.push(typeof c === 'string' ? c : (c?.text ?? ''));
    return (query as (...a: unknown[]) => unknown).call(this, config, ...rest);
  } as typeof query;
});
after(() => {
  pg.Client.prototype.query = query;
});

/** A PostgreSQL test store of the calling describe's own, with a merchant: opened before its tests, removed after. */
function storeWithMerchant(): { t: TestStore; merchantId: string } {
  const own = {} as { t: TestStore; merchantId: string };
  before(async () => {
    own.t = await openTestStore('postgres');
    own.merchantId = await addMerchant(own.t.store);
  });
  after(() => own.t.cleanup());
  return own;
}

describe('PostgreSQL driver', () => {
  const own = storeWithMerchant();

  it('runs the precompiled queries as named statements, built ones unnamed, the same rows every time', async () => {
    prepared.clear();
    const p = await own.t.store.payments.insert(newPayment(own.merchantId, { amount: 12_345, customer: { email: 'a@example.com' } }));
    for (let i = 0; i < 8; i++) assert.deepEqual(await own.t.store.payments.getById(p.id), p);
    assert.deepEqual(await own.t.store.payments.getByUniqueReference(own.merchantId, p.uniqueReference!), p);
    assert.ok(
      [...prepared].some((n) => /^walletgate_[0-9a-f]{32}$/.test(n)),
      [...prepared].join(),
    );
    const before = prepared.size;
    await own.t.store.payments.getByUniqueReference(own.merchantId, p.uniqueReference!);
    assert.equal(prepared.size, before);
  });

  it('sends BEGIN with the first named statement, in one transaction that a throw rolls back', async () => {
    sent.length = 0;
    const reference = `rolled-back-${randomBytes(4).toString('hex')}`;
    let seenInside: boolean | undefined;
    await assert.rejects(
      own.t.store.transaction(async (tx) => {
        await tx.payments.insert(newPayment(own.merchantId, { reference, uniqueReference: reference }));
        // another connection does not see it yet: it is not committed on its own
        seenInside = (await own.t.store.payments.getByUniqueReference(own.merchantId, reference)) !== undefined;
        throw new Error('undo');
      }),
      /undo/,
    );
    assert.equal(seenInside, false);
    assert.equal(await own.t.store.payments.getByUniqueReference(own.merchantId, reference), undefined);
    assert.ok(!sent.some((s) => /^(begin|start transaction)/.test(s)), 'no BEGIN of its own: ' + sent.join(' | '));
  });

  it('commits what the transaction wrote, and a transaction without statements sends nothing', async () => {
    const p = await own.t.store.transaction(async (tx) => {
      const inserted = await tx.payments.insert(newPayment(own.merchantId));
      await tx.payments.update(inserted.id, { status: 'processing' });
      return inserted;
    });
    assert.equal((await own.t.store.payments.getById(p.id))?.status, 'processing');
    sent.length = 0;
    assert.equal(await own.t.store.transaction(async () => 7), 7);
    assert.deepEqual(sent, []);
  });

  it('a prepared select * whose table changed: run again outside a transaction, a failed transaction inside one', async () => {
    const p = await own.t.store.payments.insert(newPayment(own.merchantId));
    const other = new pg.Client({ connectionString: testPgUrl, options: `-c search_path=${own.t.location}` });
    await other.connect();
    try {
      // prepared on every pooled connection, then the table gains a column
      await Promise.all(Array.from({ length: 5 }, () => own.t.store.payments.getById(p.id)));
      await other.query('alter table payments add column driver_test_column integer');
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => own.t.store.transaction((tx) => tx.payments.getByIdForUpdate(p.id))),
      );
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { code?: string }).code, '0A000');
      for (let i = 0; i < 5; i++) assert.equal((await own.t.store.payments.getById(p.id))?.id, p.id);
      assert.equal((await own.t.store.transaction((tx) => tx.payments.getByIdForUpdate(p.id)))?.id, p.id);
    } finally {
      await other.query('alter table payments drop column if exists driver_test_column');
      await other.end();
    }
  });
});

describe('writes sent ahead', () => {
  const own = storeWithMerchant();

  /** One client.query a round trip: what each sent (the text of its last statement). */
  const roundTrips = async <T>(fn: () => Promise<T>): Promise<{ result: T; trips: string[] }> => {
    sent.length = 0;
    const result = await fn();
    return { result, trips: [...sent] };
  };

  it('a create: each transaction two round trips, its statement and then the writes with the COMMIT, all kept', async () => {
    const { result: p, trips } = await roundTrips(() =>
      own.t.store.transaction(async (tx) => {
        const inserted = await tx.payments.insert(newPayment(own.merchantId));
        await tx.operations.add(newOperation(own.merchantId, inserted.id, { message: 'created' }));
        await tx.outbox.add(newNotification(own.merchantId, { resourceId: inserted.id }));
        return inserted;
      }),
    );
    // BEGIN with the insert; the two writes with the COMMIT
    assert.equal(trips.length, 2, trips.join(' | '));
    assert.match(trips[0]!, /^insert into "payments"/);
    assert.equal(trips[1], 'commit');
    const ops = await own.t.store.operations.listByPayment(own.merchantId, p.id);
    assert.deepEqual(
      ops.map((o) => [o.paymentId, o.message]),
      [[p.id, 'created']],
    );
    const notes = await own.t.store.outbox.list({ merchantId: own.merchantId, resources: [{ type: 'payment', id: p.id }] });
    assert.equal(notes.length, 1);

    // the create's second transaction: the locked read, then its update and line with the COMMIT
    const second = await roundTrips(() =>
      own.t.store.transaction(async (tx) => {
        const held = await tx.payments.getByIdForUpdate(p.id);
        const updated = await tx.payments.update(held!.id, { status: 'pending_customer', connectorState: { ref: 'T1' } });
        await tx.operations.add(newOperation(own.merchantId, p.id, { message: 'wallet answered' }));
        return updated;
      }),
    );
    assert.equal(second.trips.length, 2, second.trips.join(' | '));
    assert.match(second.trips[0]!, /^select .* for update$/);
    assert.equal(second.trips[1], 'commit');
    assert.deepEqual(await own.t.store.payments.getById(p.id), second.result);
    assert.equal(second.result.status, 'pending_customer');
    assert.equal((await own.t.store.operations.listByPayment(own.merchantId, p.id)).length, 2);
  });

  it('a transaction of writes sent ahead only: BEGIN, the writes and COMMIT in one round trip', async () => {
    const p = await own.t.store.payments.insert(newPayment(own.merchantId));
    const { trips } = await roundTrips(() =>
      own.t.store.transaction(async (tx) => {
        await tx.operations.add(newOperation(own.merchantId, p.id, { message: 'one' }));
        await tx.operations.add(newOperation(own.merchantId, p.id, { message: 'two' }));
      }),
    );
    assert.deepEqual(trips, ['commit']);
    assert.deepEqual(
      (await own.t.store.operations.listByPayment(own.merchantId, p.id)).map((o) => o.message),
      ['one', 'two'],
    );
  });

  it('in order: a statement after a write sees it (a built query too), and a throw sends the writes never', async () => {
    const p = await own.t.store.payments.insert(newPayment(own.merchantId));
    const seen = await own.t.store.transaction(async (tx) => {
      await tx.operations.add(newOperation(own.merchantId, p.id, { message: 'first' }));
      const named = (await tx.operations.listByPayment(own.merchantId, p.id)).length;
      await tx.operations.add(newOperation(own.merchantId, p.id, { message: 'second' }));
      await tx.outbox.add(newNotification(own.merchantId, { resourceId: p.id }));
      // a built query (not precompiled) carries no writes: they go ahead of it in a batch of their own
      const built = (await tx.outbox.list({ merchantId: own.merchantId, resources: [{ type: 'payment', id: p.id }] })).length;
      return { named, built, after: (await tx.operations.listByPayment(own.merchantId, p.id)).length };
    });
    assert.deepEqual(seen, { named: 1, built: 1, after: 2 });
    const { trips } = await roundTrips(() =>
      assert.rejects(
        own.t.store.transaction(async (tx) => {
          await tx.operations.add(newOperation(own.merchantId, p.id, { message: 'never' }));
          throw new Error('undo');
        }),
        /undo/,
      ),
    );
    assert.deepEqual(trips, [], 'nothing sent: the BEGIN and the write were still waiting');
    assert.equal((await own.t.store.operations.listByPayment(own.merchantId, p.id)).length, 2);
  });

  it('a write that fails fails the transaction at its COMMIT: nothing kept, no COMMIT run, the pool still works', async () => {
    const reference = `ahead-${randomBytes(4).toString('hex')}`;
    let addReturned = false;
    const failed = await own.t.store
      .transaction(async (tx) => {
        const p = await tx.payments.insert(newPayment(own.merchantId, { reference, uniqueReference: reference }));
        // NOT NULL violated: PostgreSQL refuses it when the batch with the COMMIT runs
        await tx.operations.add(newOperation(own.merchantId, p.id, { kind: null as unknown as 'create' }));
        addReturned = true;
      })
      .then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );
    assert.equal(addReturned, true, 'the write was queued, not run');
    assert.equal(failed?.code, '23502');
    assert.equal(await own.t.store.payments.getByUniqueReference(own.merchantId, reference), undefined);
    // every pooled connection runs the same statements again, prepared or not
    const again = await Promise.all(
      Array.from({ length: 12 }, () =>
        own.t.store.transaction(async (tx) => {
          const p = await tx.payments.insert(newPayment(own.merchantId));
          await tx.operations.add(newOperation(own.merchantId, p.id));
          return p.id;
        }),
      ),
    );
    for (const id of again) assert.equal((await own.t.store.operations.listByPayment(own.merchantId, id)).length, 1);
  });

  it('outside a transaction a write runs at once', async () => {
    const p = await own.t.store.payments.insert(newPayment(own.merchantId));
    await own.t.store.operations.add(newOperation(own.merchantId, p.id, { message: 'alone' }));
    assert.deepEqual(
      (await own.t.store.operations.listByPayment(own.merchantId, p.id)).map((o) => o.message),
      ['alone'],
    );
  });
});

describe('BEGIN with a statement', () => {
  const schema = `wg_test_${randomBytes(6).toString('hex')}`;
  let client: pg.Client;
  before(async () => {
    client = new pg.Client({ connectionString: testPgUrl, options: `-c search_path=${schema}` });
    await client.connect();
    await client.query(`create schema "${schema}"`);
    await client.query('create table t (x integer)');
  });
  after(async () => {
    await client.end();
    await dropPgSchema(schema);
  });
  const shapes = new Map<string, RowShape>();
  const run = (begin: string | undefined, x: number) =>
    new Promise<pg.QueryResult>((resolve, reject) => {
      void client.query(
        new NamedStatementQuery(
          { name: 'wg_test_insert', text: 'insert into t values ($1) returning x', values: [x] },
          shapes,
          { begin },
          (e, r) => (e ? reject(e) : resolve(r)),
        ),
      );
    });

  it('does not run the statement when the BEGIN fails', async () => {
    await assert.rejects(run('begin; select 1', 1), /multiple commands/);
    assert.equal((await client.query('select count(*)::int as n from t')).rows[0].n, 0);
    assert.equal(client.getTransactionStatus(), 'I');
  });

  it('runs it in the open transaction, with its rows, when the BEGIN succeeds', async () => {
    const r = await run('begin', 2);
    assert.deepEqual(r.rows, [{ x: 2 }]);
    assert.equal(r.command, 'INSERT');
    await client.query('rollback');
    assert.equal((await client.query('select count(*)::int as n from t')).rows[0].n, 0);
    await run('start transaction isolation level read committed', 3);
    await client.query('commit');
    assert.deepEqual((await client.query('select x from t')).rows, [{ x: 3 }]);
  });

  it('describes the rows once, then runs with Bind and Execute alone and the same rows', async () => {
    assert.ok(shapes.has('wg_test_insert'));
    const described: unknown[] = [];
    const connection = (client as unknown as { connection: pg.Connection }).connection;
    const describe = connection.describe.bind(connection);
    connection.describe = (msg, more) => {
      described.push(msg);
      describe(msg, more);
    };
    try {
      const r = await run(undefined, 4);
      assert.deepEqual(r.rows, [{ x: 4 }]);
      assert.deepEqual(
        r.fields.map((f) => f.name),
        ['x'],
      );
      assert.deepEqual((await run('begin', 5)).rows, [{ x: 5 }]);
      await client.query('commit');
      assert.deepEqual(described, []);
    } finally {
      connection.describe = describe;
    }
  });
});
