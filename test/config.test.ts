import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/config-error.js';

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

  it("the sweeper's wallet calls: 20 a second by default, settable, 0 unpaced, nothing else", () => {
    assert.equal(loadConfig(base()).sweeper.walletCallsPerSecond, 20);
    assert.equal(loadConfig({ ...base(), WALLETGATE_SWEEP_WALLET_CALLS_PER_SECOND: '5' }).sweeper.walletCallsPerSecond, 5);
    assert.equal(loadConfig({ ...base(), WALLETGATE_SWEEP_WALLET_CALLS_PER_SECOND: '0' }).sweeper.walletCallsPerSecond, 0);
    assert.throws(
      () => loadConfig({ ...base(), WALLETGATE_SWEEP_WALLET_CALLS_PER_SECOND: 'lots' }),
      /WALLETGATE_SWEEP_WALLET_CALLS_PER_SECOND must be a non-negative integer/,
    );
  });

  it('the outbox lease: 60 s by default, settable, and always longer than one delivery may take', () => {
    assert.deepEqual(loadConfig(base()).notifications, { pollMs: 500, timeoutMs: 10_000, leaseMs: 60_000, concurrency: 64 });
    const short = loadConfig({ ...base(), WALLETGATE_NOTIFY_TIMEOUT_MS: '2000', WALLETGATE_NOTIFY_LEASE_MS: '3000' });
    assert.deepEqual(short.notifications, { pollMs: 500, timeoutMs: 2000, leaseMs: 3000, concurrency: 64 });
    assert.throws(
      () => loadConfig({ ...base(), WALLETGATE_NOTIFY_LEASE_MS: '10000' }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.message ===
          'WALLETGATE_NOTIFY_LEASE_MS (10000) must be longer than WALLETGATE_NOTIFY_TIMEOUT_MS (10000): ' +
            'a notification still being delivered would be claimed and sent again. Raise the lease or lower the timeout.',
    );
  });

  it("PostgreSQL's pool: 10 connections by default, settable from 1 to 1000", () => {
    assert.equal(loadConfig(base()).databasePoolSize, 10);
    assert.equal(loadConfig({ ...base(), DATABASE_POOL_SIZE: '25' }).databasePoolSize, 25);
    for (const bad of ['0', '1001']) {
      assert.throws(
        () => loadConfig({ ...base(), DATABASE_POOL_SIZE: bad }),
        (e: unknown) =>
          e instanceof ConfigError && new RegExp(`DATABASE_POOL_SIZE must be from 1 to 1000 connections, got "${bad}"`).test(e.message),
      );
    }
    assert.throws(
      () => loadConfig({ ...base(), DATABASE_POOL_SIZE: 'lots' }),
      (e: unknown) => e instanceof ConfigError && /DATABASE_POOL_SIZE must be a non-negative integer, got "lots"/.test(e.message),
    );
  });

  it('the deliveries under way at once: 64 by default, settable, at least 1', () => {
    assert.equal(loadConfig({ ...base(), WALLETGATE_NOTIFY_CONCURRENCY: '8' }).notifications.concurrency, 8);
    assert.throws(
      () => loadConfig({ ...base(), WALLETGATE_NOTIFY_CONCURRENCY: '0' }),
      (e: unknown) => e instanceof ConfigError && /WALLETGATE_NOTIFY_CONCURRENCY must be at least 1, got "0"/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ ...base(), WALLETGATE_NOTIFY_CONCURRENCY: 'many' }),
      (e: unknown) =>
        e instanceof ConfigError && /WALLETGATE_NOTIFY_CONCURRENCY must be a non-negative integer, got "many"/.test(e.message),
    );
  });

  it('the metrics token: unset or empty is none; a short one, or one with a space, is refused without being repeated', () => {
    assert.equal(loadConfig(base()).metricsToken, null);
    assert.equal(loadConfig({ ...base(), WALLETGATE_METRICS_TOKEN: '' }).metricsToken, null);
    assert.equal(loadConfig({ ...base(), WALLETGATE_METRICS_TOKEN: 'abcDEF0123456789-._~+/==' }).metricsToken, 'abcDEF0123456789-._~+/==');
    for (const bad of ['short-token', 'a token with spaces in it']) {
      assert.throws(
        () => loadConfig({ ...base(), WALLETGATE_METRICS_TOKEN: bad }),
        (e: unknown) =>
          e instanceof ConfigError && /^WALLETGATE_METRICS_TOKEN must be 16 to 256/.test(e.message) && !e.message.includes(bad),
      );
    }
  });

  const REAL = {
    KAKAOPAY_BASE_URL: 'https://open-api.kakaopay.com',
    KAKAOPAY_SECRET_KEY: 'DEVoperators-own-secret-key',
    KAKAOPAY_CID: 'CT00000001',
    KAKAOPAY_CID_SUBSCRIPTION: 'CT00000002',
  };

  it('a real KakaoPay switches the sandbox off unless asked, and takes every KakaoPay setting as given', () => {
    const real = loadConfig({ ...base(), ...REAL });
    assert.equal(real.sandbox.enabled, false);
    assert.deepEqual(
      { ...real.kakaopay, sandboxSecretKey: undefined },
      {
        baseUrl: 'https://open-api.kakaopay.com',
        secretKey: REAL.KAKAOPAY_SECRET_KEY,
        cidOneTime: 'CT00000001',
        cidSubscription: 'CT00000002',
        timeoutMs: 10_000,
        sandboxSecretKey: undefined,
      },
    );
    // a sandbox elsewhere (walletgate sandbox serve) is still the sandbox: its defaults apply
    const elsewhere = loadConfig({ ...base(), KAKAOPAY_BASE_URL: 'http://127.0.0.1:9090/sandbox/kakaopay/', WALLETGATE_SANDBOX: 'on' });
    assert.equal(elsewhere.sandbox.enabled, true);
    assert.equal(elsewhere.kakaopay.baseUrl, 'http://127.0.0.1:9090/sandbox/kakaopay');
    assert.equal(elsewhere.kakaopay.secretKey, 'DEV0000WALLETGATE0SANDBOX0SECRET0KEY');
    assert.throws(() => loadConfig({ ...base(), WALLETGATE_SANDBOX: 'maybe' }), /WALLETGATE_SANDBOX must be on or off/);
    assert.throws(
      () => loadConfig({ ...base(), ...REAL, KAKAOPAY_BASE_URL: 'open-api.kakaopay.com' }),
      /KAKAOPAY_BASE_URL must be an http or https URL/,
    );
  });

  it('a real KakaoPay without its settings is refused with one message naming each missing variable', () => {
    const err = (env: Record<string, string>): string => {
      try {
        loadConfig({ ...base(), ...env });
      } catch (e) {
        assert.ok(e instanceof ConfigError, `a ConfigError, got ${String(e)}`);
        return e.message;
      }
      assert.fail(`started with ${JSON.stringify(env)}`);
    };
    const nothing = err({ KAKAOPAY_BASE_URL: 'https://open-api.kakaopay.com' });
    assert.match(nothing, /^walletgate is set to talk to real wallets \(KAKAOPAY_BASE_URL is set, so WALLETGATE_SANDBOX defaults to off\)/);
    for (const name of ['KAKAOPAY_SECRET_KEY', 'KAKAOPAY_CID', 'KAKAOPAY_CID_SUBSCRIPTION']) {
      assert.match(nothing, new RegExp(`^ {2}- ${name} is not set: set it to `, 'm'), name);
    }
    assert.doesNotMatch(nothing, /KAKAOPAY_BASE_URL is not set/);
    assert.match(nothing, /set WALLETGATE_SANDBOX=on/);
    // the sandbox's published secret key is no key for a real KakaoPay, and is not repeated in the message
    const published = err({ ...REAL, KAKAOPAY_SECRET_KEY: 'DEV0000WALLETGATE0SANDBOX0SECRET0KEY' });
    assert.match(published, /^ {2}- KAKAOPAY_SECRET_KEY is the built-in sandbox's published key: set it to your app's own secret key/m);
    assert.doesNotMatch(published, /DEV0000WALLETGATE0SANDBOX0SECRET0KEY|KAKAOPAY_CID/);
    // an empty value is no value
    assert.match(err({ ...REAL, KAKAOPAY_CID: '' }), /^ {2}- KAKAOPAY_CID is not set/m);
    // sandbox off and no KakaoPay at all
    const off = err({ WALLETGATE_SANDBOX: 'off' });
    assert.match(off, /\(WALLETGATE_SANDBOX=off\)/);
    assert.match(off, /^ {2}- KAKAOPAY_BASE_URL is not set: set it to https:\/\/open-api\.kakaopay\.com/m);
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

describe('config: every problem at once, and the documented table', () => {
  it('names every problem in one message, one line each, and writes no master key file first', () => {
    const env = { WALLETGATE_DATA_DIR: mkdtempSync(join(tmpdir(), 'wg-cfg-')) };
    assert.throws(
      () =>
        loadConfig({ ...env, PORT: 'eighty', HTTPS_PORT: '99999', WALLETGATE_LOG_LEVEL: 'loud', WALLETGATE_PUBLIC_URL: 'shop.example' }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.deepEqual(e.message.split('\n'), [
          'walletgate cannot start: 4 settings need attention:',
          '  - PORT must be a non-negative integer, got "eighty"',
          '  - WALLETGATE_PUBLIC_URL must be the http or https URL customers and merchants reach walletgate at, got "shop.example"',
          '  - WALLETGATE_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, got "loud"',
          '  - HTTPS_PORT must be a port number (0 disables HTTPS), got "99999"',
        ]);
        return true;
      },
    );
    assert.equal(existsSync(join(env.WALLETGATE_DATA_DIR, 'master.key')), false, 'a refused start writes nothing');
    assert.throws(() => loadConfig({ ...env, PORT: '70000' }), /^ConfigError: PORT must be a port number, got "70000"$/);
  });

  it('reads exactly the settings docs/configuration.md lists in its tables, whichever wallets are on', () => {
    const read = new Set<string>();
    const recording = (env: Record<string, string>) =>
      new Proxy(env, {
        get(target, name) {
          if (typeof name === 'string') read.add(name);
          return target[name as string];
        },
      }) as NodeJS.ProcessEnv;
    const scenarios: Record<string, string>[] = [
      {},
      { WALLETGATE_SANDBOX: 'off' },
      { KAKAOPAY_BASE_URL: 'https://open-api.kakaopay.com' },
      { DATABASE_URL: 'postgres://u@db/walletgate' },
    ];
    for (const env of scenarios) {
      try {
        loadConfig(recording({ ...base(), ...env }));
      } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
      }
    }
    const doc = readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');
    const documented = new Set(
      doc
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) => [...line.split(' | ')[0]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!)),
    );
    assert.deepEqual([...read].filter((n) => !documented.has(n)).sort(), [], 'read by the code, missing from the tables');
    assert.deepEqual([...documented].filter((n) => !read.has(n)).sort(), [], 'in the tables, never read by the code');
  });
});
