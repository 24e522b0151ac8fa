/**
 * The connector registry (src/connectors/index.ts) is the one list of wallets: every entry is filed
 * under its own id, its settings reader and factory are what config.ts and services.ts use.
 */
import { SANDBOX_RATES } from '../../src/connectors/exchange-rates-setting.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONNECTORS, createConnectors, longestCallMs, readConnectorSettings } from '../../src/connectors/index.js';
import type { EnvReader } from '../../src/connectors/wallet-settings.js';

const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

function envOf(vars: Record<string, string>): EnvReader {
  return { text: (name) => vars[name] || undefined, int: (name, fallback) => (vars[name] ? Number(vars[name]) : fallback) };
}

describe('connector registry', () => {
  it('files every entry under its own id', () => {
    for (const [key, entry] of Object.entries(CONNECTORS)) assert.equal(entry.id, key);
  });

  it('with the sandbox on, reads every wallet without problems and builds one connector per wallet', () => {
    const read = readConnectorSettings(envOf({ KAKAOPAY_TIMEOUT_MS: '1234', ALIPAYPLUS_TIMEOUT_MS: '1000', CARDS_TIMEOUT_MS: '1000' }), {
      sandbox: true,
      publicUrl: 'http://127.0.0.1:9',
      rates: SANDBOX_RATES,
    });
    assert.deepEqual(read.problems, []);
    assert.equal(read.settings.kakaopay.baseUrl, 'http://127.0.0.1:9/sandbox/kakaopay');
    assert.equal(read.settings.alipayplus.baseUrl, 'http://127.0.0.1:9/sandbox/alipayplus');
    assert.equal(read.settings.cards.baseUrl, 'http://127.0.0.1:9/sandbox/cards');
    assert.equal(longestCallMs(read.settings), 1234);
    const built = createConnectors(read.settings, { log: silent });
    assert.deepEqual(Object.keys(built), Object.keys(CONNECTORS));
    for (const [id, c] of Object.entries(built)) assert.equal(c.id, id);
  });

  it("with a real wallet, gathers every wallet's missing settings", () => {
    const read = readConnectorSettings(envOf({}), { sandbox: false, publicUrl: 'http://127.0.0.1:9', rates: null });
    assert.ok(
      read.problems.some((p) => p.startsWith('KAKAOPAY_SECRET_KEY is not set')),
      read.problems.join('\n'),
    );
    assert.ok(read.problems.some((p) => p.startsWith('KAKAOPAY_BASE_URL is not set')));
    // no card processor configured: the card methods are simply not offered
    assert.ok(!read.problems.some((p) => p.startsWith('CARDS_')));
    assert.deepEqual(createConnectors(read.settings, { log: silent }).cards!.capabilities, {});
  });

  it('a real card processor needs its API key, and never the sandbox one', () => {
    const wallet = { sandbox: false, publicUrl: 'http://127.0.0.1:9', rates: null };
    const missing = readConnectorSettings(envOf({ CARDS_BASE_URL: 'https://api.processor.example' }), wallet);
    assert.ok(
      missing.problems.some((p) => p.startsWith('CARDS_API_KEY is not set')),
      missing.problems.join('\n'),
    );
    const sandboxKey = readConnectorSettings(
      envOf({ CARDS_BASE_URL: 'https://api.processor.example', CARDS_API_KEY: 'sk_sandbox_walletgate_cards_0000' }),
      wallet,
    );
    assert.ok(sandboxKey.problems.some((p) => p.includes("sandbox's published key")));
  });
});
