/**
 * What the gateway's log says about requests: one line per answered request (not Fastify's pair),
 * with the request id the answer carries, the route's pattern instead of the URL (a customer page's
 * URL carries its token), the status and the time; probes and the in-process sandboxes' traffic —
 * the sweeper asks them every few seconds — at debug, the merchant's own requests at info; and the
 * API key that authenticated a request appears in no line. And one request's id follows its work: a
 * payment created, and a refund asked for, with the merchant's own X-Request-Id — the wallet calls
 * they make carry it (the in-process sandbox logs it as its request's id), the connector's and core's
 * lines carry it, and so does the refund's notification (the merchant receives X-Walletgate-Request-Id,
 * and each delivery attempt's line names it); a sweeper pass's lines carry an id of its own.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';
import { DEMO_GLOBALPAY_KEYS } from '../../src/dialects/globalpay/demo.js';
import { DEMO_AUTH, startGateway, type Gateway } from '../helpers/gateway-harness.js';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  wallet?: string;
  notificationId?: number;
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
  const waiters = new Set<() => void>();
  /** Resolves with the first line, written already or later, that matches. */
  const lineWhere = (pred: (l: LogLine) => boolean) =>
    new Promise<LogLine>((resolve) => {
      const look = () => {
        const found = lines.find(pred);
        if (!found) return;
        waiters.delete(look);
        resolve(found);
      };
      waiters.add(look);
      look();
    });
  before(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        raw += chunk.toString();
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
        for (const waiter of [...waiters]) waiter();
        done();
      },
    });
    gw = await startGateway('sqlite', { log: createLogger('debug', { destination }) });
  });
  after(() => gw.close());

  // the request's own line (it names a route): the connector's line and the in-process sandbox's line
  // for a wallet call it made carry the same id
  const answered = (reqId: string) =>
    lines.filter((l) => l.reqId === reqId && l.route !== undefined && !String(l.route).startsWith('/sandbox/kakaopay/'));

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

    // a mistyped customer link: the token-like segment is not logged
    const token = 'AbCdEfGhIjKlMnOpQrStUvWx';
    const mistyped = await fetch(`${gw.base}/pay/${token}/nowhere`);
    assert.equal(mistyped.status, 404);
    assert.equal(answered(mistyped.headers.get('x-request-id')!)[0]?.path, '/pay/…/nowhere');
    assert.ok(!raw.includes(token), 'the token is in no line');
  });

  it('never writes the API key that authenticated the requests', () => {
    assert.ok(raw.length > 0);
    for (const key of DEMO_GLOBALPAY_KEYS) assert.ok(!raw.includes(key), 'the GlobalPay key is not in the log');
    assert.ok(!raw.includes(Buffer.from(`30201:${DEMO_GLOBALPAY_KEYS[0]}`).toString('base64')), 'nor the Basic header');
  });

  it("carries the merchant's X-Request-Id into the wallet calls, the connector's lines and the notification", async () => {
    const stamp = Date.now();
    const send = async (path: string, body: unknown, requestId: string) => {
      const res = await fetch(`${gw.base}/globalpay${path}`, {
        method: 'POST',
        headers: { authorization: DEMO_AUTH, 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify(body),
      });
      assert.equal(res.headers.get('x-request-id'), requestId, 'the answer echoes the id it was given');
      return { status: res.status, json: (await res.json()) as Record<string, any> };
    };
    const createId = `shop-create-${stamp}`;
    const ref = `reqid-${stamp}`;
    const created = await send(
      '/v1/payments',
      { Payment: { MerchantTransactionID: ref, Amount: 1000, Currency: 'KRW', MethodID: 1135, ReturnURL: 'http://shop.example/r' } },
      createId,
    );
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const ofCreate = lines.filter((l) => l.reqId === createId);
    assert.ok(
      ofCreate.some((l) => l.route?.startsWith('/sandbox/kakaopay/') && l.status === 200),
      'the wallet call arrived at the sandbox with the id',
    );
    assert.ok(
      ofCreate.some((l) => l.wallet === 'KakaoPay' && l.msg === 'KakaoPay call answered'),
      "the connector's line carries it",
    );
    await gw.customer(created.json.Payment.RedirectURL as string, 'approve');
    const paid = await gw.receiver.waitFor((n) => n.body.includes(ref));
    const paidBy = String(paid.headers['x-walletgate-request-id']);
    assert.match(
      paidBy,
      /^(req|sweep)_[0-9a-f]{20}$/,
      "the approval's notification names the request (or sweep) that settled it, not the create",
    );

    const refundId = `shop-refund-${stamp}`;
    const refund = await send(
      `/v1/payments/${created.json.Payment.ID}/refunds`,
      { Refund: { MerchantTransactionID: `${ref}-r`, Amount: 400 } },
      refundId,
    );
    assert.ok(refund.status < 300, JSON.stringify(refund.json));
    const notified = await gw.receiver.waitFor((n) => n.headers['x-walletgate-request-id'] === refundId);
    // GlobalPay tells of a refund with the payment's notification, now partially refunded
    assert.ok(notified.body.includes(ref) && notified.body.includes('PartiallyRefunded'), notified.body);
    const ofRefund = lines.filter((l) => l.reqId === refundId);
    assert.ok(
      ofRefund.some((l) => l.route?.startsWith('/sandbox/kakaopay/')),
      "the refund's wallet call carried it",
    );
    // the attempt's line is written just after the merchant answered
    const attempt = await lineWhere((l) => l.reqId === refundId && l.msg === 'notification delivered');
    assert.equal(typeof attempt.notificationId, 'number', 'the delivery attempt is logged with the id');
  });

  it('gives a sweeper pass an id of its own, which its wallet calls carry', async () => {
    // the first test's payment was never approved: the sweeper (every 200 ms here) asks the wallet about it
    const line = await lineWhere((l) => String(l.route).startsWith('/sandbox/kakaopay/') && /^sweep_/.test(l.reqId ?? ''));
    assert.match(line.reqId!, /^sweep_[0-9a-f]{20}$/);
  });

  it('gives a caller a fresh id when its X-Request-Id is not sound', async () => {
    for (const given of ['', 'x'.repeat(129), 'has space', 'quote"d']) {
      const res = await fetch(`${gw.base}/health`, { headers: { 'x-request-id': given } });
      assert.match(res.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{20}$/, JSON.stringify(given));
    }
  });
});
