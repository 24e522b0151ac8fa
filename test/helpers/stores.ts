/**
 * Opens a migrated, throwaway Store of either kind for tests.
 * SQLite: a real file in a fresh temp folder. PostgreSQL: WALLETGATE_TEST_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test) in a fresh random schema, dropped by cleanup().
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Store } from '../../src/core/ports/store.js';
import { openPostgresStore } from '../../src/storage/postgres/open-postgres-store.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js';

export type StoreKind = 'sqlite' | 'postgres';
export const storeKinds: readonly StoreKind[] = ['sqlite', 'postgres'];

export const testPgUrl = process.env.WALLETGATE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  store: Store;
  /** Where the data lives: the SQLite file, or the PostgreSQL schema. */
  location: string;
  /** Another Store on the same data (same file / schema), closed by cleanup(). Not migrated again. */
  openAnother(): Promise<Store>;
  cleanup(): Promise<void>;
}

async function migrateOrClose(store: Store): Promise<void> {
  try {
    await store.migrate();
  } catch (e) {
    await store.close();
    throw e;
  }
}

/** `clock`: what the store stamps rows with (StoreOptions.clock); default the system clock. */
export async function openTestStore(kind: StoreKind, opts: { clock?: () => Date } = {}): Promise<TestStore> {
  const others: Store[] = [];
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'walletgate-test-'));
    const file = join(dir, 'walletgate.db');
    const store = await openSqliteStore(file, opts);
    await migrateOrClose(store);
    return {
      store,
      location: file,
      async openAnother() {
        const s = await openSqliteStore(file);
        others.push(s);
        return s;
      },
      async cleanup() {
        await Promise.allSettled([store.close(), ...others.map((s) => s.close())]);
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  const schema = `wg_test_${randomBytes(6).toString('hex')}`;
  const store = await openPostgresStore(testPgUrl, { schema, poolSize: 5, ...opts });
  await migrateOrClose(store);
  return {
    store,
    location: schema,
    async openAnother() {
      const s = await openPostgresStore(testPgUrl, { schema, poolSize: 5 });
      others.push(s);
      return s;
    },
    async cleanup() {
      await Promise.allSettled([store.close(), ...others.map((s) => s.close())]);
      await dropPgSchema(schema);
    },
  };
}

/** Drops a throwaway PostgreSQL schema (and everything in it) in the test database. */
export async function dropPgSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPgUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Statements in one transaction on a connection of its own, outside walletgate's code: a DBA's ($1… become ? on SQLite). */
export async function byHand(t: TestStore, kind: StoreKind, ...statements: [string, unknown[]][]): Promise<void> {
  if (kind === 'sqlite') {
    const db = new BetterSqlite3(t.location);
    try {
      db.transaction(() => {
        for (const [text, params] of statements) db.prepare(text.replace(/\$\d+/g, '?')).run(...params);
      })();
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: testPgUrl, options: `-c search_path=${t.location}` });
  await client.connect();
  try {
    await client.query('begin');
    for (const [text, params] of statements) await client.query(text, params);
    await client.query('commit');
  } finally {
    await client.end();
  }
}
