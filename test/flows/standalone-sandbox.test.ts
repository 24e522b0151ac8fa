/**
 * The sandbox as another company: `walletgate sandbox serve` in its own process, and a gateway
 * with its built-in sandbox switched off that reaches it only through KAKAOPAY_BASE_URL, configured
 * as for a real KakaoPay (its own secret key and CIDs, its own merchant: no demo merchant).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';
import { addCredential, createMerchant } from '../../src/core/merchants/manage-merchants.js';

const bin = new URL('../../bin/walletgate.mjs', import.meta.url).pathname;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

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

describe('standalone KakaoPay sandbox', () => {
  let sandbox: ChildProcess;
  let sandboxBase: string;
  let gw: Gateway;
  let auth: string;
  before(async () => {
    const port = await freePort();
    sandboxBase = `http://127.0.0.1:${port}`;
    sandbox = spawn(process.execPath, [bin, 'sandbox', 'serve', '--port', String(port)], {
      env: { ...process.env, NO_COLOR: '1', WALLETGATE_SANDBOX_SECRET_KEY: 'DEVstandalone-secret' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      sandbox.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Customer API')) resolve();
      });
      sandbox.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
    });
    gw = await startGateway('sqlite', { env: asRealKakaoPay(sandboxBase, 'DEVstandalone-secret') });
    auth = await merchantAuth(gw);
  });
  after(async () => {
    await gw?.close();
    const exited = new Promise((r) => sandbox.once('exit', r));
    sandbox.kill('SIGTERM');
    await exited;
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
});
