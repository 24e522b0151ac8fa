/**
 * Alipay+'s settings (src/connectors/alipayplus/settings.ts) and its registry entry: optional while
 * no method routes to it, complete or refused once any of it is set for a real Alipay+, keys checked
 * without ever being repeated, and an unconfigured connector refusing with what to set.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorError } from '../../src/core/ports/connector.js';
import { readAlipayPlusSettings } from '../../src/connectors/alipayplus/settings.js';
import { alipayplusEntry } from '../../src/connectors/alipayplus/entry.js';
import type { EnvReader } from '../../src/connectors/wallet-settings.js';
import { rsaKeyPair } from '../sandbox/alipayplus-harness.js';

const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };
const KEYS = rsaKeyPair();
const REAL = { sandbox: false, publicUrl: 'http://127.0.0.1:9', rates: null };
const SANDBOX = { sandbox: true, publicUrl: 'http://127.0.0.1:9', rates: null };

function envOf(vars: Record<string, string>): EnvReader {
  return { text: (name) => vars[name] || undefined, int: (name, fallback) => (vars[name] ? Number(vars[name]) : fallback) };
}

describe('Alipay+ settings', () => {
  it('unset with a real wallet: not configured, no problem, carries no method; its calls refuse naming the variables', async () => {
    const read = readAlipayPlusSettings(envOf({}), REAL);
    assert.deepEqual(read.problems, []);
    assert.equal(read.settings.configured, false);
    const c = alipayplusEntry.create(read.settings, { log: silent });
    assert.deepEqual(c.capabilities, {});
    await assert.rejects(c.lookupPayment('x', {}), (e: unknown) => {
      assert.ok(e instanceof ConnectorError);
      assert.equal(e.kind, 'invalid');
      assert.match(e.message, /ALIPAYPLUS_PRIVATE_KEY/);
      return true;
    });
    // it makes no calls, so it never lengthens the longest call the sweeper waits for
    assert.equal(alipayplusEntry.callTimeoutMs(readAlipayPlusSettings(envOf({ ALIPAYPLUS_TIMEOUT_MS: '60000' }), REAL).settings), 0);
  });

  it("unset with the sandbox on: configured from the sandbox portal, notifications to walletgate's notify route", () => {
    const read = readAlipayPlusSettings(envOf({}), SANDBOX);
    assert.deepEqual(read.problems, []);
    assert.equal(read.settings.configured, true);
    assert.equal(read.settings.portalUrl, 'http://127.0.0.1:9/sandbox/alipayplus/portal/credentials');
    assert.equal(read.settings.notifyUrl, 'http://127.0.0.1:9/connectors/alipayplus/notify');
    assert.ok(Object.keys(alipayplusEntry.create(read.settings, { log: silent }).capabilities).includes('alipay_hk'));
    // keys given: no portal
    const keyed = readAlipayPlusSettings(
      envOf({ ALIPAYPLUS_PRIVATE_KEY: KEYS.privateKeyPem, ALIPAYPLUS_PUBLIC_KEY: KEYS.publicKeyPem }),
      SANDBOX,
    ).settings;
    assert.equal(keyed.portalUrl, null);
  });

  it('with the sandbox on, the base URL and client id default to the built-in sandbox; the keys make it configured', () => {
    const keys = rsaKeyPair();
    const read = readAlipayPlusSettings(
      // a PEM in one line with \n escapes, as an environment variable often carries it
      envOf({ ALIPAYPLUS_PRIVATE_KEY: keys.privateKeyPem.replace(/\n/g, '\\n'), ALIPAYPLUS_PUBLIC_KEY: keys.publicKeyPem }),
      SANDBOX,
    );
    assert.deepEqual(read.problems, []);
    assert.equal(read.settings.configured, true);
    assert.equal(read.settings.baseUrl, 'http://127.0.0.1:9/sandbox/alipayplus');
    assert.equal(read.settings.privateKeyPem, keys.privateKeyPem);
    assert.equal(alipayplusEntry.create(read.settings, { log: silent }).id, 'alipayplus');
  });

  it('partly set for a real Alipay+: lists every missing setting; an unreadable key is named, never repeated', () => {
    const read = readAlipayPlusSettings(envOf({ ALIPAYPLUS_CLIENT_ID: 'C1', ALIPAYPLUS_PRIVATE_KEY: 'SECRET-NOT-A-KEY' }), REAL);
    assert.equal(read.settings.configured, false);
    assert.ok(read.problems.some((p) => p.startsWith('ALIPAYPLUS_BASE_URL is not set')));
    assert.ok(read.problems.some((p) => p.startsWith('ALIPAYPLUS_PUBLIC_KEY is not set')));
    assert.ok(read.problems.some((p) => p.startsWith('ALIPAYPLUS_PRIVATE_KEY is not a readable RSA private key')));
    assert.ok(!read.problems.join('\n').includes('SECRET-NOT-A-KEY'));
  });
});
