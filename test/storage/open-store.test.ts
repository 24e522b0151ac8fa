import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/storage/open-store.js';
import { testPgUrl } from '../helpers/stores.js';

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
