/**
 * Two operators (two processes) give two merchants the same secret, or the same new key id, at the
 * same moment, on SQLite and on PostgreSQL: exactly one `walletgate merchant add-key` succeeds, the
 * other is refused in one line and a hint, and the database holds one key.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { createMerchant } from '../../src/core/merchants/manage-merchants.js';
import { hashSecret } from '../../src/core/secrets.js';
import { openStore } from '../../src/storage/open-store.js';
import { storeKinds, testPgUrl } from '../helpers/stores.js';

const run = promisify(execFile);
const bin = new URL('../../bin/walletgate.mjs', import.meta.url).pathname;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

for (const kind of storeKinds) {
  describe(`walletgate merchant add-key racing for one secret or key id (${kind})`, () => {
    let dataDir: string;
    let databaseUrl: string;
    let dropSchema: () => Promise<void> = () => Promise.resolve();

    const cli = async (args: string[]): Promise<Outcome> => {
      try {
        const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
          env: { ...process.env, WALLETGATE_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, NO_COLOR: '1', WALLETGATE_MASTER_KEY: 'race' },
        });
        return { code: 0, stdout, stderr };
      } catch (e) {
        const { code, stdout, stderr } = e as Outcome;
        return { code, stdout, stderr };
      }
    };

    /** Runs both at once; exactly one succeeds, the other is a user error matching `refusal`. */
    async function oneWins(commands: [string[], string[]], refusal: RegExp, hint: RegExp): Promise<number> {
      const outcomes = await Promise.all(commands.map(cli));
      const won = outcomes.findIndex((o) => o.code === 0);
      assert.notEqual(won, -1, outcomes.map((o) => o.stderr).join('\n'));
      const lost = outcomes[1 - won]!;
      assert.equal(lost.code, 1, lost.stderr);
      const lines = lost.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, lost.stderr);
      assert.match(lines[0]!, refusal);
      assert.match(lines[1]!, hint);
      return won;
    }

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'wg-add-key-race-'));
      if (kind === 'sqlite') {
        databaseUrl = join(dataDir, 'walletgate.db');
      } else {
        const schema = `wg_add_key_${randomBytes(6).toString('hex')}`;
        const admin = new pg.Client({ connectionString: testPgUrl });
        await admin.connect();
        await admin.query(`create schema "${schema}"`).finally(() => admin.end());
        databaseUrl = `${testPgUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
        dropSchema = async () => {
          const c = new pg.Client({ connectionString: testPgUrl });
          await c.connect();
          await c.query(`drop schema if exists "${schema}" cascade`).finally(() => c.end());
        };
      }
      const store = await openStore(databaseUrl);
      try {
        await store.migrate();
        for (const id of ['alpha', 'beta']) await createMerchant(store, { id, name: id });
      } finally {
        await store.close();
      }
    });
    after(async () => {
      await dropSchema();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('one secret for two merchants: one gets it', async () => {
      const secret = `sk_sbox_${randomBytes(16).toString('hex')}`;
      const won = await oneWins(
        [
          ['merchant', 'add-key', 'alpha', '--dialect', 'checkoutcom', '--key-id', 'pc_alpha', '--secret', secret],
          ['merchant', 'add-key', 'beta', '--dialect', 'checkoutcom', '--key-id', 'pc_beta', '--secret', secret],
        ],
        /^✘ That secret is already (key #\d+ of merchant (alpha|beta) \(checkoutcom\)|another key): one secret is one key\.$/,
        /Leave out --secret/,
      );
      const store = await openStore(databaseUrl);
      try {
        const holder = await store.credentials.findBySecretHash(hashSecret(secret));
        assert.equal(holder?.merchantId, ['alpha', 'beta'][won]);
      } finally {
        await store.close();
      }
    });

    it('one new key id for two merchants: one gets it', async () => {
      const won = await oneWins(
        [
          ['merchant', 'add-key', 'alpha', '--dialect', 'adyen', '--key-id', 'RaceAccount'],
          ['merchant', 'add-key', 'beta', '--dialect', 'adyen', '--key-id', 'RaceAccount'],
        ],
        /^✘ adyen key id RaceAccount is merchant (alpha|beta)'s: a key id belongs to one merchant\.$/,
        /--key-id/,
      );
      const store = await openStore(databaseUrl);
      try {
        const keys = await store.credentials.findByKeyId('adyen', 'RaceAccount');
        assert.deepEqual(
          keys.map((c) => c.merchantId),
          [['alpha', 'beta'][won]],
        );
      } finally {
        await store.close();
      }
    });
  });
}
