/**
 * The test harness itself: `https: true` serves the same app over HTTPS with the self-signed
 * certificate from the data folder; without it there is no HTTPS listener.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { startGateway } from '../helpers/gateway-harness.js';

function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('gateway harness', () => {
  it('https: true → the same app on https://127.0.0.1:PORT, verified against the self-signed certificate, closed by close()', async () => {
    const gw = await startGateway('sqlite', { https: true, workers: false });
    const httpsBase = gw.httpsBase;
    try {
      assert.match(httpsBase, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(new URL(httpsBase).port, new URL(gw.base).port);
      const cert = readFileSync(join(gw.services.config.dataDir, 'tls', 'cert.pem'), 'utf8');
      assert.ok(new X509Certificate(cert).checkIP('127.0.0.1'), 'the certificate names 127.0.0.1');
      const overHttps = await httpsGet(`${httpsBase}/health`, cert);
      assert.equal(overHttps.status, 200, overHttps.body);
      assert.deepEqual(JSON.parse(overHttps.body), { status: 'ok', database: 'sqlite' });
      const overHttp = await fetch(`${gw.base}/health`);
      assert.equal(overHttp.status, 200);
    } finally {
      await gw.close();
    }
    await assert.rejects(
      httpsGet(`${httpsBase}/health`, ''),
      (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED',
      'the HTTPS listener is closed',
    );
  });

  it('without the option there is no HTTPS listener', async () => {
    const gw = await startGateway('sqlite', { workers: false });
    try {
      assert.equal(gw.httpsBase, '');
      assert.equal((await fetch(`${gw.base}/health`)).status, 200);
    } finally {
      await gw.close();
    }
  });
});
