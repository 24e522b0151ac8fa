/**
 * GET / and the start banner with the sandbox on, over real HTTP, on SQLite and on PostgreSQL: the
 * demo merchant is named once as both `demo` and GlobalPay site 30201, and where its notifications
 * go is read from the store on each request, so `walletgate merchant set-notify-url` (another
 * process, here the real CLI on SQLite and a second connection on PostgreSQL) shows up at once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { banner } from '../../src/cli/start-command.js';
import { loadConfig } from '../../src/config.js';
import { getDemoMerchant } from '../../src/core/merchants/demo-merchant.js';
import { setNotifyUrl } from '../../src/core/merchants/manage-merchants.js';
import { openPostgresStore } from '../../src/storage/postgres/open-postgres-store.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite-store.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { storeKinds, testPgUrl } from '../helpers/stores.js';

/** The banner as text, without the colours it has when the tests run on a terminal. */
// eslint-disable-next-line no-control-regex -- stripping ANSI colour codes is the point
const plainBanner = (...args: Parameters<typeof banner>) => banner(...args).replace(/\x1b\[[0-9;]*m/g, '');

const run = promisify(execFile);
const bin = new URL('../../bin/walletgate.mjs', import.meta.url).pathname;

/** What GET / says in the "Notifications to" row. */
async function notificationsTo(gw: Gateway): Promise<string> {
  const res = await fetch(`${gw.base}/`);
  assert.equal(res.status, 200);
  const m = /<td>Notifications to<\/td><td><code>([^<]*)<\/code><\/td>/.exec(await res.text());
  assert.ok(m, 'GET / has a "Notifications to" row');
  return m[1]!;
}

for (const kind of storeKinds) {
  describe(`home page and banner with the sandbox on (${kind})`, () => {
    let gw: Gateway;
    before(async () => {
      gw = await startGateway(kind, { workers: false });
    });
    after(async () => {
      await gw?.close();
    });

    it('names the demo merchant as `demo` and GlobalPay site 30201, on GET / and in the banner', async () => {
      const html = await (await fetch(`${gw.base}/`)).text();
      assert.match(html, /<h2>Demo merchant <code>demo<\/code> \(GlobalPay site 30201\)<\/h2>/);
      const printed = plainBanner(gw.services.config, kind, null, await getDemoMerchant(gw.services.store));
      assert.match(printed, /Demo merchant demo \(GlobalPay site 30201\)/);
      assert.match(printed, new RegExp(`Notify +${gw.receiver.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), printed);
    });

    it('shows the notification URL the store holds now, not the one it started with', async () => {
      assert.equal(await notificationsTo(gw), gw.receiver.url);
      const next = 'https://shop.example/globalpay/notify';
      if (kind === 'sqlite') {
        // the real CLI, in its own process, on the running gateway's database file
        await run(process.execPath, [bin, 'merchant', 'set-notify-url', 'demo', next], {
          env: { ...process.env, DATABASE_URL: gw.storeLocation, WALLETGATE_MASTER_KEY: 'test-master-key', NO_COLOR: '1' },
        });
      } else {
        const other = await openPostgresStore(testPgUrl, { schema: gw.storeLocation, poolSize: 1 });
        try {
          await setNotifyUrl(other, 'demo', next);
        } finally {
          await other.close();
        }
      }
      assert.equal(await notificationsTo(gw), next);
      const other =
        kind === 'sqlite'
          ? await openSqliteStore(gw.storeLocation)
          : await openPostgresStore(testPgUrl, { schema: gw.storeLocation, poolSize: 1 });
      try {
        await setNotifyUrl(other, 'demo', null);
      } finally {
        await other.close();
      }
      assert.equal(await notificationsTo(gw), '(not set: walletgate merchant set-notify-url demo &lt;url&gt;)');
    });
  });
}

describe('banner with a sandbox elsewhere', () => {
  it('says where the connector goes when it is not the built-in sandbox', () => {
    const config = loadConfig({
      WALLETGATE_DATA_DIR: mkdtempSync(join(tmpdir(), 'wg-banner-')),
      WALLETGATE_MASTER_KEY: 'k',
      WALLETGATE_SANDBOX: 'on',
      KAKAOPAY_BASE_URL: 'http://127.0.0.1:9090/sandbox/kakaopay',
    });
    const printed = plainBanner(config, 'sqlite');
    assert.match(printed, /KakaoPay {10}http:\/\/127\.0\.0\.1:9090\/sandbox\/kakaopay {3}\(the connector goes here: a sandbox elsewhere\)/);
    assert.match(printed, /Demo merchant demo \(GlobalPay site 30201\)/);
    assert.doesNotMatch(
      plainBanner(loadConfig({ WALLETGATE_DATA_DIR: config.dataDir, WALLETGATE_MASTER_KEY: 'k' }), 'sqlite'),
      /the connector goes here/,
    );
  });
});
