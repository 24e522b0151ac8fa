/**
 * The demo merchant's keys are published, so they must only ever work against the sandbox, and
 * only as the demo merchant's. One database, three starts over real HTTP, on SQLite and on
 * PostgreSQL: with the sandbox on (the demo merchant is made; another merchant cannot copy a demo
 * key, one secret being one key), then with a real KakaoPay configured (every published key is
 * revoked with a warning that names them, GET / and the banner show no key, the sandbox is gone;
 * another merchant now takes a published secret nobody holds), then with the sandbox on again (the
 * demo keys are back, taken back from that merchant with a warning).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { buildApp } from '../../src/app.js';
import { banner } from '../../src/cli/start-command.js';
import { loadConfig, type Config } from '../../src/config.js';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { DEMO_CREDENTIALS } from '../../src/dialects/index.js';
import { DEMO_GLOBALPAY_KEYS, DEMO_SITE_ID } from '../../src/dialects/globalpay/demo.js';
import { addCredential, createMerchant } from '../../src/core/merchants/manage-merchants.js';
import { isCoreError } from '../../src/core/errors.js';
import { createServices } from '../../src/services.js';
import type { Store } from '../../src/core/ports/store.js';
import { openTestStore, storeKinds, type TestStore } from '../helpers/stores.js';

/** The banner as text, without the colours it has when the tests run on a terminal. */
// eslint-disable-next-line no-control-regex -- stripping ANSI colour codes is the point
const plainBanner = (...args: Parameters<typeof banner>) => banner(...args).replace(/\x1b\[[0-9;]*m/g, '');

const MASTER_KEY = 'real-wallet-mode-master-key';
const basic = (siteId: string, key: string) => `Basic ${Buffer.from(`${siteId}:${key}`).toString('base64')}`;
const DEMO_BASIC = basic(DEMO_SITE_ID, DEMO_GLOBALPAY_KEYS[0]);

/** A real KakaoPay as far as the configuration goes; nothing in these tests calls it. */
const REAL_KAKAOPAY = {
  KAKAOPAY_BASE_URL: 'http://127.0.0.1:9/kakaopay',
  KAKAOPAY_SECRET_KEY: 'DEVa-real-looking-secret-key-of-the-operator',
  KAKAOPAY_CID: 'CT00000001',
  KAKAOPAY_CID_SUBSCRIPTION: 'CT00000002',
};

function configFor(env: Record<string, string>): Config {
  return loadConfig({
    WALLETGATE_DATA_DIR: mkdtempSync(join(tmpdir(), 'wg-real-')),
    WALLETGATE_MASTER_KEY: MASTER_KEY,
    WALLETGATE_SWEEP_INTERVAL_MS: '0',
    ...env,
  });
}

interface Started {
  base: string;
  config: Config;
  storeKind: string;
  /** what the services logged at warn level and above */
  warnings: string[];
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  post(path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

/** createServices + buildApp on a loopback port, as `walletgate start` does, over the given store. */
async function start(store: Store, env: Record<string, string>): Promise<Started> {
  const config = configFor(env);
  const warnings: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) warnings.push((JSON.parse(line) as { msg: string }).msg);
      done();
    },
  });
  const services = await createServices(config, { log: pino({ level: 'warn' }, sink), store });
  const app = await buildApp(services);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, text: await res.text() };
  };
  return {
    base,
    config,
    storeKind: store.kind,
    warnings,
    get: (path, headers = {}) => call('GET', path, headers),
    post: (path, body, headers) => call('POST', path, headers, body),
    async close() {
      await app.close();
      await services.close();
    },
  };
}

