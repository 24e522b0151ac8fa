import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';

const base = () => ({ WALLETGATE_DATA_DIR: mkdtempSync(join(tmpdir(), 'wg-cfg-')), WALLETGATE_MASTER_KEY: 'k' });

describe('config', () => {
  it('defaults: 127.0.0.1:8080, SQLite in the data folder, the built-in sandbox as KakaoPay', () => {
    const env = base();
    const c = loadConfig(env);
    assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(c.databaseUrl, join(env.WALLETGATE_DATA_DIR, 'walletgate.db'));
    assert.equal(c.sandbox.enabled, true);
    assert.equal(c.kakaopay.baseUrl, 'http://127.0.0.1:8080/sandbox/kakaopay');
    assert.equal(c.kakaopay.cidOneTime, 'TC0ONETIME');
  });

  it('PORT, HOST and --port overrides', () => {
    assert.equal(loadConfig({ ...base(), PORT: '9000', HOST: '127.0.0.2' }).publicUrl, 'http://127.0.0.2:9000');
    assert.equal(loadConfig({ ...base(), PORT: '9000' }, { port: 9100 }).port, 9100);
    assert.throws(() => loadConfig({ ...base(), PORT: 'eighty' }), /PORT must be a non-negative integer/);
  });

  it('a real KakaoPay switches the sandbox off unless asked; sandbox off with no KakaoPay is refused', () => {
    assert.equal(loadConfig({ ...base(), KAKAOPAY_BASE_URL: 'https://open-api.kakaopay.com' }).sandbox.enabled, false);
    assert.equal(
      loadConfig({ ...base(), KAKAOPAY_BASE_URL: 'https://open-api.kakaopay.com', WALLETGATE_SANDBOX: 'on' }).sandbox.enabled,
      true,
    );
    assert.throws(() => loadConfig({ ...base(), WALLETGATE_SANDBOX: 'off' }), /needs KAKAOPAY_BASE_URL/);
    assert.throws(() => loadConfig({ ...base(), WALLETGATE_SANDBOX: 'maybe' }), /on or off/);
  });

  it("the sandbox's state: a file in the data folder, or on PostgreSQL a schema of its own (kakaopay_sandbox unless WALLETGATE_SANDBOX_SCHEMA)", () => {
    const env = base();
    assert.deepEqual(loadConfig(env).sandbox.state, { kind: 'sqlite', file: join(env.WALLETGATE_DATA_DIR, 'sandbox-kakaopay.sqlite') });
    assert.deepEqual(
      loadConfig({ ...env, DATABASE_URL: 'sqlite:/var/lib/walletgate/main.db' }).sandbox.state,
      { kind: 'sqlite', file: join(env.WALLETGATE_DATA_DIR, 'sandbox-kakaopay.sqlite') },
      'beside the data folder, whatever file the store is',
    );
    const url = 'postgres://walletgate:secret@db.internal:5432/walletgate';
    assert.deepEqual(loadConfig({ ...env, DATABASE_URL: url }).sandbox.state, { kind: 'postgres', url, schema: 'kakaopay_sandbox' });
    assert.deepEqual(loadConfig({ ...env, DATABASE_URL: url, WALLETGATE_SANDBOX_SCHEMA: 'shop_sandbox' }).sandbox.state, {
      kind: 'postgres',
      url,
      schema: 'shop_sandbox',
    });
    assert.throws(
      () => loadConfig({ ...env, DATABASE_URL: url, WALLETGATE_SANDBOX_SCHEMA: 'no-dashes' }),
      /WALLETGATE_SANDBOX_SCHEMA must be a plain PostgreSQL name/,
    );
  });

  it('creates a master key once and reuses it', () => {
    const env = { WALLETGATE_DATA_DIR: mkdtempSync(join(tmpdir(), 'wg-cfg-')) };
    const first = loadConfig(env).masterKey;
    assert.ok(first.length >= 40);
    assert.equal(loadConfig(env).masterKey, first);
  });
});
