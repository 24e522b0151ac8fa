/**
 * Several processes starting at once on one fresh database — the documented several-gateway setup,
 * and a CLI command run while gateways start: every one of them starts, and the database ends with
 * one demo merchant holding exactly one copy of each published demo key.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DEMO_CREDENTIALS } from '../../src/dialects/index.js';
import { hashSecret } from '../../src/core/secrets.js';
import { openStore } from '../../src/storage/open-store.js';
import { storeKinds, testPgUrl, type StoreKind } from '../helpers/stores.js';
import { startReadyGoWorker } from '../helpers/ready-go-worker.js';

const WORKER = fileURLToPath(new URL('./start-up-worker.ts', import.meta.url));
const PROCESSES = ['gateway', 'gateway', 'gateway', 'cli', 'gateway'] as const;
const ROUNDS = 3;

function startWorker(mode: 'gateway' | 'cli', env: Record<string, string>) {
  const worker = startReadyGoWorker(WORKER, [mode], { ...process.env, ...env, WALLETGATE_LOG_LEVEL: 'silent', NO_COLOR: '1' });
  const done = worker.exited.then(({ code, out, err }) => {
    if (code !== 0 || !out.includes('started\n')) throw new Error(`${mode} process exited with ${String(code)}: ${err}`);
  });
  return { ready: worker.ready, go: () => worker.go(), done };
}

/** A fresh, empty database of this kind, as DATABASE_URL names it, and how to remove it. */
async function freshDatabase(kind: StoreKind, dataDir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') return { url: join(dataDir, 'walletgate.db'), drop: () => Promise.resolve() };
  const schema = `wg_start_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPgUrl });
  await admin.connect();
  try {
    await admin.query(`create schema "${schema}"`);
  } finally {
    await admin.end();
  }
  const url = `${testPgUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: testPgUrl });
      await c.connect();
      try {
        await c.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await c.end();
      }
    },
  };
}

for (const kind of storeKinds) {
  describe(`${PROCESSES.length} processes starting at once on one fresh database (${kind})`, () => {
    for (let round = 1; round <= ROUNDS; round++) {
      it(`round ${round}: every process starts, and each demo key is stored once`, async () => {
        const dataDir = await mkdtemp(join(tmpdir(), 'wg-start-race-'));
        const db = await freshDatabase(kind, dataDir);
        try {
          const env = { DATABASE_URL: db.url, WALLETGATE_DATA_DIR: dataDir, WALLETGATE_MASTER_KEY: 'start-up race master key' };
          const workers = PROCESSES.map((mode) => startWorker(mode, env));
          await Promise.all(workers.map((w) => w.ready));
          for (const w of workers) w.go();
          const outcomes = await Promise.allSettled(workers.map((w) => w.done));
          const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String(o.reason));
          assert.deepEqual(failures, [], 'every process started');

          const store = await openStore(db.url);
          try {
            assert.deepEqual(
              (await store.merchants.list()).map((m) => m.id),
              ['demo'],
            );
            const stored = await store.credentials.listByMerchant('demo');
            assert.equal(stored.length, DEMO_CREDENTIALS.length, 'one row per demo key, no copies');
            for (const demo of DEMO_CREDENTIALS) {
              const copies = stored.filter(
                (c) =>
                  c.dialect === demo.dialect && c.kind === demo.kind && c.keyId === demo.keyId && c.secretHash === hashSecret(demo.secret),
              );
              assert.equal(copies.length, 1, `${demo.dialect} ${demo.label}`);
            }
          } finally {
            await store.close();
          }
        } finally {
          await db.drop();
          await rm(dataDir, { recursive: true, force: true });
        }
      });
    }
  });
}
