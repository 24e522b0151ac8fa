/**
 * DATABASE_POOL_SIZE (docs/configuration.md): the most connections a PostgreSQL store opens, handed
 * from the setting through openStore (as services.ts and the admin commands open the store) to the
 * pool. More transactions at once than the pool holds wait for a connection; none opens another.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/storage/open-store.js';
import { dropPgSchema, testPgUrl } from '../helpers/stores.js';

describe('DATABASE_POOL_SIZE on PostgreSQL', () => {
  const schema = `wg_pool_${randomBytes(6).toString('hex')}`;
  after(() => dropPgSchema(schema));

  it('bounds the connections the store opens: six transactions at once on a pool of two share two, the rest wait', async () => {
    const client = new pg.Client({ connectionString: testPgUrl });
    await client.connect();
    await client.query(`create schema "${schema}"`);
    await client.end();
    // the schema through the URL, as an operator may name one: the store's own statements find it on the search path
    const url = `${testPgUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const config = loadConfig({
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: '2',
      WALLETGATE_MASTER_KEY: 'test-master-key',
      WALLETGATE_DATA_DIR: '/tmp',
    });
    assert.equal(config.databasePoolSize, 2);
    const store = await openStore(config.databaseUrl, { poolSize: config.databasePoolSize });
    try {
      await store.migrate();
      let most = 0;
      let waited = 0;
      const sample = () => {
        const use = store.poolUse!();
        most = Math.max(most, use.open);
        waited = Math.max(waited, use.waiting);
      };
      await Promise.all(
        Array.from({ length: 6 }, () =>
          store.transaction(async (tx) => {
            assert.equal(await tx.merchants.get('no-such-merchant'), undefined);
            sample();
            // held a while, so that the others ask for a connection meanwhile
            await new Promise((resolve) => setTimeout(resolve, 30));
            sample();
          }),
        ),
      );
      assert.equal(most, 2, 'never more than the pool size open, and both used');
      assert.ok(waited >= 1, `transactions waited for a connection (at most ${waited} at once)`);
    } finally {
      await store.close();
    }
  });
});
