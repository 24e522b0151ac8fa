/**
 * /ready, on both databases: ready with the database answering, the schema current and the master
 * key opening the stored keys; not ready (503, naming what is wrong) when a migration is missing,
 * when the master key is not the one the keys were sealed with, and — with real processes — when
 * PostgreSQL goes away under a running gateway, which stays up and is ready again when it is back.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import Database from 'better-sqlite3';
import pg from 'pg';
import { readinessChecker } from '../../src/core/readiness.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { openGatewayData, type GatewayData } from '../helpers/gateway-process.js';
import { httpOnce } from '../helpers/http-once.js';
import { storeKinds, testPgUrl, type StoreKind } from '../helpers/stores.js';

interface ReadyAnswer {
  status: string;
  checks: { name: string; ok: boolean; detail: string }[];
}

async function ready(base: string): Promise<{ status: number; body: ReadyAnswer }> {
  const res = await fetch(`${base}/ready`);
  return { status: res.status, body: (await res.json()) as ReadyAnswer };
}

/** Runs one statement on the test store's data, beside the gateway's own connections. */
async function onData(kind: StoreKind, location: string, statement: string): Promise<void> {
  if (kind === 'sqlite') {
    // The gateway runs in this process: a write lock it holds is released only when its event loop
    // goes on, so this connection never waits synchronously (a busy timeout would block that very
    // loop: SQLITE_BUSY after 5 s, seen once in CI). It tries, and on SQLITE_BUSY yields a turn.
    const db = new Database(location, { fileMustExist: true, timeout: 0 });
    const giveUpAt = performance.now() + 10_000;
    try {
      const write = db.prepare(statement);
      for (;;) {
        try {
          write.run();
          return;
        } catch (e) {
          if ((e as { code?: string }).code !== 'SQLITE_BUSY' || performance.now() > giveUpAt) throw e;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: testPgUrl, options: `-c search_path=${location}` });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

for (const kind of storeKinds) {
  describe(`/ready on ${kind}`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind);
    });
    after(() => gw.close());

    it('is ready when the database answers, the schema is current and the master key opens the keys', async () => {
      const { status, body } = await ready(gw.base);
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.status, 'ready');
      assert.deepEqual(
        body.checks.map((c) => [c.name, c.ok]),
        [
          ['database', true],
          ['migrations', true],
          ['master_key', true],
        ],
      );
    });

    it('is not ready while a migration of this code is not applied, and names it', async () => {
      const location = gw.storeLocation;
      assert.deepEqual(await gw.services.store.pendingMigrations(), []);
      const newest = await lastMigration(kind, location);
      assert.ok(newest);
      await onData(kind, location, `delete from kysely_migration where name = '${newest.name}'`);
      try {
        const { status, body } = await ready(gw.base);
        assert.equal(status, 503);
        assert.equal(body.status, 'not_ready');
        const migrations = body.checks.find((c) => c.name === 'migrations')!;
        assert.equal(migrations.ok, false);
        assert.equal(migrations.detail, `1 not applied: ${newest.name}`);
      } finally {
        await onData(kind, location, `insert into kysely_migration (name, timestamp) values ('${newest.name}', '${newest.timestamp}')`);
      }
      assert.equal((await ready(gw.base)).status, 200);
    });

    it('is not ready with a master key that does not open the stored keys', async () => {
      const check = readinessChecker({ store: gw.services.store, masterKey: 'not-the-master-key' });
      const { ready: isReady, checks } = await check();
      assert.equal(isReady, false);
      const key = checks.find((c) => c.name === 'master_key')!;
      assert.equal(key.ok, false);
      assert.match(key.detail, /does not open the stored API keys/);
    });
  });
}

async function lastMigration(kind: StoreKind, location: string): Promise<{ name: string; timestamp: string } | undefined> {
  const q = 'select name, timestamp from kysely_migration order by name desc limit 1';
  if (kind === 'sqlite') {
    const db = new Database(location, { readonly: true });
    try {
      return db.prepare(q).get() as { name: string; timestamp: string } | undefined;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: testPgUrl, options: `-c search_path=${location}` });
  await client.connect();
  try {
    return (await client.query<{ name: string; timestamp: string }>(q)).rows[0];
  } finally {
    await client.end();
  }
}

/** A TCP relay to PostgreSQL on a fixed port: `cut` drops every connection and stops listening; `mend` listens again. */
async function pgRelay(): Promise<{ port: number; cut(): Promise<void>; mend(): Promise<void> }> {
  const target = Number(new URL(testPgUrl).port || 5432);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(target, '127.0.0.1');
        for (const x of [client, upstream]) {
          sockets.add(x);
          x.once('close', () => sockets.delete(x));
          x.on('error', () => x.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.once('close', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
      server = s;
    });
  const port = await listen(0);
  return {
    port,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const x of sockets) x.destroy();
        if (server) server.close(() => resolve());
        else resolve();
        server = undefined;
      }),
    mend: async () => {
      await listen(port);
    },
  };
}

describe('/ready when PostgreSQL goes away under a running gateway process', () => {
  let data: GatewayData;
  let relay: Awaited<ReturnType<typeof pgRelay>>;
  before(async () => {
    data = await openGatewayData('postgres');
    relay = await pgRelay();
  });
  after(async () => {
    await relay.cut();
    await data.cleanup();
  });

  it('answers 503 naming the database, stays up, and is ready again once the database is back', async () => {
    const pgUrl = new URL(testPgUrl);
    pgUrl.host = `127.0.0.1:${relay.port}`;
    const gw = await data.start({
      name: 'through a relay',
      env: { DATABASE_URL: `${pgUrl.toString()}?options=${encodeURIComponent(`-c search_path=${data.schema}`)}` },
    });
    assert.equal((await ready(gw.base)).status, 200);

    await relay.cut();
    const gone = await ready(gw.base).catch((e: Error) => {
      throw new Error(`${e.message}; alive: ${gw.alive()}; output: ${gw.output().slice(-1500)}`);
    });
    assert.equal(gone.status, 503, JSON.stringify(gone.body));
    const database = gone.body.checks.find((c) => c.name === 'database')!;
    assert.equal(database.ok, false);
    assert.match(database.detail, /^postgres did not answer: /);
    const health = await httpOnce(`${gw.base}/health`);
    assert.ok(health.answered && health.status >= 500, 'and /health says the database is gone too');
    assert.ok(gw.alive(), 'the process is still up');

    await relay.mend();
    const back = await ready(gw.base);
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.ok(gw.alive());
  });
});
