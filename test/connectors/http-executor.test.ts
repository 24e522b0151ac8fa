/**
 * The connectors' HTTP executor against a real HTTP server on loopback: every answer whose outcome
 * cannot be known is a ConnectorError 'unknown' (timeout, refused connection, 5xx, a 2xx that is not
 * a JSON object), other answers come back parsed, and its log lines never carry a header, key or body.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConnectorError } from '../../src/core/ports/connector.js';
import { createHttpExecutor, type HttpExecutorConfig } from '../../src/connectors/http-executor.js';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback-server.js';
import { freePort } from '../helpers/http-once.js';

const SECRET = 'SECRET_KEY_MUST_NEVER_BE_LOGGED_42';
const BODY_MARKER = 'body-value-must-never-be-logged';

let server: LoopbackServer;
let base: string;
const seen: { path: string; authorization: string | undefined; body: string }[] = [];
const hanging: ServerResponse[] = [];

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);
}

const ROUTES: Record<string, (res: ServerResponse) => void> = {
  '/ok': (res) => answer(res, 200, '{"tid":"T1"}'),
  '/refused-by-wallet': (res) => answer(res, 400, '{"error_code":-780,"error_message":"no"}'),
  '/boom': (res) => answer(res, 500, '{"error_code":-1,"error_message":"internal"}'),
  '/bad-gateway': (res) => answer(res, 502, '<html>bad gateway</html>'),
  '/garbage': (res) => answer(res, 200, '{"tid": '),
  '/array': (res) => answer(res, 200, '[1,2]'),
  '/hang': (res) => void hanging.push(res),
};

before(async () => {
  server = await serveOnLoopback((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      (ROUTES[req.url ?? ''] ?? ((r: ServerResponse) => answer(r, 404, '{}')))(res);
    });
  });
  base = server.base;
});
after(() => server.close());

const lines: unknown[] = [];
const log = { debug: (o: object, m?: string) => lines.push([o, m]), warn: (o: object, m?: string) => lines.push([o, m]) };

/** The transport under test: the default (node:http, kept-alive connections) or an injected fetch. */
let transport: { fetch?: typeof fetch } = {};

function executor(overrides: Partial<HttpExecutorConfig> = {}) {
  return createHttpExecutor({
    wallet: 'TestWallet',
    baseUrl: base,
    timeoutMs: 5_000,
    ...transport,
    headers: () => ({ authorization: `SECRET_KEY ${SECRET}` }),
    log,
    readError: (b) => {
      const o = b as { error_code?: number; error_message?: string } | undefined;
      return typeof o?.error_code === 'number'
        ? { message: `wallet error ${o.error_code}: ${o.error_message}`, providerCode: String(o.error_code) }
        : undefined;
    },
    ...overrides,
  });
}

async function unknownFrom(p: Promise<unknown>, message: RegExp): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ConnectorError, String(e));
    assert.equal(e.kind, 'unknown', e.message);
    assert.equal(e.outcome, 'unknown');
    assert.match(e.message, message);
    return e;
  }
  assert.fail('expected a ConnectorError');
}

for (const [name, chosen] of [
  ['node:http (the default)', {}],
  ['an injected fetch', { fetch }],
] as const)
  describe(`connectors HTTP executor over ${name}`, () => {
    before(() => {
      transport = chosen;
    });
    it('a 2xx JSON object comes back parsed; the headers and the JSON body reached the wallet', async () => {
      const ok = await executor().post('/ok', { item: BODY_MARKER });
      assert.deepEqual(
        [ok.status, ok.body, ok.rawBody, ok.headers.get('content-type')],
        [200, { tid: 'T1' }, '{"tid":"T1"}', 'application/json'],
      );
      const call = seen.find((s) => s.path === '/ok')!;
      assert.equal(call.authorization, `SECRET_KEY ${SECRET}`);
      assert.deepEqual(JSON.parse(call.body), { item: BODY_MARKER });
    });

    it("a 4xx comes back parsed for the connector to read in the wallet's vocabulary", async () => {
      const refused = await executor().post('/refused-by-wallet', {});
      assert.deepEqual([refused.status, refused.body], [400, { error_code: -780, error_message: 'no' }]);
    });

    it('hands the header builder the exact body it sends, for wallets that sign requests', async () => {
      const signed: string[] = [];
      await executor({ headers: ({ path, rawBody }) => (signed.push(`${path} ${rawBody}`), { 'x-signature': 'sig' }) }).post('/ok', {
        a: 1,
      });
      assert.deepEqual(signed, ['/ok {"a":1}']);
      assert.equal(seen.at(-1)!.body, '{"a":1}');
    });

    it('a timeout is unknown', async () => {
      await unknownFrom(executor({ timeoutMs: 200 }).post('/hang', { item: BODY_MARKER }), /TestWallet \/hang timed out after 200 ms/);
    });

    it('a refused connection is unknown', async () => {
      const port = await freePort(); // nothing listens there
      await unknownFrom(executor({ baseUrl: `http://127.0.0.1:${port}` }).post('/ok', {}), /TestWallet \/ok failed/);
    });

    it("a 5xx is unknown, keeping what the wallet said; one without the wallet's error names the status", async () => {
      const e = await unknownFrom(executor().post('/boom', {}), /wallet error -1: internal/);
      assert.equal(e.httpStatus, 500);
      assert.equal(e.providerCode, '-1');
      const g = await unknownFrom(executor().post('/bad-gateway', {}), /answered HTTP 502/);
      assert.equal(g.httpStatus, 502);
      assert.equal(g.providerCode, undefined);
    });

    it('a 2xx that is not a JSON object is unknown', async () => {
      await unknownFrom(executor().post('/garbage', {}), /HTTP 200 with an unparseable body/);
      await unknownFrom(executor().post('/array', {}), /HTTP 200 with an unparseable body/);
    });

    it('logs one line per call with wallet, path and status, and never the key, a header or a body', async () => {
      lines.length = 0;
      await executor().post('/ok', { item: BODY_MARKER, secretKey: SECRET });
      await executor()
        .post('/boom', { item: BODY_MARKER })
        .catch(() => undefined);
      assert.equal(lines.length, 2);
      const text = JSON.stringify(lines);
      assert.match(text, /"wallet":"TestWallet","path":"\/ok","status":200/);
      assert.match(text, /"path":"\/boom","status":500/);
      assert.doesNotMatch(text, new RegExp(SECRET));
      assert.doesNotMatch(text, new RegExp(BODY_MARKER));
      assert.doesNotMatch(text, /authorization/i);
    });
  });
