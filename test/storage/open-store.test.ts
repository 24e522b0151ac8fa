import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/storage/open-store.js';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { CurrentSchemaIntrospector } from '../../src/storage/postgres/current-schema-introspector.js';
import { openTestStore, testPgUrl } from '../helpers/stores.js';

describe('openStore', () => {
  it('opens SQLite for sqlite: URLs and plain paths, creating parent folders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'walletgate-open-'));
    try {
      for (const [url, file] of [
        [`sqlite:${join(dir, 'a', 'x.db')}`, join(dir, 'a', 'x.db')],
        [join(dir, 'b', 'c', 'y.db'), join(dir, 'b', 'c', 'y.db')],
      ] as const) {
        const store = await openStore(url);
        try {
          assert.equal(store.kind, 'sqlite');
          await store.migrate();
          await store.ping();
          assert.ok(existsSync(file));
        } finally {
          await store.close();
        }
      }
      await assert.rejects(openStore('sqlite::memory:'), /file path/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('SQLite keeps prepared statements by SQL text and stays right when more than it keeps are used', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'walletgate-stmt-'));
    const store = await openStore(join(dir, 'w.db'));
    try {
      await store.migrate();
      await store.merchants.insert({ id: 'm1', name: 'M1', notifyUrl: null });
      // 600 distinct SQL texts (an IN list of 1…600 placeholders) push the first ones out of the cache
      for (let n = 1; n <= 600; n++) {
        const { total } = await store.payments.list('m1', { statuses: Array<'created'>(n).fill('created') }, { index: 1, size: 1 });
        assert.equal(total, 0);
      }
      // evicted and cached statements alike still answer correctly, inside and outside transactions
      for (let round = 0; round < 3; round++) {
        await store.transaction((tx) => tx.merchants.update('m1', { name: `M1-${round}` }));
        assert.equal((await store.merchants.get('m1'))!.name, `M1-${round}`);
        const { total } = await store.payments.list('m1', { statuses: ['created'] }, { index: 1, size: 1 });
        assert.equal(total, 0);
      }
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("PostgreSQL migrations look only at the store's own schema (another schema being dropped meanwhile cannot fail them)", async () => {
    const other = await openTestStore('postgres');
    const mine = await openTestStore('postgres');
    try {
      const db = new Kysely<unknown>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: testPgUrl, options: `-c search_path=${mine.location}` }) }),
      });
      try {
        const tables = await new CurrentSchemaIntrospector(db).getTables();
        const names = tables.map((t) => t.name);
        assert.ok(names.includes('payments') && names.includes('kysely_migration'), names.join(','));
        assert.ok(
          tables.every((t) => t.schema === mine.location),
          'nothing from other schemas',
        );
        assert.ok((await new CurrentSchemaIntrospector(db).getSchemas()).some((s) => s.name === other.location));
      } finally {
        await db.destroy();
      }
      // and migrate() is idempotent through it
      await mine.store.migrate();
    } finally {
      await other.cleanup();
      await mine.cleanup();
    }
  });

  it('opens PostgreSQL for postgres:// and postgresql:// URLs', async () => {
    for (const url of [testPgUrl, testPgUrl.replace(/^postgres(ql)?:/, 'postgresql:')]) {
      const store = await openStore(url);
      try {
        assert.equal(store.kind, 'postgres');
        await store.ping();
      } finally {
        await store.close();
      }
    }
  });
});
