/**
 * The command line as a person runs it: real processes, a real data folder, real ports.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_ADYEN } from '../../src/dialects/adyen/demo.js';
import { DEMO_CHECKOUTCOM } from '../../src/dialects/checkoutcom/demo.js';
import { freePort } from '../helpers/http-once.js';

const run = promisify(execFile);
const bin = new URL('../../bin/walletgate.mjs', import.meta.url).pathname;

function cli(dataDir: string, args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [bin, ...args], { env: { ...process.env, WALLETGATE_DATA_DIR: dataDir, NO_COLOR: '1', ...env } });
}

describe('walletgate CLI', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wg-cli-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('--help lists the commands', async () => {
    const { stdout } = await cli(dataDir, ['--help']);
    for (const word of ['start', 'merchant show', 'notifications resend', 'payments show', 'sandbox approve'])
      assert.ok(stdout.includes(word), word);
    // the docs are served by the gateway (ADR 0030), not the status page at /
    assert.match(stdout, /http:\/\/127\.0\.0\.1:8080\/docs once started/);
  });

  it('merchant show 30201 --json prints the demo merchant with both seed keys', async () => {
    const { stdout } = await cli(dataDir, ['merchant', 'show', '30201', '--json']);
    const m = JSON.parse(stdout) as { id: string; apis: { globalpay: { keyId: string; baseUrl: string; keys: { secret: string }[] } } };
    assert.equal(m.id, 'demo');
    assert.equal(m.apis.globalpay.keyId, '30201');
    assert.equal(m.apis.globalpay.baseUrl, 'http://127.0.0.1:8080/globalpay');
    assert.deepEqual(
      m.apis.globalpay.keys.map((k) => k.secret),
      ['hJ5RobYx9r7FfNwCvHY9LXHqqr+FEzrc7aJvQQk4Gaz1mg7Ryy', '+9KeGzKF7W8S/79a5R33YJUg7E7WFNcZbjGfzLV3bXSnFCOyFt'],
    );
    type ApiView = { keyId: string; httpsBaseUrl?: string; keys: { secret: string }[]; signingKeys: { secret: string }[] };
    const adyen = (JSON.parse(stdout) as { apis: Record<string, ApiView> }).apis.adyen!;
    assert.equal(adyen.keyId, DEMO_ADYEN.merchantAccount);
    assert.equal(adyen.httpsBaseUrl, 'https://127.0.0.1:8443/adyen');
    assert.deepEqual(
      adyen.keys.map((k: { secret: string }) => k.secret),
      [DEMO_ADYEN.apiKey],
    );
    assert.deepEqual(
      adyen.signingKeys.map((k: { secret: string }) => k.secret),
      [DEMO_ADYEN.hmacKey],
    );
    const cko = (JSON.parse(stdout) as { apis: Record<string, ApiView & { baseUrl: string }> }).apis.checkoutcom!;
    assert.equal(cko.keyId, DEMO_CHECKOUTCOM.processingChannelId);
    assert.equal(cko.baseUrl, 'http://127.0.0.1:8080/checkoutcom');
    assert.deepEqual(
      cko.keys.map((k) => k.secret),
      [DEMO_CHECKOUTCOM.secretKey],
    );
    assert.deepEqual(
      cko.signingKeys.map((k) => k.secret),
      [DEMO_CHECKOUTCOM.webhookSignatureKey],
    );
  });

  it('merchant create / add-key / set-notify-url, and a bad URL is refused with exit code 1', async () => {
    const created = await cli(dataDir, ['merchant', 'create', 'shop1', '--name', 'Shop One', '--site-id', '45001']);
    assert.match(created.stdout, /SiteID 45001, ApiKey \S{40,}/);
    await cli(dataDir, ['merchant', 'add-key', 'shop1']);
    // Checkout.com: a processing channel is made up when none is given; the key has the shape the SDK sends as Bearer
    const cko = await cli(dataDir, ['merchant', 'add-key', 'shop1', '--dialect', 'checkoutcom']);
    assert.match(cko.stdout, /\(checkoutcom pc_[a-z2-7]{26}\): sk_sbox_[a-z2-7]{27}\n/);
    assert.match(cko.stdout, /none are sent until shop1 has a signing key/);
    // `--kind signing_key` (with a space) adds a signing key, not an API key that would authenticate requests
    const signing = await cli(dataDir, ['merchant', 'add-key', 'shop1', '--dialect', 'checkoutcom', '--kind', 'signing_key']);
    assert.match(signing.stdout, /Signing key #\d+ added/);
    assert.doesNotMatch(signing.stdout, /none are sent/);
    const shown = JSON.parse((await cli(dataDir, ['merchant', 'show', 'shop1', '--json'])).stdout) as {
      apis: { checkoutcom: { keys: unknown[]; signingKeys: unknown[] } };
    };
    assert.equal(shown.apis.checkoutcom.keys.length, 1);
    assert.equal(shown.apis.checkoutcom.signingKeys.length, 1);
    await cli(dataDir, ['merchant', 'set-notify-url', '45001', 'https://shop.example/notify']);
    const { stdout } = await cli(dataDir, ['merchant', 'show', 'shop1', '--json']);
    const m = JSON.parse(stdout) as { notifyUrl: string; apis: { globalpay: { keys: unknown[] } } };
    assert.equal(m.notifyUrl, 'https://shop.example/notify');
    assert.equal(m.apis.globalpay.keys.length, 2);
    await assert.rejects(cli(dataDir, ['merchant', 'set-notify-url', 'shop1', 'not a url']), (e: { code: number; stderr: string }) => {
      assert.equal(e.code, 1);
      assert.match(e.stderr, /not an absolute URL/);
      return true;
    });
  });

  it('refuses a master key that cannot open the stored API keys', async () => {
    await assert.rejects(
      cli(dataDir, ['merchant', 'list'], { WALLETGATE_MASTER_KEY: 'not-the-key-this-data-was-sealed-with' }),
      (e: { code: number; stderr: string }) => {
        assert.equal(e.code, 1);
        assert.match(e.stderr, /master key does not open the stored API keys/);
        return true;
      },
    );
  });

  it('notifications on an empty outbox says so', async () => {
    const { stdout } = await cli(dataDir, ['notifications']);
    assert.match(stdout, /No notifications yet/);
  });

  describe('start', () => {
    let child: ChildProcess;
    let port: number;
    let httpsPort: number;
    let banner = '';
    before(async () => {
      port = await freePort();
      httpsPort = await freePort();
      child = spawn(process.execPath, [bin, 'start', '--port', String(port)], {
        env: { ...process.env, WALLETGATE_DATA_DIR: dataDir, HTTPS_PORT: String(httpsPort), NO_COLOR: '1', WALLETGATE_LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => {
          banner += d.toString();
          if (banner.includes('Ctrl+C')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`start exited with ${code}: ${banner}`)));
      });
    });
    after(async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    });

    it('prints a banner with every base URL and the demo credentials', () => {
      assert.ok(banner.includes(`http://127.0.0.1:${port}/globalpay`));
      assert.ok(banner.includes(`http://127.0.0.1:${port}/sandbox/kakaopay`));
      assert.match(banner, /GlobalPay SiteID +30201/);
      assert.ok(banner.includes('hJ5RobYx9r7FfNwCvHY9LXHqqr+FEzrc7aJvQQk4Gaz1mg7Ryy'));
      assert.ok(banner.includes(`https://127.0.0.1:${httpsPort}/adyen`));
      assert.ok(banner.includes(DEMO_ADYEN.merchantAccount) && banner.includes(DEMO_ADYEN.apiKey) && banner.includes(DEMO_ADYEN.hmacKey));
      assert.ok(banner.includes(`http://127.0.0.1:${port}/checkoutcom`));
      assert.ok(
        banner.includes(DEMO_CHECKOUTCOM.secretKey) &&
          banner.includes(DEMO_CHECKOUTCOM.processingChannelId) &&
          banner.includes(DEMO_CHECKOUTCOM.webhookSignatureKey),
      );
    });

    it('serves the same app over HTTPS with the self-signed certificate it created in the data folder', async () => {
      const ca = readFileSync(join(dataDir, 'tls', 'cert.pem'));
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpsRequest(
          {
            host: '127.0.0.1',
            port: httpsPort,
            path: '/adyen/v72/paymentMethods',
            method: 'POST',
            ca,
            headers: { 'x-api-key': DEMO_ADYEN.apiKey, 'content-type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.end(
          JSON.stringify({ merchantAccount: DEMO_ADYEN.merchantAccount, countryCode: 'KR', amount: { currency: 'KRW', value: 1000 } }),
        );
      });
      assert.equal(status, 200, body);
      assert.deepEqual(JSON.parse(body).paymentMethods, [{ type: 'kakaopay', name: 'KakaoPay' }]);
    });

    it('serves GET / with the same facts, and /health', async () => {
      const home = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(home.status, 200);
      const html = await home.text();
      assert.ok(html.includes(`http://127.0.0.1:${port}/globalpay`));
      assert.ok(html.includes('30201'));
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      assert.deepEqual(await health.json(), { status: 'ok', database: 'sqlite' });
    });

    it('a seed request pasted with only the base URL changed gets 201', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/globalpay/v1/preapprovals`, {
        method: 'POST',
        headers: {
          Authorization: 'Basic MzAyMDE6aEo1Um9iWXg5cjdGZk53Q3ZIWTlMWEhxcXIrRkV6cmM3YUp2UVFrNEdhejFtZzdSeXk=',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          Preapproval: {
            MerchantPreapprovalID: 's2ptest_kAKAOPAY_PreapprovalS1',
            Currency: 'KRW',
            Description: '1 year subscription',
            ReturnURL: 'http://demo.smart2pay.com/redirect.php',
            MethodID: 1135,
            Customer: { FirstName: 'John', LastName: 'Doe', Email: 'jdoe@gmail.com' },
            BillingAddress: { Country: 'KR' },
          },
        }),
      });
      assert.equal(res.status, 201);
      const body = (await res.json()) as { Preapproval: { ID: number; RedirectURL: string } };
      assert.equal(body.Preapproval.ID, 22276);
      const approved = await cli(dataDir, ['sandbox', 'approve', body.Preapproval.RedirectURL]);
      assert.match(approved.stdout, /redirect\.php\?data=2/);
      // seed 004's KakaoPay recurring payment, pasted as written (PreapprovalID 22276)
      const recurrent = await fetch(`http://127.0.0.1:${port}/globalpay/v1/payments/recurrent`, {
        method: 'POST',
        headers: {
          Authorization: 'Basic MzAyMDE6aEo1Um9iWXg5cjdGZk53Q3ZIWTlMWEhxcXIrRkV6cmM3YUp2UVFrNEdhejFtZzdSeXk=',
          'Content-Type': 'application/json',
        },
        body: `{
  "Payment": {
    "PreapprovalID": 22276,
    "MerchantTransactionID": "reccuringPayin-GCashRecurrent526",
    "Amount": 100,
    "Currency": "KRW",
    "MethodID": 1135,
    "Description": "recurring payment",
    "BillingAddress": {
      "Country": "KR"
    } 
  }
}`,
      });
      assert.equal(recurrent.status, 201);
      const charge = (await recurrent.json()) as {
        Payment: Record<string, unknown> & { PreapprovalID: number; Amount: string; Status: { ID: number } };
      };
      assert.equal(charge.Payment.PreapprovalID, 22276);
      assert.equal(charge.Payment.Amount, '100');
      assert.equal(charge.Payment.Status.ID, 2);
      for (const field of [
        'ID',
        'Created',
        'MerchantTransactionID',
        'Currency',
        'MethodID',
        'SiteID',
        'BillingAddress',
        'Status',
        'MethodTransactionID',
        'RedirectURL',
      ]) {
        assert.ok(field in charge.Payment, field);
      }
    });

    it('notifications lists an undeliverable notification with its attempts, and resend makes it due again', async () => {
      // the merchant's endpoint is down: a closed loopback port
      const deadPort = await freePort();
      await cli(dataDir, ['merchant', 'set-notify-url', 'demo', `http://127.0.0.1:${deadPort}/notify`]);
      const res = await fetch(`http://127.0.0.1:${port}/globalpay/v1/payments`, {
        method: 'POST',
        headers: {
          Authorization: 'Basic MzAyMDE6aEo1Um9iWXg5cjdGZk53Q3ZIWTlMWEhxcXIrRkV6cmM3YUp2UVFrNEdhejFtZzdSeXk=',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          Payment: {
            MerchantTransactionID: 'cli-notify-1',
            Amount: 1000,
            Currency: 'KRW',
            MethodID: 1135,
            ReturnURL: 'http://shop.example/r',
          },
        }),
      });
      const { Payment } = (await res.json()) as { Payment: { ID: number; RedirectURL: string } };
      await cli(dataDir, ['sandbox', 'cancel', Payment.RedirectURL]);
      type Row = { id: number; resourceId: number; status: string; attempts: number; lastError: string | null; nextAttemptAt: string };
      const list = async () =>
        (JSON.parse((await cli(dataDir, ['notifications', '--json'])).stdout) as Row[]).find((r) => r.resourceId === Payment.ID);
      // the gateway's dispatcher makes its first attempt as soon as the row is written
      let row = await list();
      for (let i = 0; i < 20 && (!row || row.attempts === 0); i++) row = await list();
      assert.ok(row && row.attempts >= 1, JSON.stringify(row));
      assert.equal('headers' in row, false, 'no credentials (Basic auth) in the printed notification');
      assert.equal(row.status, 'pending');
      assert.match(row.lastError ?? '', /ECONNREFUSED|connect/i);
      const shown = await cli(dataDir, ['notifications', 'show', String(row.id)]);
      assert.match(shown.stdout, /attempt 1 .*ECONNREFUSED|attempt 1 .*connect/i);
      const human = await cli(dataDir, ['notifications']);
      assert.match(human.stdout, /payment\.cancelled\s+pending/);
      // the payment, its timeline and the notification's failed attempt, through `payments`
      const listed = JSON.parse((await cli(dataDir, ['payments', '--status', 'cancelled', '--json'])).stdout) as { id: number }[];
      assert.ok(listed.some((p) => p.id === Payment.ID));
      const table = (await cli(dataDir, ['payments', '--merchant', '30201'])).stdout;
      assert.match(table, /^ID\s+CREATED \(UTC\)\s+MERCHANT\s+API\s+REFERENCE\s+AMOUNT\s+STATUS\s+REFUNDED$/m);
      assert.match(
        table,
        new RegExp(
          `^${Payment.ID}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+demo\\s+globalpay\\s+cli-notify-1\\s+1,000 KRW\\s+cancelled\\s+—$`,
          'm',
        ),
      );
      const payment = (await cli(dataDir, ['payments', 'show', String(Payment.ID)])).stdout;
      assert.match(payment, new RegExp(`^Payment ${Payment.ID}  cancelled$`, 'm'));
      assert.match(payment, /reference cli-notify-1/);
      assert.match(payment, /^Timeline\n.*create\s+ok\s+1,000 KRW/m);
      assert.match(payment, /cancel\s+failed\s+The customer cancelled in the wallet/);
      assert.match(payment, new RegExp(`#${row.id} payment\\.cancelled → http://127\\.0\\.0\\.1:${deadPort}/notify  pending`));
      assert.match(payment, /attempt 1 .*(ECONNREFUSED|connect)/);
      assert.doesNotMatch(payment, /Authorization|Basic /, 'no credentials');
      // on a terminal, the same table in colour
      const tty = await run('script', ['-qec', `${process.execPath} ${bin} payments --limit 1`, '/dev/null'], {
        env: { ...process.env, WALLETGATE_DATA_DIR: dataDir, NO_COLOR: '' },
      });
      assert.ok(tty.stdout.includes('\x1b[1mID\x1b[0m'), 'bold header');
      assert.ok(tty.stdout.includes('\x1b[31mcancelled\x1b[0m'), 'a cancelled payment in red');
      const resent = await cli(dataDir, ['notifications', 'resend', String(row.id)]);
      assert.match(resent.stdout, /is due again/);
      // the running gateway picks it up at once: one more attempt is recorded
      let again = await list();
      for (let i = 0; i < 20 && again!.attempts <= row.attempts; i++) again = await list();
      assert.ok(again!.attempts > row.attempts, 'resend led to another delivery attempt');
    });
  });
});
