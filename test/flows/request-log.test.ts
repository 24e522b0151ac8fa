/**
 * What the gateway's log says about requests: one line per answered request (not Fastify's pair),
 * with the request id the answer carries, the route's pattern instead of the URL (a customer page's
 * URL carries its token), the status and the time; probes and the in-process sandboxes' traffic —
 * the sweeper asks them every few seconds — at debug, the merchant's own requests at info; and the
 * API key that authenticated a request appears in no line.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { DEMO_GLOBALPAY_KEYS } from '../../src/dialects/globalpay/demo.js';
import { startGateway, type Gateway } from '../helpers/gateway-harness.js';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  route?: string | null;
  path?: string;
  status?: number;
  ms?: number;
}

const DEBUG = 20;
const INFO = 30;

describe('request log lines', () => {
  const lines: LogLine[] = [];
  let raw = '';
  let gw: Gateway;
  before(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        raw += chunk.toString();
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
        done();
      },
    });
    gw = await startGateway('sqlite', { log: createLogger('debug', { destination }) });
  });
  after(() => gw.close());

  const answered = (reqId: string) => lines.filter((l) => l.reqId === reqId && l.status !== undefined);

  it('logs a merchant request once, at info, with its request id, route pattern, status and time', async () => {
    const res = await gw.gp('POST', '/v1/payments', {
      Payment: {
        MerchantTransactionID: `log-${Date.now()}`,
        Amount: 1000,
        Currency: 'KRW',
        MethodID: 1135,
        ReturnURL: 'http://shop.example/r',
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const reqId = lines.find((l) => l.route === '/globalpay/v1/payments' && l.status === 201)?.reqId;
    assert.ok(reqId, 'a line for the create');
    const mine = answered(reqId);
    assert.equal(mine.length, 1, 'one line per request');
    assert.equal(mine[0]!.level, INFO);
    assert.equal(mine[0]!.msg, 'POST /globalpay/v1/payments 201');
    assert.equal(typeof mine[0]!.ms, 'number');
    assert.equal(lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed').length, 0, 'no Fastify request pair');

    // the customer's page: its URL's token is not in the line, the pattern is
    const link = new URL(res.json.Payment.RedirectURL as string);
    const page = await fetch(link);
    const pageLine = answered(page.headers.get('x-request-id')!)[0];
    assert.ok(pageLine);
    assert.match(String(pageLine.route), /:token/);
    assert.ok(!JSON.stringify(pageLine).includes(link.pathname.split('/').pop()!), 'the token is not logged');
  });

  it('logs probes and the sandboxes’ traffic at debug, and a request no route knows with its path', async () => {
    for (const path of ['/health', '/ready']) {
      const res = await fetch(`${gw.base}${path}`);
      const [line] = answered(res.headers.get('x-request-id')!);
      assert.equal(line?.level, DEBUG, path);
    }
    const sandbox = await fetch(`${gw.base}/sandbox/kakaopay`);
    assert.equal(answered(sandbox.headers.get('x-request-id')!)[0]?.level, DEBUG);

    const missing = await fetch(`${gw.base}/no/such/route?secret=1`);
    assert.equal(missing.status, 404);
    const [line] = answered(missing.headers.get('x-request-id')!);
    assert.equal(line?.level, INFO);
    assert.equal(line?.route, null);
    assert.equal(line?.path, '/no/such/route', 'the path without its query');
  });

  it('never writes the API key that authenticated the requests', () => {
    assert.ok(raw.length > 0);
    for (const key of DEMO_GLOBALPAY_KEYS) assert.ok(!raw.includes(key), 'the GlobalPay key is not in the log');
    assert.ok(!raw.includes(Buffer.from(`30201:${DEMO_GLOBALPAY_KEYS[0]}`).toString('base64')), 'nor the Basic header');
  });
});
