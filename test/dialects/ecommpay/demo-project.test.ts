/**
 * The demo merchant's ecommpay project as a person meets it: project 210 with its published secret
 * in `merchant show 30201 --json` (apis.ecommpay), the banner's and home page's demo values, and a
 * new project from `merchant add-key --dialect ecommpay` for a merchant without one. Real CLI
 * processes on a throwaway data folder.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_ECOMMPAY } from '../../../src/dialects/ecommpay/demo.js';
import { DEMO_CREDENTIALS } from '../../../src/dialects/index.js';
import { gatewayOverview } from '../../../src/gateway-overview.js';
import { loadConfig } from '../../../src/config.js';

const run = promisify(execFile);
const bin = new URL('../../../bin/walletgate.mjs', import.meta.url).pathname;

describe('the demo ecommpay project', () => {
  let dataDir: string;
  const cli = (args: string[]) =>
    run(process.execPath, [bin, ...args], { env: { ...process.env, WALLETGATE_DATA_DIR: dataDir, NO_COLOR: '1' } });
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wg-ecp-demo-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is project 210 with the published secret, an API key that exists only with the sandbox on', () => {
    assert.deepEqual(
      DEMO_CREDENTIALS.filter((c) => c.dialect === 'ecommpay').map((c) => [c.kind, c.keyId, c.secret]),
      [['api_key', '210', 'walletgate-demo-ecommpay-secret-210']],
    );
  });

  it('the banner and home page show it, and the ecommpay API with the hosts it replaces', () => {
    const view = gatewayOverview(loadConfig({ WALLETGATE_DATA_DIR: dataDir }));
    assert.ok(view.demo, 'the sandbox is on by default');
    assert.ok(view.demo.shown.some(([label, value]) => /ecommpay project/.test(label) && value === '210'));
    assert.ok(view.demo.shown.some(([label, value]) => /ecommpay secret/.test(label) && value === DEMO_ECOMMPAY.secretKey));
    const api = view.apis.find((a) => a.title === 'ecommpay');
    assert.ok(api);
    assert.match(api.url, /\/ecommpay$/);
    assert.equal(api.replaces, 'https://api.ecommpay.com and https://paymentpage.ecommpay.com');
  });

  it('merchant show 30201 --json gives scripts apis.ecommpay', async () => {
    const { stdout } = await cli(['merchant', 'show', '30201', '--json']);
    const ecp = (JSON.parse(stdout) as { apis: Record<string, { baseUrl: string; keyId: string; keys: { secret: string }[] }> }).apis
      .ecommpay!;
    assert.equal(ecp.keyId, '210');
    assert.match(ecp.baseUrl, /\/ecommpay$/);
    assert.deepEqual(
      ecp.keys.map((k) => k.secret),
      [DEMO_ECOMMPAY.secretKey],
    );
  });

  it('merchant add-key --dialect ecommpay makes a new project for a merchant without one', async () => {
    await cli(['merchant', 'create', 'shop1', '--name', 'Shop One']);
    const { stdout } = await cli(['merchant', 'add-key', 'shop1', '--dialect', 'ecommpay']);
    const m = /Key #\d+ added to shop1 \(ecommpay (\d+)\): ([0-9a-f]{64})$/m.exec(stdout);
    assert.ok(m, stdout);
    assert.notEqual(m[1], '210');
    const shown = JSON.parse((await cli(['merchant', 'show', 'shop1', '--json'])).stdout) as {
      apis: { ecommpay: { keyId: string; keys: { secret: string }[] } };
    };
    assert.equal(shown.apis.ecommpay.keyId, m[1]);
    assert.equal(shown.apis.ecommpay.keys[0]!.secret, m[2]);
  });
});