/** Status of each demo key at each API: 200/401 per API. */
async function demoKeyAnswers(gw: Started) {
  const globalpay = await Promise.all(
    DEMO_GLOBALPAY_KEYS.map((k) => gw.get('/globalpay/v1/payments', { authorization: basic(DEMO_SITE_ID, k) })),
  );
  const adyen = await gw.post(
    '/adyen/v71/paymentMethods',
    { merchantAccount: DEMO_ADYEN.merchantAccount, countryCode: 'KR', amount: { currency: 'KRW', value: 1000 } },
    { 'x-api-key': DEMO_ADYEN.apiKey },
  );
  const checkoutcom = await gw.get('/checkoutcom/payments/pay_doesnotexist0000000000000', {
    authorization: `Bearer ${DEMO_CHECKOUTCOM.secretKey}`,
  });
  return { globalpay: globalpay.map((r) => r.status), adyen: adyen.status, checkoutcom: checkoutcom.status };
}

for (const kind of storeKinds) {
  describe(`demo merchant and a real wallet (${kind})`, () => {
    const stores: TestStore[] = [];
    after(async () => {
      for (const s of stores) await s.cleanup();
    });

    it('a database used with the sandbox on: its published keys stop working once a real KakaoPay is configured, and come back with the sandbox', async () => {
      const ts = await openTestStore(kind);
      stores.push(ts);

      // 1. sandbox on: the demo merchant works; another merchant cannot copy a published key next to a key of its own
      const sandbox = await start(ts.store, {});
      let acmeKey: string;
      try {
        assert.deepEqual(await demoKeyAnswers(sandbox), { globalpay: [200, 200], adyen: 200, checkoutcom: 404 });
        await createMerchant(ts.store, { id: 'acme', name: 'Acme' });
        acmeKey = (await addCredential(ts.store, MASTER_KEY, { merchantId: 'acme', dialect: 'globalpay', keyId: '41000' })).secret;
        await assert.rejects(
          addCredential(ts.store, MASTER_KEY, { merchantId: 'acme', dialect: 'globalpay', keyId: '41000', secret: DEMO_GLOBALPAY_KEYS[1] }),
          (e: unknown) => isCoreError(e) && e.code === 'duplicate_reference' && e.field === 'secret' && /of merchant demo/.test(e.message),
        );
        assert.equal((await sandbox.get('/globalpay/v1/payments', { authorization: basic('41000', DEMO_GLOBALPAY_KEYS[1]) })).status, 401);
        assert.deepEqual(sandbox.warnings, []);
      } finally {
        await sandbox.close();
      }

      // 2. the same database with a real KakaoPay
      const realStore = await ts.openAnother();
      const real = await start(realStore, REAL_KAKAOPAY);
      try {
        assert.equal(real.config.sandbox.enabled, false);
        assert.deepEqual(await demoKeyAnswers(real), { globalpay: [401, 401], adyen: 401, checkoutcom: 401 });
        assert.equal(
          (await real.get('/globalpay/v1/payments', { authorization: basic('41000', acmeKey) })).status,
          200,
          "acme's own key still works",
        );
        // one warning, naming every revoked key and no secret
        assert.equal(real.warnings.length, 1, real.warnings.join('\n'));
        const warning = real.warnings[0]!;
        assert.match(warning, /sandbox is off/);
        assert.match(warning, new RegExp(`${DEMO_CREDENTIALS.length} credential\\(s\\)`));
        assert.match(warning, /merchant demo globalpay 30201 key #\d+/);
        assert.match(warning, /merchant demo adyen WalletgateDemoECOM/);
        for (const c of DEMO_CREDENTIALS) assert.ok(!warning.includes(c.secret), `the warning does not show ${c.label}`);
        // GET / and the banner show no key; the sandbox is not served
        const home = await real.get('/');
        assert.equal(home.status, 200);
        for (const secret of [
          ...DEMO_CREDENTIALS.map((c) => c.secret),
          DEMO_BASIC.slice('Basic '.length),
          REAL_KAKAOPAY.KAKAOPAY_SECRET_KEY,
        ]) {
          assert.ok(!home.text.includes(secret), `GET / does not show ${secret.slice(0, 10)}…`);
        }
        assert.doesNotMatch(home.text, /Demo merchant|sandbox\/kakaopay/);
        assert.match(home.text, /walletgate merchant create/);
        const printed = plainBanner(real.config, real.storeKind);
        for (const secret of [...DEMO_CREDENTIALS.map((c) => c.secret), REAL_KAKAOPAY.KAKAOPAY_SECRET_KEY]) {
          assert.ok(!printed.includes(secret), `the banner does not show ${secret.slice(0, 10)}…`);
        }
        assert.match(printed, /KakaoPay +http:\/\/127\.0\.0\.1:9\/kakaopay/);
        assert.equal((await real.get('/sandbox/kakaopay/')).status, 404);
        // nobody holds the published secret now, so acme can take it (the next start takes it away)
        await addCredential(realStore, MASTER_KEY, {
          merchantId: 'acme',
          dialect: 'globalpay',
          keyId: '41000',
          secret: DEMO_GLOBALPAY_KEYS[1],
        });
      } finally {
        await real.close();
      }

      // 3. the sandbox on again: the demo merchant has its keys back, acme's copy taken back with a warning
      const again = await start(await ts.openAnother(), {});
      try {
        assert.deepEqual(await demoKeyAnswers(again), { globalpay: [200, 200], adyen: 200, checkoutcom: 404 });
        assert.equal((await again.get('/globalpay/v1/payments', { authorization: basic('41000', DEMO_GLOBALPAY_KEYS[1]) })).status, 401);
        assert.equal((await again.get('/globalpay/v1/payments', { authorization: basic('41000', acmeKey) })).status, 200);
        assert.equal(again.warnings.length, 1, again.warnings.join('\n'));
        assert.match(again.warnings[0]!, /^1 credential\(s\) held the demo merchant's published secrets/);
        assert.match(again.warnings[0]!, /were revoked: merchant acme globalpay 41000 key #\d+\. Give those merchants keys of their own/);
        assert.ok(!again.warnings[0]!.includes(DEMO_GLOBALPAY_KEYS[1]));
      } finally {
        await again.close();
      }
    });

    it('a demo key id another merchant took while the sandbox was off: the sandbox starts without those demo keys, and says so', async () => {
      const ts = await openTestStore(kind);
      stores.push(ts);
      const real = await start(ts.store, REAL_KAKAOPAY);
      let ownKey: string;
      try {
        await createMerchant(ts.store, { id: 'site-owner', name: 'Site owner' });
        ownKey = (await addCredential(ts.store, MASTER_KEY, { merchantId: 'site-owner', dialect: 'globalpay', keyId: DEMO_SITE_ID }))
          .secret;
      } finally {
        await real.close();
      }
      const sandbox = await start(await ts.openAnother(), {});
      try {
        const answers = await demoKeyAnswers(sandbox);
        assert.deepEqual(answers, { globalpay: [401, 401], adyen: 200, checkoutcom: 404 });
        assert.equal((await sandbox.get('/globalpay/v1/payments', { authorization: basic(DEMO_SITE_ID, ownKey) })).status, 200);
        assert.deepEqual(sandbox.warnings, [
          `The demo merchant's globalpay seed key 1 was not created, so the examples that use it do not authenticate here: globalpay key id ${DEMO_SITE_ID} is merchant site-owner's: a key id belongs to one merchant.`,
          `The demo merchant's globalpay seed key 2 was not created, so the examples that use it do not authenticate here: globalpay key id ${DEMO_SITE_ID} is merchant site-owner's: a key id belongs to one merchant.`,
        ]);
      } finally {
        await sandbox.close();
      }
    });

    it('a fresh database with a real KakaoPay never gets the demo merchant', async () => {
      const ts = await openTestStore(kind);
      stores.push(ts);
      const real = await start(ts.store, REAL_KAKAOPAY);
      try {
        assert.equal(await ts.store.merchants.get('demo'), undefined);
        assert.deepEqual(await demoKeyAnswers(real), { globalpay: [401, 401], adyen: 401, checkoutcom: 401 });
        assert.deepEqual(real.warnings, []);
      } finally {
        await real.close();
      }
    });
  });
}
