/**
 * The sandbox as another company: `walletgate sandbox serve` in its own process, and a gateway
 * with its built-in sandbox switched off that reaches it only through KAKAOPAY_BASE_URL, configured
 * as for a real KakaoPay (its own secret key and CIDs, its own merchant: no demo merchant). The
 * sandbox's state is a file in its data folder, so a restarted sandbox still knows its tids.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { addCredential, createMerchant } from '../../src/core/merchants/manage-merchants.js';
import { freePort } from '../helpers/http-once.js';

const bin = new URL('../../bin/walletgate.mjs', import.meta.url).pathname;

/** The settings a real KakaoPay needs, here for the standalone sandbox (whose CIDs are KakaoPay's test CIDs). */
const asRealKakaoPay = (sandboxBase: string, secretKey: string) => ({
  KAKAOPAY_BASE_URL: `${sandboxBase}/sandbox/kakaopay`,
  KAKAOPAY_SECRET_KEY: secretKey,
  KAKAOPAY_CID: 'TC0ONETIME',
  KAKAOPAY_CID_SUBSCRIPTION: 'TCSUBSCRIP',
  WALLETGATE_SANDBOX: 'off',
});

/** A merchant of the gateway's own with a generated GlobalPay key; its Basic header. */
async function merchantAuth(gw: Gateway): Promise<string> {
  const { store, config } = gw.services;
  await createMerchant(store, { id: 'shop', name: 'Shop', notifyUrl: gw.receiver.url });
  const { secret } = await addCredential(store, config.masterKey, { merchantId: 'shop', dialect: 'globalpay', keyId: '45001' });
  return `Basic ${Buffer.from(`45001:${secret}`).toString('base64')}`;
}

/** `walletgate sandbox serve` on a free port with its state in `dataDir`; resolves once its banner is out. */
async function serveSandbox(dataDir: string): Promise<{ process: ChildProcess; base: string; banner: string }> {
  const port = await freePort();
  // without DATABASE_URL, as from a fresh shell: the state is a file in the data folder
  const { DATABASE_URL: _database, ...env } = process.env;
  const child = spawn(process.execPath, [bin, 'sandbox', 'serve', '--port', String(port)], {
    env: { ...env, NO_COLOR: '1', WALLETGATE_SANDBOX_SECRET_KEY: 'DEVstandalone-secret', WALLETGATE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Point a gateway at it')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
  });
  return { process: child, base: `http://127.0.0.1:${port}`, banner: out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  child.kill('SIGTERM');
  return exited;
}

describe('standalone KakaoPay sandbox', () => {
  let sandbox: ChildProcess;
  let sandboxBase: string;
  let gw: Gateway;
  let auth: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'wg-standalone-'));
  before(async () => {
    const served = await serveSandbox(dataDir);
    sandbox = served.process;
    sandboxBase = served.base;
    gw = await startGateway('sqlite', { env: asRealKakaoPay(sandboxBase, 'DEVstandalone-secret') });
    auth = await merchantAuth(gw);
  });
  after(async () => {
    await gw?.close();
    if (sandbox) await stop(sandbox);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the gateway has no sandbox of its own', async () => {
    const res = await fetch(`${gw.base}/sandbox/kakaopay/`);
    assert.equal(res.status, 404);
  });

  it('a payment goes through the sandbox in the other process, approved with its customer API', async () => {
    const res = await gw.gp(
      'POST',
      '/v1/payments',
      {
        Payment: {
          MerchantTransactionID: `standalone-${Date.now()}`,
          Amount: 2500,
          Currency: 'KRW',
          MethodID: 1135,
          ReturnURL: 'http://shop.example/r',
        },
      },
      auth,
    );
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const walked = await fetch(`${sandboxBase}/sandbox/customer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: res.json.Payment.RedirectURL, action: 'approve' }),
    });
    const body = (await walked.json()) as { finalUrl: string; steps: { url: string }[] };
    assert.equal(walked.status, 200, JSON.stringify(body));
    assert.match(body.finalUrl, /^http:\/\/shop\.example\/r\?data=2/);
    assert.ok(
      body.steps.some((s) => s.url.startsWith(sandboxBase)),
      'the customer was at the other process',
    );
    const got = await gw.gp('GET', `/v1/payments/${res.json.Payment.ID}`, undefined, auth);
    assert.equal(got.json.Payment.Status.ID, 2);
  });

  it('a wrong secret key is refused by the sandbox, and the payment fails cleanly', async () => {
    const other = await startGateway('sqlite', { env: asRealKakaoPay(sandboxBase, 'DEVwrong') });
    try {
      const res = await other.gp(
        'POST',
        '/v1/payments',
        {
          Payment: {
            MerchantTransactionID: `wrongkey-${Date.now()}`,
            Amount: 2500,
            Currency: 'KRW',
            MethodID: 1135,
            ReturnURL: 'http://shop.example/r',
          },
        },
        await merchantAuth(other),
      );
      assert.equal(res.status, 201);
      assert.equal(res.json.Payment.Status.ID, 4);
      assert.match(JSON.stringify(res.json.Payment.Status.Reasons), /-401/);
    } finally {
      await other.close();
    }
  });

  it('restarted on the same data folder, it still knows the tids it issued', async () => {
    const own = mkdtempSync(join(tmpdir(), 'wg-standalone-restart-'));
    const call = (base: string, path: string, body: unknown) =>
      fetch(`${base}/sandbox/kakaopay/online/v1/payment/${path}`, {
        method: 'POST',
        headers: { authorization: 'SECRET_KEY DEVstandalone-secret', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    let served = await serveSandbox(own);
    try {
      const file = join(own, 'sandbox-kakaopay.sqlite');
      assert.match(served.banner, /State\s+\S*sandbox-kakaopay\.sqlite/);
      const ready = await call(served.base, 'ready', {
        cid: 'TC0ONETIME',
        partner_order_id: 'order-1',
        partner_user_id: 'user-1',
        item_name: 'Green tea',
        quantity: 1,
        total_amount: 3000,
        tax_free_amount: 0,
        approval_url: 'http://shop.example/ok',
        cancel_url: 'http://shop.example/cancel',
        fail_url: 'http://shop.example/fail',
      });
      assert.equal(ready.status, 200, JSON.stringify(ready.body));
      const before = await call(served.base, 'order', { cid: 'TC0ONETIME', tid: ready.body.tid });
      assert.equal(await stop(served.process), 0, 'SIGTERM closes the sandbox cleanly');
      assert.ok(existsSync(file));

      served = await serveSandbox(own);
      const after = await call(served.base, 'order', { cid: 'TC0ONETIME', tid: ready.body.tid });
      assert.equal(after.status, 200, JSON.stringify(after.body));
      assert.deepEqual(after.body, before.body);
    } finally {
      await stop(served.process);
      rmSync(own, { recursive: true, force: true });
    }
  });
});
