/**
 * A store's close() closes everything it opened, on both databases, even when no query went through
 * Kysely itself (Kysely destroys its driver only if it ran one): SQLite's precompiled queries and
 * its migrations' own connection bypass it. Left open, a closed SQLite store kept its writer and
 * reader on the file and its checkpoint thread starting up, which opened (and so created) the file
 * again while a test removed its folder (ENOTEMPTY); a closed PostgreSQL store kept its pool.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../../src/storage/postgres/open-postgres-store.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js';
import { dropPgSchema, testPgUrl } from '../helpers/stores.js';

/** The files under `prefix` this process has open now (Linux: /proc/self/fd). */
function openFilesUnder(prefix: string): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(prefix) ? [target] : [];
    } catch {
      return []; // the descriptor readdir itself used, closed since
    }
  });
}

describe('store.close()', () => {
  it('SQLite: no file of the store stays open, though only the migrations ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wg-store-close-'));
    try {
      const store = await openSqliteStore(join(dir, 'walletgate.db'));
      assert.ok(openFilesUnder(dir).length > 0, 'the writer and the reader have the file open');
      // on a connection of its own: nothing goes through Kysely's driver
      await store.migrate();
      await store.close();
      assert.deepEqual(openFilesUnder(dir), []);
      await store.close(); // a second close is harmless
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: the pool is ended, though no query went through Kysely', async () => {
    const schema = `wg_test_${randomBytes(6).toString('hex')}`;
    try {
      // opening creates the schema on a pooled connection
      const store = await openPostgresStore(testPgUrl, { schema, poolSize: 2 });
      assert.equal(store.poolUse?.().open, 1, 'the connection that created the schema is kept');
      await store.close();
      assert.equal(store.poolUse?.().open, 0);
      await store.close();
    } finally {
      await dropPgSchema(schema);
    }
  });
});
